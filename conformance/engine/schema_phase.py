"""The schema phases (examples, coverage, fuzzing, stateful links) through schemathesis' own engine.

We drive `schemathesis.engine` in-process and fold its scenario records into one `CheckResult` per
check x operation. What we change from its defaults: Stripe-style bracket form encoding, a fresh
idempotency key per generated request (so a reused example key is not read as a replay), a
stricter status check that a documented `default` response cannot switch off, and the length above which
the coverage phase stops searching for patterned strings (see `LONG_PATTERN_STRING`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import schemathesis
from schemathesis.engine import events as st_events
from schemathesis.engine import from_schema
from schemathesis.specs.openapi.coverage import _schema as coverage_schema

from conformance.engine import schema_checks  # noqa: F401  (registers our checks with schemathesis)
from conformance.engine.slices import Slice
from conformance.generation.local_constants import local_constants_ignored
from conformance.model.profiles import Profile
from conformance.model.results import SCHEMA_PREFIX, CheckResult, Failure, Status, fold
from conformance.model.target import Target
from conformance.spec import form_brackets, pointer
from conformance.transport.exchange import Exchange
from conformance.transport.redact import Redactor

_BODY_EXCERPT = 4000

# For a boundary string longer than this that must match a `pattern`, the coverage phase builds one string
# of that length and keeps it if the pattern matches, instead of asking Hypothesis for regex matches until
# one happens to be that long. Schemathesis' own limit is 8 KiB; below it, a `maxLength: 5000` on Stripe's
# search grammar cost 40 s and 120 MB of one worker for one operation and never found a match (137 requests
# either way); all Stripe operations' per-operation phases took 83 s instead of 19 s. What the lower limit
# gives up: 30 of 2,970 of those requests (2 to 6 an operation), the 5000-character ids and other values
# that long.
LONG_PATTERN_STRING = 1024
setattr(coverage_schema, "MAX_GENERATED_PATTERN_LENGTH", LONG_PATTERN_STRING)  # setattr: not re-exported there


@schemathesis.serializer(form_brackets.MEDIA_TYPE)
def _form_serializer(ctx: Any, value: Any) -> bytes:
    return form_brackets.encode(value)


def _settings(
    target: Target, profile: Profile, part: Slice, *, seed: int, max_examples: int | None, timeout: float
) -> dict[str, Any]:
    unit_phases = {"enabled": part.stateful is not True}
    return {
        "seed": seed,
        "base-url": target.base_url,
        "headers": target.headers,
        "request-timeout": timeout,
        "max-redirects": 3,
        "suppress-health-check": ["all"],
        "generation": {"max-examples": max_examples or profile.max_examples, "database": "none"},
        "phases": {
            "examples": unit_phases,
            "coverage": unit_phases,
            "fuzzing": unit_phases,
            "stateful": {
                "enabled": profile.stateful and part.stateful is not False,
                "max-steps": profile.stateful_steps,
            },
        },
        # replaced by valid_request_accepted / invalid_request_rejected, which re-validate what was sent
        "checks": {"positive_data_acceptance": {"enabled": False}, "negative_data_rejection": {"enabled": False}},
    }


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Fresh values where the spec says a value must not repeat: the idempotency key (an example's fixed key
    reused with other data is a mismatch, not the behaviour under test) and `x-resource.unique-fields`.
    Invalid keys (empty, too long) are negative testing and stay as generated."""
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return  # rewriting a negative case makes schemathesis re-label it as valid
    raw = case.operation.schema.raw_schema
    declared = raw.get("x-idempotency")
    if declared and case.headers:
        name, limit = str(declared["header"]).lower(), int(declared.get("max-length") or 255)
        for key, value in list(case.headers.items()):
            if key.lower() == name and isinstance(value, str) and 0 < len(value) <= limit:
                case.headers[key] = str(uuid.uuid4())
    resource = raw.get("x-resource") or {}
    if case.operation.definition.raw.get("operationId") == (resource.get("operations") or {}).get("create"):
        for where in resource.get("unique-fields") or []:
            current = pointer.get(case.body, where, None)
            if isinstance(current, str) and current:
                pointer.set_(case.body, where, f"{current[:40]}-{uuid.uuid4().hex[:12]}")


def _exchange(interaction: Any, redactor: Redactor) -> Exchange:
    request, response = interaction.request, interaction.response
    body = request.body.decode("utf-8", errors="replace") if request.body else None
    flat = {k: ", ".join(v) for k, v in request.headers.items()}
    return Exchange(
        method=request.method,
        url=redactor.text(request.uri),
        request_headers=redactor.headers(flat),
        request_body=redactor.text(body[:_BODY_EXCERPT]) if body else None,
        status=response.status_code if response else None,
        response_headers=redactor.headers({k: ", ".join(v) for k, v in response.headers.items()}) if response else {},
        response_body=redactor.text(response.content[:_BODY_EXCERPT].decode("utf-8", errors="replace"))
        if response
        else None,
        elapsed=round(response.elapsed, 4) if response else None,
    )


def _recorded(recorder: Any, api: str, redactor: Redactor, seed: int) -> Iterator[CheckResult]:
    for case_id, nodes in recorder.checks.items():
        case_node = recorder.cases.get(case_id)
        operation = case_node.value.operation.label if case_node else recorder.label
        interaction = recorder.interactions.get(case_id)
        for node in nodes:
            status = {"success": Status.PASSED, "failure": Status.FAILED}.get(node.status.value, Status.ERROR)
            failures = []
            if node.failure_info is not None:
                failure = node.failure_info.failure
                failures.append(
                    Failure(
                        title=str(failure.title),
                        message=redactor.text(str(failure.message))[:2000],
                        curl=redactor.text(node.failure_info.code_sample),
                        exchanges=(_exchange(interaction, redactor),) if interaction else (),
                        steps=tuple(redactor.text(step.curl) for step in node.failure_info.steps),
                        seed=seed,
                    )
                )
            yield CheckResult(api, SCHEMA_PREFIX + node.name, operation, status, failures=failures, requests=1)


def run_slice(
    target: Target, profile: Profile, part: Slice, *, seed: int, max_examples: int | None, timeout: float
) -> list[CheckResult]:
    """Run one slice through the schemathesis engine; one folded verdict per (check, operation)."""
    api, redactor = target.spec.api_id, target.redactor
    settings = _settings(target, profile, part, seed=seed, max_examples=max_examples, timeout=timeout)
    schema: Any = schemathesis.openapi.from_dict(target.spec.document, config=schemathesis.Config.from_dict(settings))
    if part.operations is not None:
        schema = schema.include(operation_id=list(part.operations))
    started = time.perf_counter()
    results: list[CheckResult] = []
    with local_constants_ignored():
        for event in from_schema(schema).execute():
            if isinstance(event, st_events.ScenarioFinished):
                results += _recorded(event.recorder, api, redactor, seed)
            elif isinstance(event, st_events.NonFatalError):
                reason = redactor.text(str(event.info.message or event.value)).splitlines()[0][:300]
                results.append(CheckResult(api, SCHEMA_PREFIX + "request", event.label, Status.ERROR, reason=reason))
            elif isinstance(event, st_events.FatalError):
                reason = redactor.text(str(event.exception)).splitlines()[0][:300]
                results.append(CheckResult(api, SCHEMA_PREFIX + "engine", "*", Status.ERROR, reason=reason))
    folded = fold(results)
    elapsed = time.perf_counter() - started
    for result in folded:
        result.duration = round(elapsed / max(len(folded), 1), 4)
    return folded
