from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from conformance.spec import Spec, load_spec
from reference_server.adapters import ADAPTERS
from reference_server.runner import running_server
from tests.server.server_client import ApiClient

API_IDS = sorted(ADAPTERS)


@pytest.fixture(scope="session")
def root() -> Iterator[str]:
    # In memory: these tests are about behaviour; durability has its own test on a file.
    with running_server(":memory:") as url:
        yield url


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def specs() -> dict[str, Spec]:
    return {api_id: load_spec(api_id) for api_id in API_IDS}


@pytest.fixture(params=API_IDS)
def api(request: pytest.FixtureRequest, specs: dict[str, Spec], http: httpx.Client, root: str) -> ApiClient:
    """A client of one API with a fresh tenant (a new test key)."""
    return ApiClient(specs[request.param], http, root)
