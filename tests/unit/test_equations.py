from __future__ import annotations

import pytest

from conformance.errors import SpecError
from conformance.spec import equations


@pytest.mark.parametrize(
    ("text", "record", "expected"),
    [
        ("x = a + b * 2", {"a": 1, "b": 3}, 7),
        ("x = (a + b) * 2", {"a": 1, "b": 3}, 8),
        ("x = a - b - c", {"a": 10, "b": 3, "c": 2}, 5),
        ("x = sum(quantity * price.unit_amount)", {}, 13),
        ("x = sum(amount) + fee", {"fee": 7}, 7),
        ("x = a", {"a": True}, None),
        ("x = missing + 1", {}, None),
    ],
)
def test_evaluate(text: str, record: dict[str, object], expected: int | None) -> None:
    lines = [{"quantity": 2, "price": {"unit_amount": 5}}, {"quantity": 3, "price": {"unit_amount": 1}}]
    if "sum(amount)" in text:
        lines = []
    assert equations.parse(text).evaluate(record, lines) == expected


def test_derive_sets_lines_then_totals_in_order() -> None:
    record = {"amount_paid": 30}
    lines = [{"quantity": 2, "unit_amount": 50}, {"quantity": 1, "unit_amount": 5}]
    equations.derive(
        record,
        lines,
        ["amount_due = sum(amount)", "amount_remaining = amount_due - amount_paid"],
        ["amount = quantity * unit_amount"],
    )
    assert [line["amount"] for line in lines] == [100, 5]
    assert record == {"amount_paid": 30, "amount_due": 105, "amount_remaining": 75}


def test_violations_name_the_equation_and_values() -> None:
    found = equations.violations({"a": 1, "b": 2}, [], ["a = b + 1", "b = 2"])
    assert found == ["a = b + 1: expected a = 3, got 1"]


@pytest.mark.parametrize("text", ["no equals sign", "x = ", "x = (a + b", "x = a +", "x = a ) b", " = a"])
def test_malformed_equations_are_spec_errors(text: str) -> None:
    with pytest.raises(SpecError, match="money equation"):
        equations.parse(text)
