"""pagination_walk on a tenant that already holds more invoices than its page budget covers at small limits,
and lines_pagination_walk on an invoice's own lines.

Found by a thorough run: the schema phases had left over 200 invoices in Flowglad's tenant, and its walk at
limit 1 (oldest first, so ours are on the last pages) gave up as "pagination does not end". The largest
limit now sizes the budget of the others; the check must pass there and still catch a broken list.
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.checks import pagination
from conformance.checks.context import CheckContext
from conformance.checks.registry import REGISTRY, load_plugins
from conformance.checks.runner import run_check
from conformance.model.profiles import PROFILES
from conformance.model.results import CheckResult, Status
from conformance.model.target import Target, sandbox_key
from conformance.spec import load_spec
from reference_server.adapters import ADAPTERS
from reference_server.faults import FAULTS
from reference_server.runner import running_server

QUICK = PROFILES["quick"]


def _walk_on_a_full_tenant(**server_options: Any) -> list[CheckResult]:
    spec = load_spec("flowglad")
    assert not spec.x.pagination.order_descending, "the case needs oldest-first pages"
    options = server_options or {"adapters": {spec.api_id: ADAPTERS[spec.api_id]}}
    with running_server(**options) as root:
        target = Target(spec, f"{root}/{spec.api_id}{spec.server_path}", sandbox_key(spec))
        filler = CheckContext(target, QUICK, seed=1)
        for _ in range(10):
            filler.create_invoice()
        filler.close()
        load_plugins()
        (check,) = REGISTRY.select(["pagination_walk"])
        return run_check(check, target, QUICK, seed=1, timeout=10.0)


def test_a_full_tenant_is_walked_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "MAX_PAGES", 4)  # 15 invoices need 15 pages at limit 1
    results = _walk_on_a_full_tenant()
    assert results and all(r.status is Status.PASSED for r in results), [(r.reason, r.failures) for r in results]


def test_a_full_tenant_still_shows_a_repeated_item(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "MAX_PAGES", 4)
    results = _walk_on_a_full_tenant(**FAULTS["list-repeats-item"].app_options(load_spec("flowglad")))
    failed = [r for r in results if r.status is Status.FAILED]
    assert failed and failed[0].failures[0].title == "page items repeated"


def _lines_walk(**server_options: Any) -> list[CheckResult]:
    spec = load_spec("stripe")
    options = server_options or {"adapters": {spec.api_id: ADAPTERS[spec.api_id]}}
    with running_server(**options) as root:
        target = Target(spec, f"{root}/{spec.api_id}{spec.server_path}", sandbox_key(spec))
        load_plugins()
        (check,) = REGISTRY.select(["lines_pagination_walk"])
        return run_check(check, target, QUICK, seed=1, timeout=10.0)


def test_an_invoices_lines_page_like_one_whole_page() -> None:
    results = _lines_walk()
    assert results and all(r.status is Status.PASSED for r in results), [(r.reason, r.failures) for r in results]


def test_a_lines_list_that_drops_a_line_is_caught() -> None:
    results = _lines_walk(**FAULTS["lines-page-drops-item"].app_options(load_spec("stripe")))
    failed = [r for r in results if r.status is Status.FAILED]
    assert failed and failed[0].failures[0].title == "lines page wrong", [(r.status, r.failures) for r in results]


def test_apis_without_a_lines_list_skip_it() -> None:
    spec = load_spec("floatless")
    assert "list-lines" not in spec.x.resource.operations
    with running_server(adapters={spec.api_id: ADAPTERS[spec.api_id]}) as root:
        target = Target(spec, f"{root}/{spec.api_id}{spec.server_path}", sandbox_key(spec))
        load_plugins()
        (check,) = REGISTRY.select(["lines_pagination_walk"])
        results = run_check(check, target, QUICK, seed=1, timeout=10.0)
    assert [r.status for r in results] == [Status.SKIPPED]
