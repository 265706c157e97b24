"""Hostile input never yields a 5xx or a traceback: every reply is a documented 4xx in the API's shape."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.spec.pointer import get
from reference_server.app import MAX_BODY
from tests.server.server_client import ApiClient


def _post_raw(api: ApiClient, content: bytes, content_type: str, operation: str = "") -> Any:
    return api.call(
        operation or api.op("create"), content=content, headers={"Content-Type": content_type} | api.idem_headers()
    )


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b"[1, 2",
        b"\xff\xfe\x00garbage",
        b"NaN",
        b'{"a": Infinity}',
        b"1e999",
        b"9" * 5000,
        b"[" * 5000 + b"]" * 5000,
        b"null",
    ],
    ids=["truncated", "array", "not-utf8", "nan", "infinity", "huge-float", "huge-int", "deep", "null"],
)
def test_malformed_bodies_are_validation_errors(api: ApiClient, content: bytes) -> None:
    response = _post_raw(api, content, api.media(api.op("create")) or "application/json")
    assert response.status_code == api.x.errors.validation.status


def test_wrong_content_type(api: ApiClient) -> None:
    operation = api.spec.operations[api.op("create")]
    expected = 415 if "415" in operation.definition["responses"] else api.x.errors.validation.status
    response = _post_raw(api, b"customer=cus_1", "text/plain")
    assert response.status_code == expected


def test_oversized_bodies_are_413(api: ApiClient) -> None:
    too_large = api.x.errors.too_large
    response = _post_raw(api, b'{"pad": "' + b"x" * MAX_BODY + b'"}', api.media(api.op("create")) or "application/json")
    assert response.status_code == (too_large.status if too_large else 413)


def test_unknown_fields_and_absurd_numbers(api: ApiClient) -> None:
    for extra in ({"definitely_unknown_field": "x"}, {api.x.money.currency_field: 10**40}, {"__proto__": {"a": 1}}):
        body = api.create_body() | extra
        response = api.call(api.op("create"), body, headers=api.idem_headers())
        assert response.status_code < 500
    if "add-line" in api.x.resource.operations:
        record = api.create()
        for value in (-1, 10**30, 1.5, "12", True, None):
            body = api.example(api.x.resource.add_line_example)
            body[api.x.resource.lines.invoice_field or "invoice"] = api.id_of(record)
            body[api.x.resource.lines.quantity] = value
            assert api.call(api.op("add-line"), body).status_code < 500


@pytest.mark.parametrize(
    "invoice_id", ["in_\u00e9\u00e8", "x" * 5000, "..%2F..%2Fetc", "in_\U0001f600", "%00", "in_ " * 3], ids=str.__len__
)
def test_odd_ids_are_4xx(api: ApiClient, invoice_id: str) -> None:
    response = api.retrieve(invoice_id)
    assert 400 <= response.status_code < 500


def test_unicode_round_trips(api: ApiClient) -> None:
    text = "Ünïcødé \u2603 \U0001f4b8 \u202e 日本 \u0000"
    lines = api.x.resource.lines
    if lines.request_pointer:
        body = api.create_body()
        get(body, lines.request_pointer)[0]["description"] = text
        record = api.create(body)
    else:
        record = api.create()
        line = api.example(api.x.resource.add_line_example)
        line |= {lines.invoice_field or "invoice": api.id_of(record), "description": text}
        assert api.call(api.op("add-line"), line).is_success
    assert text in [line.get("description") for line in get(api.get(record), lines.pointer)]


@pytest.mark.parametrize(
    "query", [{"limit": "abc"}, {"limit": "1e3"}, {"limit": ""}, {"limit": "99999999999999999999999"}]
)
def test_bad_query_values_are_validation_errors(api: ApiClient, query: dict[str, str]) -> None:
    assert api.list_page(**query).status_code == api.x.errors.validation.status


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=st.dictionaries(st.text(max_size=12), json_values, max_size=4))
def test_fuzzed_create_bodies_get_documented_answers(api: ApiClient, mutation: dict[str, Any]) -> None:
    body = api.create_body() | mutation
    api.call(api.op("create"), body, headers=api.idem_headers())
