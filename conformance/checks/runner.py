"""Runs registered behavioural checks against one target and turns outcomes into verdicts."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from conformance.model.profiles import Profile
from conformance.model.results import CheckResult, Failure, Status
from conformance.model.target import Target
from conformance.transport.http import TransportError, curl_command

from .context import CheckContext
from .failures import CheckFailed, CheckSkipped
from .registry import RegisteredCheck

API_LEVEL = "*"


def run_check(
    check: RegisteredCheck, target: Target, profile: Profile, *, seed: int, timeout: float
) -> list[CheckResult]:
    """One check: a failure lands on the operation it names; every other operation it exercised passes."""
    api = target.spec.api_id
    ctx = CheckContext(target, profile, seed, timeout)
    started = time.perf_counter()
    verdicts: list[CheckResult] = []
    try:
        check(ctx)
    except CheckSkipped as skip:
        verdicts.append(CheckResult(api, check.name, API_LEVEL, Status.SKIPPED, reason=str(skip)))
    except CheckFailed as failed:
        curl = curl_command(failed.exchanges[-1]) if failed.exchanges else None
        failure = Failure(failed.title, target.redactor.text(failed.message), curl, failed.exchanges, seed=seed)
        verdicts.append(CheckResult(api, check.name, failed.operation, Status.FAILED, failures=[failure]))
        ctx.touched.discard(failed.operation)
    except TransportError as error:
        verdicts.append(CheckResult(api, check.name, API_LEVEL, Status.ERROR, reason=f"target: {error}"))
    finally:
        ctx.close()
    if not verdicts or verdicts[0].status is not Status.SKIPPED:
        verdicts += [CheckResult(api, check.name, label, Status.PASSED) for label in sorted(ctx.touched)]
    elapsed = time.perf_counter() - started
    for verdict in verdicts:
        verdict.duration = round(elapsed / len(verdicts), 4)
    if verdicts:
        verdicts[0].requests = ctx.requests_sent
    return verdicts


def run_checks(
    target: Target, checks: Sequence[RegisteredCheck], profile: Profile, *, seed: int, timeout: float
) -> Iterator[CheckResult]:
    for check in checks:
        yield from run_check(check, target, profile, seed=seed, timeout=timeout)
