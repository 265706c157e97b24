"""Proof the suite bites: run it against broken variants of the reference server and tabulate the kills.

Each (fault x API it applies to) gets its own reference server on a free port, broken by one fault from
`reference_server.faults`, and an engine run with a fixed seed: every behavioural check, plus the schema
phases when the fault expects a schema check or `all_checks` is set (the schema phases take most of a run's
time, and a behavioural fault only they catch means a behavioural check is missing).

A fault is *killed* on an API when some check fails there in a way it does not fail against the unbroken
server, the per-API baseline run (which runs everything). Failures are compared as (check, operation,
failure title): one the baseline shows too proves nothing about the fault and is not counted, and any
baseline failure is reported as an error, since it weakens the table.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reference_server.adapters import ADAPTERS
from reference_server.faults import FAULTS, Fault
from reference_server.runner import running_server

from .checks.registry import REGISTRY, load_plugins
from .config import RunConfig
from .engine.runner import run
from .errors import UsageError
from .model.results import SCHEMA_PREFIX, RunReport, Status
from .model.target import sandbox_key
from .spec import Spec, load_spec

SEED = 20240611
PROFILE = "quick"
BASELINE = "baseline"
SURVIVED = "SURVIVED"


def engine_run(spec: Spec, fault: Fault | None, *, profile: str, seed: int, checks: Sequence[str] = ()) -> RunReport:
    """One engine run against a fresh reference server serving only `spec`'s API, broken by `fault` if given."""
    options = fault.app_options(spec) if fault else {"adapters": {spec.api_id: ADAPTERS[spec.api_id]}}
    with running_server(**options) as root, tempfile.TemporaryDirectory(prefix="selftest-") as reports:
        config = RunConfig(
            apis=(spec.api_id,),
            base_url=f"{root}/{spec.api_id}{spec.server_path}",
            auth=sandbox_key(spec),
            auth_other=sandbox_key(spec),
            profile=profile,
            seed=seed,
            checks=tuple(checks),
            workers=1,  # the selftest runs jobs in parallel itself
            report_dir=Path(reports),
        )
        return run(config)


# (check id, operation, failure title): what a failure is, without its generated data.
Signature = tuple[str, str, str]


def failing(report: RunReport) -> tuple[Signature, ...]:
    """Every failed or errored (check, operation, title) of a run; an error has the title "error"."""
    found: set[Signature] = set()
    for result in report.results:
        if result.status in (Status.FAILED, Status.ERROR):
            titles = [f.title for f in result.failures] or ["error"]
            found |= {(result.check, result.operation, title) for title in titles}
    return tuple(sorted(found))


@dataclass(frozen=True)
class Job:
    fault: str  # a fault id, or BASELINE
    api: str
    profile: str
    seed: int
    checks: tuple[str, ...] = ()  # empty: everything


@dataclass(frozen=True)
class Outcome:
    job: Job
    failed: tuple[Signature, ...]
    seconds: float
    error: str | None = None


def run_job(job: Job) -> Outcome:
    """Runs in a worker process: a crash of the engine becomes the outcome's error, not a lost table."""
    started = time.perf_counter()
    fault = None if job.fault == BASELINE else FAULTS[job.fault]
    try:
        report = engine_run(load_spec(job.api), fault, profile=job.profile, seed=job.seed, checks=job.checks)
    except Exception as exc:  # any crash is reported in the table; the other jobs go on
        return Outcome(job, (), round(time.perf_counter() - started, 1), f"{type(exc).__name__}: {exc}"[:300])
    error = "; ".join(report.errors) or None
    return Outcome(job, failing(report), round(time.perf_counter() - started, 1), error)


@dataclass(frozen=True)
class Cell:
    """One fault on one API: the failures that killed it, and those not counted (the baseline has them too)."""

    fault: str
    api: str
    kills: tuple[Signature, ...]
    masked: tuple[Signature, ...]
    seconds: float
    error: str | None = None

    @property
    def killers(self) -> tuple[str, ...]:
        return tuple(sorted({check for check, _, _ in self.kills}))

    @property
    def killed(self) -> bool:
        return bool(self.kills) and self.error is None

    @property
    def survived(self) -> bool:
        return not self.kills and self.error is None

    @property
    def verdict(self) -> str:
        if self.error:
            return f"ERROR: {self.error}"
        if self.kills:
            return ", ".join(self.killers)
        masked = sorted({check for check, _, _ in self.masked})
        return SURVIVED + (f" (failed only as at baseline: {', '.join(masked)})" if masked else "")


@dataclass
class SelftestReport:
    apis: tuple[str, ...]
    faults: tuple[str, ...]
    profile: str
    seed: int
    all_checks: bool = False
    baseline: dict[str, Outcome] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)
    seconds: float = 0.0

    def cell(self, fault: str, api: str) -> Cell | None:
        return next((c for c in self.cells if c.fault == fault and c.api == api), None)

    @property
    def killed(self) -> int:
        return sum(c.killed for c in self.cells)

    @property
    def score(self) -> float:
        return self.killed / len(self.cells) if self.cells else 1.0

    @property
    def survivors(self) -> list[Cell]:
        return [c for c in self.cells if c.survived]

    @property
    def errors(self) -> list[str]:
        found = [f"baseline {api}: {o.error}" for api, o in sorted(self.baseline.items()) if o.error]
        found += [
            f"baseline {api}: {check} fails on {operation} against the unbroken server ({title})"
            for api, outcome in sorted(self.baseline.items())
            for check, operation, title in outcome.failed
        ]
        return found + [f"{c.fault} on {c.api}: {c.error}" for c in self.cells if c.error]

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 1 if self.survivors else 0

    @property
    def summary(self) -> str:
        return f"mutation score {self.score:.0%}: {self.killed} of {len(self.cells)} fault x API pairs killed"

    def markdown(self) -> str:
        lines = ["| fault | " + " | ".join(self.apis) + " |", "|---" * (len(self.apis) + 1) + "|"]
        for fault in self.faults:
            row = []
            for api in self.apis:
                cell = self.cell(fault, api)
                row.append("n/a" if cell is None else f"**{cell.verdict}**" if cell.survived else cell.verdict)
            lines.append(f"| `{fault}` | " + " | ".join(row) + " |")
        lines += ["", f"**{self.summary}** (profile {self.profile}, seed {self.seed}, {self.seconds:.0f} s)."]
        if not self.all_checks:
            lines += [
                "",
                "Schema phases ran only for faults that expect a schema check; the rest ran the behavioural checks.",
            ]
        if self.errors:
            lines += ["", "Errors (a failure the baseline shows too is not counted as a kill):"]
            lines += [f"- {error}" for error in self.errors]
        return "\n".join(lines) + "\n"


def plan(apis: Iterable[str] = (), faults: Iterable[str] = ()) -> tuple[list[Spec], list[Fault]]:
    """The specs (bundled APIs with a reference adapter) and faults to run; unknown names are usage errors."""
    api_ids, fault_ids = list(apis) or sorted(ADAPTERS), list(faults) or list(FAULTS)
    unknown = [a for a in api_ids if a not in ADAPTERS] + [f for f in fault_ids if f not in FAULTS]
    if unknown:
        known = f"APIs: {', '.join(sorted(ADAPTERS))}; faults: {', '.join(FAULTS)}"
        raise UsageError(f"unknown API or fault: {', '.join(unknown)} ({known})")
    return [load_spec(a) for a in api_ids], [FAULTS[f] for f in fault_ids]


def selftest(
    apis: Iterable[str] = (),
    faults: Iterable[str] = (),
    *,
    profile: str = PROFILE,
    seed: int = SEED,
    jobs: int = 2,
    all_checks: bool = False,
    progress: Callable[[Outcome], None] | None = None,
) -> SelftestReport:
    """Baseline plus every applicable (fault x API), `jobs` at a time, each in its own process and server."""
    started = time.perf_counter()
    specs, chosen = plan(apis, faults)
    load_plugins()
    behaviour = tuple(c.name for c in REGISTRY.all())
    # The baseline runs everything, so any failure a fault run can show is known to it.
    todo = [Job(BASELINE, s.api_id, profile, seed) for s in specs]
    for fault in chosen:
        schema_level = all_checks or any(c.startswith(SCHEMA_PREFIX) for c in fault.caught_by)
        todo += [
            Job(fault.id, s.api_id, profile, seed, () if schema_level else behaviour) for s in specs if fault.applies(s)
        ]
    # Longest first, so the workers finish together: schema phases, then APIs with more operations.
    size = {s.api_id: len(s.operations) for s in specs}
    todo.sort(key=lambda job: (bool(job.checks), -size[job.api]))
    outcomes = list(_execute(todo, jobs, progress))
    report = SelftestReport(tuple(s.api_id for s in specs), tuple(f.id for f in chosen), profile, seed, all_checks)
    report.baseline = {o.job.api: o for o in outcomes if o.job.fault == BASELINE}
    for outcome in outcomes:
        if outcome.job.fault != BASELINE:
            report.cells.append(_attribute(outcome, report.baseline[outcome.job.api]))
    report.cells.sort(key=lambda c: (report.faults.index(c.fault), report.apis.index(c.api)))
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def _attribute(outcome: Outcome, baseline: Outcome) -> Cell:
    known = set(baseline.failed)
    kills = tuple(s for s in outcome.failed if s not in known)
    masked = tuple(s for s in outcome.failed if s in known)
    job = outcome.job
    return Cell(job.fault, job.api, kills, masked, outcome.seconds, outcome.error or baseline.error)


def _execute(todo: list[Job], jobs: int, progress: Callable[[Outcome], None] | None) -> Iterable[Outcome]:
    notify: Callable[[Outcome], Any] = progress or (lambda outcome: None)
    if jobs <= 1:
        for job in todo:
            outcome = run_job(job)
            notify(outcome)
            yield outcome
        return
    # Processes, not threads: Hypothesis and schemathesis keep per-process state, and a server per worker
    # gets a core of its own. "spawn" because the parent may already run threads (fork would copy locks).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures: list[Future[Outcome]] = [pool.submit(run_job, job) for job in todo]
        for future in as_completed(futures):
            outcome = future.result()
            notify(outcome)
            yield outcome


__all__ = ["SEED", "Fault", "Outcome", "SelftestReport", "engine_run", "failing", "plan", "run_job", "selftest"]
