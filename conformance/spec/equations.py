"""The money equations of `x-money`: `field = expr` over integers, field names, + - *, ( ) and sum(expr).

The same parsed equations serve both sides: the reference server *derives* fields with them (in the
order written) and the money check *verifies* them on what a target returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

from conformance.errors import SpecError

from .pointer import get_path, set_path

_TOKEN = re.compile(r"\s*(?:(\d+)|(sum)\s*\(|([A-Za-z_][A-Za-z0-9_.]*)|(.))")

# An expression compiles to a function of (record, lines) -> int | None; None = a value was missing.
Expr: TypeAlias = Callable[[Any, Sequence[Any]], "int | None"]


@dataclass(frozen=True)
class Equation:
    text: str
    target: str
    expr: Expr

    def evaluate(self, record: Any, lines: Sequence[Any] = ()) -> int | None:
        return self.expr(record, lines)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str]] = []
        for number, sum_kw, name, other in _TOKEN.findall(text):
            if number:
                self.tokens.append(("num", number))
            elif sum_kw:
                self.tokens.append(("sum", "sum("))
            elif name:
                self.tokens.append(("name", name))
            elif other.strip():
                self.tokens.append(("op", other))
        self.pos = 0

    def fail(self, why: str) -> SpecError:
        return SpecError(f"money equation {self.text!r}: {why}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise self.fail("unexpected end")
        self.pos += 1
        return token

    def expression(self) -> Expr:
        left = self.term()
        while (token := self.peek()) and token[1] in "+-":
            self.take()
            right = self.term()
            left = _binary(left, right, token[1])
        return left

    def term(self) -> Expr:
        left = self.factor()
        while (token := self.peek()) and token[1] == "*":
            self.take()
            left = _binary(left, self.factor(), "*")
        return left

    def factor(self) -> Expr:
        kind, value = self.take()
        if kind == "num":
            number = int(value)
            return lambda record, lines: number
        if kind == "name":
            return lambda record, lines: _integer(get_path(record, value))
        if kind == "sum":
            inner = self.expression()
            self.expect(")")
            return lambda record, lines: _sum(inner, lines)
        if value == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        raise self.fail(f"unexpected {value!r}")

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise self.fail(f"expected {op!r}")


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _binary(left: Expr, right: Expr, op: str) -> Expr:
    def apply(record: Any, lines: Sequence[Any]) -> int | None:
        a, b = left(record, lines), right(record, lines)
        if a is None or b is None:
            return None
        return a + b if op == "+" else a - b if op == "-" else a * b

    return apply


def _sum(inner: Expr, lines: Sequence[Any]) -> int | None:
    total = 0
    for line in lines:
        value = inner(line, ())
        if value is None:
            return None
        total += value
    return total


@cache
def parse(text: str) -> Equation:
    target, sep, rhs = text.partition("=")
    if not sep or not target.strip():
        raise SpecError(f"money equation {text!r}: expected 'field = expression'")
    parser = _Parser(rhs)
    expr = parser.expression()
    if parser.peek() is not None:
        raise parser.fail(f"unexpected {parser.peek()[1]!r}")  # type: ignore[index]
    return Equation(text, target.strip(), expr)


def derive(record: Any, lines: Sequence[Any], equations: Sequence[str], line_equations: Sequence[str] = ()) -> None:
    """Set every equation's target in place, lines first, in the order written."""
    for line in lines:
        for text in line_equations:
            eq = parse(text)
            value = eq.evaluate(line)
            if value is not None:
                set_path(line, eq.target, value)
    for text in equations:
        eq = parse(text)
        value = eq.evaluate(record, lines)
        if value is not None:
            set_path(record, eq.target, value)


def violations(record: Any, lines: Sequence[Any], equations: Sequence[str]) -> list[str]:
    """Human-readable reasons why `record` breaks any of `equations` (empty = all hold)."""
    found = []
    for text in equations:
        eq = parse(text)
        expected = eq.evaluate(record, lines)
        actual = get_path(record, eq.target)
        if expected is not None and actual != expected:
            found.append(f"{eq.text}: expected {eq.target} = {expected}, got {actual!r}")
    return found
