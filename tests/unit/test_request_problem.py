"""The request checks read parameters as the server does: wire text typed by the schema, `anyOf` included.

Found by a thorough run: Stripe's `due_date` is `anyOf [UnixTime, RangeQuery]`, so the old typing (top-level
`type` only) left `due_date=0` a string, and `invalid_request_rejected` blamed the target for accepting it.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis

from conformance.engine.schema_checks import request_problem
from conformance.spec import load_spec


@pytest.fixture(scope="module")
def list_invoices() -> Any:
    schema: Any = schemathesis.openapi.from_dict(load_spec("stripe").document)
    return schema["/invoices"]["GET"]


@pytest.mark.parametrize(
    "query",
    [
        {"due_date": 0},
        {"due_date": "1715166000"},
        {"due_date": {"gt": 5, "lte": "10"}},
        {"expand": "customer"},
        {"expand": ["customer", "lines"]},
        {"limit": "100"},
    ],
)
def test_valid_parameters_are_valid(list_invoices: Any, query: dict[str, Any]) -> None:
    assert request_problem(list_invoices.Case(query=query)) is None


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"due_date": -1}, "due_date"),
        ({"due_date": "soon"}, "due_date"),
        ({"due_date": {"after": 5}}, "due_date"),
        ({"due_date": {"gt": "x"}}, "due_date"),
        ({"limit": 0}, "limit"),
    ],
)
def test_invalid_parameters_are_named(list_invoices: Any, query: dict[str, Any], named: str) -> None:
    problem = request_problem(list_invoices.Case(query=query))
    assert problem is not None and f"query parameter {named}" in problem


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/invoices?expand=", None),  # what `expand: [{}]` becomes on the wire: an empty string, valid
        ("/invoices?due_date=0&expand[]=customer&expand[]=lines", None),
        ("/invoices?due_date[gt]=5", None),
        ("/invoices?due_date[after]=5", "due_date"),
        ("/invoices?limit=0", "limit"),
    ],
)
def test_the_query_is_judged_as_it_went_over_the_wire(list_invoices: Any, url: str, named: str | None) -> None:
    # Found by a default run: the case held `expand: [{}]`, the wire carried `expand=`, the target rightly
    # accepted it, and the check judged the case's object instead of what was sent.
    from types import SimpleNamespace

    from conformance.engine.schema_checks import _parameter_problem, _wire_query

    case = list_invoices.Case(query={"expand": [{}]})
    problem = _parameter_problem(case, _wire_query(SimpleNamespace(url="http://127.0.0.1/v1" + url)))
    assert (problem is None) if named is None else (problem is not None and f"query parameter {named}" in problem)
