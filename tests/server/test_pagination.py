"""Lists: stable order, limit bounds, and no gaps or duplicates while invoices are being created."""

from __future__ import annotations

import base64

import pytest

from conformance.spec.extensions import ErrorMatch
from conformance.spec.pointer import get
from conformance.spec.validate import SchemaValidator
from tests.server.server_client import ApiClient

PAGE = 4


def _walk(api: ApiClient, during: int = 0) -> list[str]:
    """All ids, page by page; creates `during` invoices after every page."""
    pag = api.x.pagination
    seen: list[str] = []
    query: dict[str, object] = {pag.limit.parameter: PAGE}
    while True:
        response = api.list_page(**query)
        assert response.status_code == 200, response.text
        body = response.json()
        items = get(body, pag.items)
        seen += [api.id_of(item) for item in items]
        for _ in range(during):
            api.create()
        more = get(body, pag.has_more) if pag.has_more else len(items) == PAGE
        if not more:
            return seen
        if pag.style == "offset":
            query[pag.offset_parameter or "offset"] = len(seen)
        elif pag.cursor_from == "envelope":
            query[pag.cursor_parameter or "cursor"] = get(body, pag.next_cursor or "")
        else:
            query[pag.cursor_parameter or "starting_after"] = seen[-1]


def test_walking_pages_sees_every_invoice_once_in_order(api: ApiClient) -> None:
    created = [api.id_of(api.create()) for _ in range(PAGE * 2 + 1)]
    seen = _walk(api)
    assert sorted(seen) == sorted(created) and len(seen) == len(set(seen))
    expected = list(reversed(created)) if api.x.pagination.order_descending else created
    assert seen == expected


def test_concurrent_creates_cause_no_gaps_or_duplicates(api: ApiClient) -> None:
    pag = api.x.pagination
    if pag.style == "offset" and pag.order_descending:
        pytest.skip("offset pages over a newest-first list shift when invoices are created (a property of the spec)")
    created = [api.id_of(api.create()) for _ in range(PAGE * 2 + 1)]
    seen = _walk(api, during=2)
    assert len(seen) == len(set(seen))
    assert set(created) <= set(seen)


def test_total_and_envelope(api: ApiClient) -> None:
    pag = api.x.pagination
    for _ in range(3):
        api.create()
    body = api.list_page(**{pag.limit.parameter: 2}).json()
    assert len(get(body, pag.items)) == 2
    if pag.has_more:
        assert get(body, pag.has_more) is True
    if pag.total:
        assert get(body, pag.total) == 3


@pytest.mark.parametrize("offset", [-1, 1], ids=["below", "above"])
def test_limit_bounds_are_enforced(api: ApiClient, offset: int) -> None:
    limit = api.x.pagination.limit
    value = limit.minimum - 1 if offset < 0 else limit.maximum + 1
    response = api.list_page(**{limit.parameter: value})
    assert response.status_code == api.x.errors.validation.status


def test_unknown_cursor_is_invalid(api: ApiClient) -> None:
    pag = api.x.pagination
    if pag.style != "cursor":
        pytest.skip("offset pagination has no cursor")
    other = api.other()
    foreign = other.id_of(other.create())
    # Sent as is and base64-encoded: one is the API's cursor format, the other malformed; both are refused.
    for value in (foreign, base64.b64encode(foreign.encode()).decode()):
        response = api.list_page(**{pag.cursor_parameter or "cursor": value})
        assert response.status_code == api.x.errors.validation.status
        if value == foreign and _is_cursor(api, value):
            # A well-formed cursor naming no invoice of this tenant is a missing resource the request refers
            # to: a 400 that says so with the not-found body values (Stripe's `resource_missing`).
            api.assert_error(response, _missing_reference(api))


def _is_cursor(api: ApiClient, value: str) -> bool:
    """Whether `value` is valid for the cursor parameter's schema (a plain id where ids are the cursors)."""
    for raw in api.spec.operations[api.op("list")].definition.get("parameters") or []:
        param = api.spec.deref(raw)
        if param.get("name") == api.x.pagination.cursor_parameter:
            return SchemaValidator(api.spec.document).first_error(value, _schema_pointer(api, raw)) is None
    return False


def _schema_pointer(api: ApiClient, raw: dict[str, object]) -> str:
    ref = raw.get("$ref")
    assert isinstance(ref, str), "list parameters are $refs in every bundled spec"
    return ref[1:] + "/schema"


def _missing_reference(api: ApiClient) -> ErrorMatch:
    errors = api.x.errors
    return ErrorMatch(errors.validation.status, {**errors.validation.body, **errors.not_found.body})


def test_unknown_line_cursor_is_a_missing_reference(api: ApiClient) -> None:
    """Stripe's `GET /invoices/{id}/lines`: an unknown cursor is not a missing invoice (that would be the 404)."""
    operation = next((op for op in api.spec.operations.values() if op.path.endswith("/lines")), None)
    if operation is None:
        pytest.skip("no lines list")
    record = api.funded()
    response = api.call(
        operation.operation_id, path=api.path(record), query={api.x.pagination.cursor_parameter: "il_unknown0"}
    )
    api.assert_error(response, _missing_reference(api))


@pytest.mark.parametrize("value", [10**22, 10**40], ids=["past-64-bits", "huge"])
def test_huge_integers_in_the_query_are_integers(api: ApiClient, value: int) -> None:
    """Judged by the schema, never "not an integer": past a documented bound a 400, else an answer (and no
    5xx from a value SQLite cannot bind)."""
    pag = api.x.pagination
    names = {api.spec.deref(p).get("name") for p in api.spec.operations[api.op("list")].definition["parameters"]}
    if pag.offset_parameter:
        query = {pag.offset_parameter: value}
    elif "created" in names:
        query = {"created[gte]": value}
    else:
        pytest.skip("no integer list parameter without a small bound")
    response = api.list_page(**query)
    if response.status_code == 200:
        assert get(response.json(), pag.items) == []
    else:
        assert response.status_code == api.x.errors.validation.status
        assert "not of type" not in response.text


def test_query_parameters_named_after_fields_filter_the_list(api: ApiClient) -> None:
    life, pag = api.x.lifecycle, api.x.pagination
    names = {
        api.spec.deref(p).get("name") for p in api.spec.operations[api.op("list")].definition.get("parameters", [])
    }
    if life.status_field not in names:
        pytest.skip("the list takes no status filter")
    draft = api.funded()
    moved = api.in_state(life.transitions[0].target or life.initial)
    body = api.list_page(**{life.status_field: life.initial}).json()
    ids = {api.id_of(item) for item in get(body, pag.items)}
    assert api.id_of(draft) in ids and api.id_of(moved) not in ids
