"""One run: resolve targets, run the schema phases and the behavioural checks, emit events.

The engine takes a typed `RunConfig` and never touches click; front ends consume its events.
"""

from __future__ import annotations

import contextlib
import random
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import requests

from conformance.checks.registry import REGISTRY, RegisteredCheck, load_plugins
from conformance.checks.runner import run_checks
from conformance.config import RunConfig, Shard
from conformance.errors import TargetError, UsageError
from conformance.model.profiles import PROFILES
from conformance.model.results import CheckResult, RunReport
from conformance.model.target import Target, sandbox_key
from conformance.spec import Spec, bundled_api_ids, load_spec
from conformance.transport.auth import refuse_live_key
from conformance.transport.http import failure_reason

from .cpus import available_cpus
from .events import ApiFinished, ApiStarted, Event, EventHandler, PhaseStarted, ResultRecorded, RunFinished, RunStarted
from .parallel import SchemaPhases


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_specs(config: RunConfig) -> list[Spec]:
    return [load_spec(name) for name in (config.apis or tuple(bundled_api_ids()))]


@contextlib.contextmanager
def targets_for(config: RunConfig, specs: Sequence[Spec]) -> Iterator[list[Target]]:
    """Targets for every spec: the given base URL, or the embedded reference server started for the run."""
    if config.base_url is not None:
        if not config.auth:
            raise UsageError("--auth KEY is required with --base-url (or set INVOICE_CONFORMANCE_AUTH)")
        for spec in specs:
            for key in (config.auth, config.auth_other):
                if key:
                    refuse_live_key(spec, key, allow_live=config.allow_live)
        found = [Target(s, config.base_url.replace("{api}", s.api_id), config.auth, config.auth_other) for s in specs]
        for target in found:
            _preflight(target, config.timeout)
        yield found
        return
    from conformance.embedded import running_server

    with running_server() as root:
        yield [Target(s, f"{root}/{s.api_id}{s.server_path}", sandbox_key(s), sandbox_key(s)) for s in specs]


def _preflight(target: Target, timeout: float) -> None:
    """An unreachable target is a run error (exit 2), not a thousand failed checks."""
    try:
        requests.get(target.base_url, timeout=timeout, allow_redirects=False, stream=True).close()
    except requests.RequestException as exc:
        raise TargetError(f"{target.spec.api_id}: cannot reach {target.base_url}: {failure_reason(exc)}") from None


def _in_shard(index: int, shard: Shard | None) -> bool:
    return shard is None or index % shard.total == shard.index - 1


def run(config: RunConfig, handlers: Sequence[EventHandler] = ()) -> RunReport:
    """Run everything `config` asks for; handlers see every event; returns the finished report."""
    load_plugins()
    seed = config.seed if config.seed is not None else random.randrange(2**31)
    profile = PROFILES[config.profile]
    specs = load_specs(config)
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]
    if config.shard:
        run_id += f"-shard{config.shard.index}of{config.shard.total}"
    report = RunReport(
        run_id=run_id,
        started=_now(),
        seed=seed,
        profile=profile.name,
        shard=str(config.shard) if config.shard else None,
    )

    def emit(event: Event) -> None:
        for handler in handlers:
            handler.handle(event)

    emit(RunStarted(report))
    checks = REGISTRY.select(config.checks, config.exclude_checks)
    workers = config.workers or available_cpus()
    with targets_for(config, specs) as targets, contextlib.ExitStack() as running:
        plans = _plan(config, targets, checks)

        def start_schema_phases(index: int) -> SchemaPhases | None:
            target, operations, _ = plans[index]
            if not operations:
                return None
            phases = SchemaPhases(
                target,
                profile,
                operations=operations if config.shard else None,
                seed=seed,
                max_examples=config.max_examples,
                timeout=config.timeout,
                workers=workers,
            )
            return running.enter_context(phases)

        upcoming = start_schema_phases(0) if plans else None
        for index, (target, _, mine_checks) in enumerate(plans):
            schema, upcoming = upcoming, None
            report.apis.append(target.info)
            emit(ApiStarted(target.info))
            results: list[CheckResult] = []
            if schema is not None:
                emit(PhaseStarted(target.spec.api_id, "schema"))
                results += schema.results()
            # The next API's workers generate while this process runs this API's behavioural checks.
            if index + 1 < len(plans):
                upcoming = start_schema_phases(index + 1)
            if mine_checks:
                emit(PhaseStarted(target.spec.api_id, "behaviour"))
                results += run_checks(target, mine_checks, profile, seed=seed, timeout=config.timeout)
            for result in results:
                report.results.append(result)
                emit(ResultRecorded(result))
            emit(ApiFinished(target.spec.api_id))
    report.finished = _now()
    emit(RunFinished(report))
    return report


def _plan(
    config: RunConfig, targets: Sequence[Target], checks: Sequence[RegisteredCheck]
) -> list[tuple[Target, list[str], list[RegisteredCheck]]]:
    """Per target, the operations whose schema phases and the behavioural checks this run (or shard) owns."""
    plans, unit = [], 0
    for target in targets:
        operations = sorted(target.spec.operations)
        mine_ops = [op for i, op in enumerate(operations, unit) if _in_shard(i, config.shard)]
        unit += len(operations)
        mine_checks = [c for i, c in enumerate(checks, unit) if _in_shard(i, config.shard)]
        unit += len(checks)
        plans.append((target, mine_ops if _wants_schema(config) else [], mine_checks))
    return plans


def _wants_schema(config: RunConfig) -> bool:
    """Schema phases run unless --checks names only behavioural checks."""
    return not config.checks or any(name.startswith("schema") for name in config.checks)
