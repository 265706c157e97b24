"""Hostile input never yields a 5xx or a traceback: every reply is a documented 4xx in the API's shape."""

from __future__ import annotations

import logging
import socket
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.spec import Spec
from conformance.spec.extensions import ErrorMatch
from conformance.spec.pointer import get
from reference_server.app import MAX_BODY
from tests.server.server_client import ApiClient, auth_headers


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
    "invoice_id",
    ["in_\u00e9\u00e8", "x" * 5000, "..%2F..%2Fetc", "in_\U0001f600", "%00", "in_ " * 3, "in_\n", "\n"],
    ids=repr,
)
def test_odd_ids_are_4xx(api: ApiClient, invoice_id: str) -> None:
    # `ApiClient.call` also checks the answer is in the API's error shape (a newline once fell outside the mount).
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


def test_derived_amounts_past_their_maximum_are_refused(api: ApiClient) -> None:
    """Each factor valid, the product past a bounded amount's maximum: a 400, never an invoice that breaks
    its schema; where the spec bounds no derived amount the product is kept."""
    lines = api.x.resource.lines
    big = {lines.request_quantity or lines.quantity: 10**6, lines.request_unit_amount or lines.unit_amount: 10**7}
    if "add-line" in api.x.resource.operations:
        body = api.example(api.x.resource.add_line_example) | big
        body[lines.invoice_field or "invoice"] = api.id_of(api.create())
        response = api.call(api.op("add-line"), body)
    elif lines.request_pointer and api.x.money.line_invariants:
        body = api.create_body()
        get(body, lines.request_pointer)[0].update(big)
        response = api.call(api.op("create"), body, headers=api.idem_headers())
    else:
        pytest.skip("no derived line amount")
    # `call` validated the answer against the spec: refused, or kept within the declared bounds
    assert response.status_code in (api.x.errors.validation.status, 200, 201)


def test_an_edit_naming_an_unknown_line_is_a_missing_reference(
    specs: dict[str, Spec], http: httpx.Client, root: str
) -> None:
    # The invoice in the URL exists (a 404 would say it does not); the line the body names does not.
    api = ApiClient(specs["flowglad"], http, root)
    record = api.create()
    line = {"id": "inv_li_" + "A" * 21, "quantity": 1, "price": 100}
    response = api.call(api.op("update"), {"invoice": {}, "invoiceLineItems": [line]}, path=api.path(record))
    errors = api.x.errors
    api.assert_error(response, ErrorMatch(errors.validation.status, errors.not_found.body))


def test_undeclared_methods_are_405_on_literal_paths_too(api: ApiClient) -> None:
    """`POST /invoices/search` is the search path's 405, not an update of an invoice named "search"."""
    for route, item in api.spec.document["paths"].items():
        declared = {method.upper() for method in item if method in HTTP_METHODS_LOWER}
        method = next(m for m in ("POST", "GET", "PUT", "DELETE") if m not in declared)
        response = api.http.request(method, api.base + route.replace("{", "x").replace("}", ""))
        assert response.status_code == 405, (method, route, response.text)
        assert set(response.headers["allow"].split(", ")) >= declared


@pytest.mark.parametrize("size", [100_000, 2_000_000])
def test_request_targets_past_64_kib_reach_the_app(api: ApiClient, size: int) -> None:
    """httptools refuses them with a plain-text 400; the server hands them to h11, the app answers in JSON.
    2 MB: a default run's coverage phase sent a 1.09 MB Stripe `expand` query."""
    target = _path(api, api.url(api.op("list"))) + "?pad=" + "0" * size
    with socket.create_connection(_address(api)) as sock:
        sock.sendall(_request(target, auth_headers(api.spec, api.key)))
        status, headers = _head(sock)
    assert status < 500 and headers["content-type"].startswith("application/json")


def test_what_is_not_http_gets_uvicorns_400_and_no_log_line(api: ApiClient) -> None:
    """A NUL byte in a header value (schemathesis probes for it): refused before any app runs, silently."""
    seen: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = seen.append  # type: ignore[method-assign]
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(handler)
    try:
        with socket.create_connection(_address(api)) as sock:
            sock.sendall(_request(_path(api, api.url(api.op("list"))), {"X-Probe": "\x00"}))
            status, _ = _head(sock)
    finally:
        logger.removeHandler(handler)
    assert status == 400
    assert not [record for record in seen if record.levelno >= logging.WARNING]


HTTP_METHODS_LOWER = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _address(api: ApiClient) -> tuple[str, int]:
    url = httpx.URL(api.root)
    return url.host, url.port or 80


def _path(api: ApiClient, url: str) -> str:
    return url.removeprefix(api.root)


def _request(target: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {target} HTTP/1.1", "Host: localhost", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _head(sock: socket.socket) -> tuple[int, dict[str, str]]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    status_line, *header_lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers
