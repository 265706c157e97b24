"""Stripe's search query language, as far as invoices need it (`GET /v1/invoices/search`).

    status:'open' AND metadata['order_id']:'6735'      total>=1000 OR -currency:'usd'      number~'0042'

Up to 10 clauses joined by AND or by OR (not both). A clause is `field:value` (exact, case-insensitive;
a bare `null` matches an unset field), `field~value` (substring), or `field>n`, `<`, `>=`, `<=` on
numbers; a leading `-` negates it. The spec's `query` pattern states the same grammar, so every query the
spec admits is understood here; this parser is a little more lenient (double quotes in metadata keys, any
whitespace around AND/OR). Unknown fields match nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from conformance.types import JsonObject

from ..domain.errors import Invalid

MAX_CLAUSES = 10
_CLAUSE = re.compile(
    r"""(?P<negated>-)?(?P<field>[a-z_]+)(?:\[(?:'(?P<key1>[^']*)'|"(?P<key2>[^"]*)")\])?"""
    r"""(?P<op>:|~|>=|<=|>|<)(?:'(?P<single>[^']*)'|"(?P<double>[^"]*)"|(?P<bare>[^\s'"]+))"""
)
_JOIN = re.compile(r"\s+(AND|OR)\s+")
_NUMBER = re.compile(r"^-?[0-9]{1,15}$")


@dataclass(frozen=True)
class Clause:
    negated: bool
    field: str
    key: str | None
    op: str
    value: str
    quoted: bool


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]
    any_of: bool  # joined by OR (else AND)

    def matches(self, document: JsonObject) -> bool:
        results = (_holds(document, clause) for clause in self.clauses)
        return any(results) if self.any_of else all(results)


def parse(text: str) -> Query:
    text, clauses, joins, pos = text.strip(), [], set(), 0
    while True:
        match = _CLAUSE.match(text, pos)
        if match is None:
            raise _invalid(f"expected a clause like status:'open' at {text[pos : pos + 40]!r}")
        clauses.append(_clause(match))
        pos = match.end()
        if pos == len(text):
            break
        join = _JOIN.match(text, pos)
        if join is None:
            raise _invalid(f"expected AND or OR at {text[pos : pos + 40]!r}")
        joins.add(join.group(1))
        pos = join.end()
    if len(joins) > 1:
        raise _invalid("a query cannot mix AND and OR")
    if len(clauses) > MAX_CLAUSES:
        raise _invalid(f"a query has at most {MAX_CLAUSES} clauses")
    return Query(tuple(clauses), joins == {"OR"})


def _clause(match: re.Match[str]) -> Clause:
    group = match.group
    key = group("key1") if group("key1") is not None else group("key2")
    quoted = group("bare") is None
    value = next(v for v in (group("single"), group("double"), group("bare")) if v is not None)
    op = group("op")
    if op not in (":", "~") and not (not quoted and _NUMBER.match(value)):
        raise _invalid(f"{op} compares numbers, not {value[:40]!r}")
    return Clause(group("negated") is not None, group("field"), key, op, value, quoted)


def _holds(document: JsonObject, clause: Clause) -> bool:
    actual: Any = document.get(clause.field)
    if clause.key is not None:
        actual = actual.get(clause.key) if isinstance(actual, dict) else None
    return _compare(actual, clause) != clause.negated


def _compare(actual: Any, clause: Clause) -> bool:
    if clause.op == ":" and clause.value == "null" and not clause.quoted:
        return actual is None
    if actual is None or isinstance(actual, dict | list):
        return False
    shown = str(actual).lower()
    if clause.op == ":":
        return shown == clause.value.lower()
    if clause.op == "~":
        return clause.value.lower() in shown
    if not isinstance(actual, int | float) or isinstance(actual, bool):
        return False
    bound = int(clause.value)
    return {">": actual > bound, "<": actual < bound, ">=": actual >= bound, "<=": actual <= bound}[clause.op]


def _invalid(message: str) -> Invalid:
    return Invalid(f"invalid search query: {message}", param="query")
