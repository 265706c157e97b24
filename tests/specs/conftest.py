from __future__ import annotations

import pytest

from conformance.spec import Spec, bundled_api_ids, load_spec


@pytest.fixture(params=bundled_api_ids())
def spec(request: pytest.FixtureRequest) -> Spec:
    return load_spec(request.param)
