"""The suite catches broken servers: a fast subset of the selftest's faults, and the selftest's own machinery.

The full kill table (every fault on every API) is `invoice-conformance selftest`; see docs/selftest.md.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from schemathesis.checks import CHECKS as SCHEMA_CHECKS
from schemathesis.specs.openapi import checks as openapi_checks  # noqa: F401  (registers schemathesis' own)

from conformance.checks.registry import REGISTRY, load_plugins
from conformance.cli.selftest import selftest as selftest_command
from conformance.engine import schema_checks  # noqa: F401  (registers our schema checks with schemathesis)
from conformance.model.results import SCHEMA_PREFIX, Status
from conformance.selftest import BASELINE, SEED, SURVIVED, Cell, Job, Outcome, SelftestReport, engine_run
from conformance.spec import load_spec
from reference_server.adapters import ADAPTERS
from reference_server.faults import FAULTS

# fault, API, checks to run (a family is enough to prove the catch), the check and operation that must fail.
CATCHES = [
    ("wrong-field-type", "floatless", ("schema",), "schema.response_schema_conformance", "POST /invoices"),
    ("missing-required-field", "leanrails", ("schema",), "schema.response_schema_conformance", "POST /invoices"),
    ("wrong-status-code", "flowglad", ("schema",), "schema.status_code_conformance", "POST /invoices"),
    ("wrong-content-type", "floatless", ("schema",), "schema.content_type_conformance", "GET /invoices"),
    ("server-error-at-limit-maximum", "flowglad", ("schema",), "schema.not_a_server_error", "GET /invoices"),
    ("tenant-leak", "floatless", ("tenant_isolation",), "tenant_isolation", "GET /invoices/{id}"),
    ("idempotency-ignored", "leanrails", ("idempotent_replay",), "idempotent_replay", "POST /invoices"),
    ("list-repeats-item", "flowglad", ("pagination_walk",), "pagination_walk", "GET /invoices"),
]


@pytest.mark.parametrize(("fault", "api", "checks", "check", "operation"), CATCHES, ids=[c[0] for c in CATCHES])
def test_the_suite_catches_the_fault_and_names_the_operation(
    fault: str, api: str, checks: tuple[str, ...], check: str, operation: str
) -> None:
    report = engine_run(load_spec(api), FAULTS[fault], profile="quick", seed=SEED, checks=checks)
    assert report.exit_code == 1
    failed = {(r.check, r.operation) for r in report.results if r.status is Status.FAILED}
    assert (check, operation) in failed, sorted(failed)


def test_every_fault_is_described_and_applies_somewhere() -> None:
    load_plugins()
    known = {c.name for c in REGISTRY.all()} | {SCHEMA_PREFIX + f.__name__ for f in SCHEMA_CHECKS.get_all()}
    specs = [load_spec(api) for api in sorted(ADAPTERS)]
    assert len(FAULTS) >= 22
    for fault in FAULTS.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", fault.id), fault.id
        assert fault.description and fault.caught_by, fault.id
        assert set(fault.caught_by) <= known, fault.caught_by
        applicable = [s for s in specs if fault.applies(s)]
        assert applicable, f"{fault.id} applies to no API"
        for spec in applicable:
            assert fault.app_options(spec)["adapters"].keys() == {spec.api_id}


def _outcome(fault: str, *failed: tuple[str, str, str], error: str | None = None) -> Outcome:
    return Outcome(Job(fault, "floatless", "quick", SEED), tuple(failed), 1.0, error)


def test_failures_the_baseline_has_too_do_not_count_as_kills() -> None:
    from conformance.selftest import _attribute

    baseline = _outcome(BASELINE, ("auth_required", "POST /invoices", "key of the wrong shape accepted"))
    same = _attribute(_outcome("auth-ignored", *baseline.failed), baseline)
    new_title = _attribute(
        _outcome("auth-ignored", ("auth_required", "POST /invoices", "accepted no credentials")), baseline
    )
    assert same.survived and same.masked == baseline.failed
    assert same.verdict == f"{SURVIVED} (failed only as at baseline: auth_required)"
    assert new_title.killers == ("auth_required",)

    report = SelftestReport(
        ("floatless",), ("auth-ignored",), "quick", SEED, baseline={"floatless": baseline}, cells=[same]
    )
    assert report.exit_code == 2 and "baseline floatless: auth_required" in report.errors[0]
    report = SelftestReport(
        ("floatless", "stripe"), ("auth-ignored",), "quick", SEED, {"floatless": _outcome(BASELINE)}
    )
    report.cells = [new_title, Cell("auth-ignored", "stripe", (), (), 1.0)]
    assert (report.exit_code, report.score, [c.api for c in report.survivors]) == (1, 0.5, ["stripe"])
    assert "**SURVIVED**" in report.markdown()


def test_selftest_command_runs_a_baseline_and_a_fault() -> None:
    args = ["--api", "floatless", "--fault", "wrong-content-type", "--jobs", "1", "--markdown"]
    result = CliRunner().invoke(selftest_command, args)
    assert result.exit_code == 0, result.output
    assert "| `wrong-content-type` | schema.content_type_conformance |" in result.output
    assert "mutation score 100%: 1 of 1" in result.output


def test_selftest_command_lists_faults_and_refuses_unknown_names() -> None:
    listed = CliRunner().invoke(selftest_command, ["--list", "--api", "stripe"])
    assert listed.exit_code == 0 and "deleted-still-retrievable" in listed.output
    unknown = CliRunner().invoke(selftest_command, ["--fault", "no-such-fault"])
    assert unknown.exit_code != 0 and "no-such-fault" in str(unknown.exception or unknown.output)
