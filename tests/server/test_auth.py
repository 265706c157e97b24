"""Keys and tenants: 401 in each API's shape for bad credentials; a key is a tenant; tenants never meet."""

from __future__ import annotations

import pytest

from tests.server.server_client import ApiClient, auth_headers, new_key


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Basic !!notbase64!!",
        "Bearer",
        "Token sk_test_abc",
        "Bearer sk_test_",
        "Bearer nope_123",
        "Bearer sk_test_é",
    ],
    ids=["none", "empty", "bad-basic", "bearer-only", "other-scheme", "prefix-only", "unknown-key", "non-ascii"],
)
def test_missing_or_malformed_credentials_are_401(api: ApiClient, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization.encode()}
    response = api.call(api.op("list"), auth=False, headers=headers)
    assert response.status_code == api.x.auth.unauthenticated.status


@pytest.mark.parametrize(
    "key", ["xx_test_conformance0123456789abcdef", "sk_test_conformance-0123", "sk_test_conformance 0123"]
)
def test_keys_outside_the_key_pattern_are_401(api: ApiClient, key: str) -> None:
    # Sent the way the API's security scheme says (Basic for Stripe and LeanRails), so only the key is wrong.
    response = api.call(api.op("list"), auth=False, headers=auth_headers(api.spec, key))
    api.assert_error(response, api.x.auth.unauthenticated)


def test_live_keys_are_refused(api: ApiClient) -> None:
    live = api.other(new_key(api.spec, live=True))
    assert live.list_page().status_code == api.x.auth.unauthenticated.status
    assert live.call(api.op("create"), live.create_body(), headers=live.idem_headers()).status_code == 401


def test_a_second_key_is_a_second_tenant(api: ApiClient) -> None:
    record = api.create()
    other = api.other()
    assert other.retrieve(record).status_code == api.x.errors.not_found.status
    items = other.list_page().json()
    assert items[api.x.pagination.items.strip("/")] == []
    if "update" in api.x.resource.operations:
        body = api.example(api.x.resource.update_example)
        assert other.call(api.op("update"), body, path=api.path(record)).status_code == 404
    for transition in api.x.lifecycle.transitions:
        if transition.operation != api.x.resource.operations.get("update"):
            assert other.act(transition.operation, record).status_code == 404
    assert api.retrieve(record).status_code == 200


def test_unknown_ids_are_not_found(api: ApiClient) -> None:
    pattern_prefix = (api.x.resource.id_pattern or "^inv_").lstrip("^").split("[")[0]
    response = api.retrieve(pattern_prefix + "A" * 21)
    assert response.status_code == api.x.errors.not_found.status
