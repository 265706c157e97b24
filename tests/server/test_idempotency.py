"""Idempotency keys: byte-for-byte replay, mismatch refused, concurrent duplicates create one invoice."""

from __future__ import annotations

import asyncio
import secrets

import httpx
import pytest

from conformance.spec.pointer import get
from tests.server.server_client import ApiClient, auth_headers, form_pairs


@pytest.fixture
def keyed(api: ApiClient) -> ApiClient:
    if api.x.idempotency is None:
        pytest.skip("the API declares no idempotency")
    return api


def _count(api: ApiClient) -> int:
    page = api.list_page(limit=api.x.pagination.limit.maximum).json()
    return len(get(page, api.x.pagination.items))


def test_replay_returns_the_first_response_and_creates_nothing(keyed: ApiClient) -> None:
    header = {keyed.x.idempotency.header: secrets.token_hex(8)}  # type: ignore[union-attr]
    first = keyed.call(keyed.op("create"), keyed.create_body(), headers=header)
    second = keyed.call(keyed.op("create"), keyed.create_body(), headers=header)
    assert first.is_success
    assert (second.status_code, second.content) == (first.status_code, first.content)
    assert _count(keyed) == 1


def test_same_key_with_another_request_is_a_mismatch(keyed: ApiClient) -> None:
    idem = keyed.x.idempotency
    assert idem is not None
    header = {idem.header: secrets.token_hex(8)}
    assert keyed.call(keyed.op("create"), keyed.create_body(), headers=header).is_success
    changed = keyed.create_body()
    changed[keyed.x.money.currency_field] = "eur" if changed.get(keyed.x.money.currency_field) != "eur" else "usd"
    response = keyed.call(keyed.op("create"), changed, headers=header)
    assert response.status_code == idem.mismatch.status
    for pointer, value in idem.mismatch.body.items():
        assert get(response.json(), pointer) == value
    assert _count(keyed) == 1


def test_keys_are_per_tenant(keyed: ApiClient) -> None:
    header = {keyed.x.idempotency.header: secrets.token_hex(8)}  # type: ignore[union-attr]
    first = keyed.call(keyed.op("create"), keyed.create_body(), headers=header)
    other = keyed.other()
    second = other.call(other.op("create"), other.create_body(), headers=header)
    assert second.is_success and second.content != first.content


def test_over_long_keys_are_invalid(keyed: ApiClient) -> None:
    idem = keyed.x.idempotency
    assert idem is not None and idem.max_length
    response = keyed.call(keyed.op("create"), keyed.create_body(), headers={idem.header: "k" * (idem.max_length + 1)})
    assert response.status_code == keyed.x.errors.validation.status


def test_concurrent_creates_with_one_key_make_one_invoice(keyed: ApiClient) -> None:
    idem = keyed.x.idempotency
    assert idem is not None
    headers = auth_headers(keyed.spec, keyed.key) | {idem.header: secrets.token_hex(8)}
    body = keyed.create_body()
    if keyed.media(keyed.op("create")) == "application/json":
        request = {"json": body}
    else:
        request = {"data": dict(form_pairs(body))}

    async def burst() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=100)
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            url = keyed.url(keyed.op("create"))
            return await asyncio.gather(*(client.post(url, headers=headers, **request) for _ in range(100)))

    responses = asyncio.run(burst())
    in_flight = idem.in_flight.status if idem.in_flight else None
    assert all(r.is_success or r.status_code == in_flight for r in responses)
    bodies = {r.content for r in responses if r.is_success}
    assert len(bodies) == 1
    assert _count(keyed) == 1
