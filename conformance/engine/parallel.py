"""The schema phases fanned out over worker processes.

Hypothesis generation, not the network, bounds the schema phases, and it holds the GIL: schemathesis'
thread workers do not make it faster, processes do. A run's slices (the stateful phase, and the
per-operation phases of groups of operations) are submitted for every API at once, so while the main
process runs one API's behavioural checks the workers already generate for the next API.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from conformance.spec import Spec, pointer

from .profiles import Profile
from .results import CheckResult, Status
from .schema_phase import CHECK_PREFIX, Slice, fold, run_slice
from .target import Target


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def plan_slices(spec: Spec, operations: Sequence[str] | None, profile: Profile, workers: int) -> list[Slice]:
    """How to cut one API's schema phases for `workers` processes, likely longest first.

    One worker: a single engine, as schemathesis runs it. More: the stateful phase, and each operation's
    per-operation phases on their own, so the pool balances them. (An operation then no longer reuses
    ids another operation's responses carried; the stateful phase and the behavioural checks follow those
    links.) Longest first, so that no long slice starts last while the other workers idle.
    """
    chosen = tuple(operations) if operations is not None else None
    if workers <= 1:
        return [Slice(chosen)]
    stateful = [Slice(chosen, stateful=True)] if profile.stateful else []
    names = sorted(chosen if chosen is not None else spec.operations)
    by_cost = sorted(names, key=lambda name: -generation_cost(spec, spec.operations[name].definition))
    return [*stateful, *(Slice((name,), stateful=False) for name in by_cost)]


def generation_cost(spec: Spec, node: Any, seen: set[str] | None = None) -> int:
    """A rough size of what generating requests for `node` takes: the characters of its schemas, `$ref`s
    followed once. A regex weighs ten times its length: strings are built from it character by character,
    and the coverage phase also searches for matches at the length bounds."""
    seen = set() if seen is None else seen
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return 0
            seen.add(ref)
            return generation_cost(spec, pointer.get(spec.document, ref.removeprefix("#"), {}), seen)
        total = 0
        for key, value in node.items():
            if key in _NOT_GENERATED:
                continue
            total += (
                10 * len(value) if key == "pattern" and isinstance(value, str) else generation_cost(spec, value, seen)
            )
        return total
    if isinstance(node, list):
        return sum(generation_cost(spec, item, seen) for item in node)
    return len(node) if isinstance(node, str) else 1


_NOT_GENERATED = frozenset({"description", "summary", "example", "examples", "responses", "x-assumption"})


@dataclass
class SchemaPhases:
    """One target's schema phases: submitted to a pool at once, or run in this process when collected."""

    target: Target
    profile: Profile
    operations: Sequence[str] | None
    seed: int
    max_examples: int | None
    timeout: float
    pool: Executor | None = None
    workers: int = 1
    _futures: list[Future[list[CheckResult]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.pool is None:
            return
        for part in plan_slices(self.target.spec, self.operations, self.profile, self.workers):
            self._futures.append(self.pool.submit(self._job(part)))

    def _job(self, part: Slice) -> partial[list[CheckResult]]:
        # A partial of a module function pickles; a bound method would drag the pool along.
        return partial(
            run_slice,
            self.target,
            self.profile,
            part,
            seed=self.seed,
            max_examples=self.max_examples,
            timeout=self.timeout,
        )

    def results(self) -> list[CheckResult]:
        if self.pool is None:
            return self._job(Slice(tuple(self.operations) if self.operations is not None else None))()
        collected: list[CheckResult] = []
        for future in self._futures:
            try:
                collected += future.result()
            except Exception as exc:  # a worker that died takes its slice with it, not the run
                reason = f"worker process failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]
                collected.append(
                    CheckResult(self.target.spec.api_id, CHECK_PREFIX + "engine", "*", Status.ERROR, reason=reason)
                )
        return fold(collected)


@contextmanager
def worker_pool(workers: int, slices: int) -> Iterator[Executor | None]:
    """A process pool for `workers` > 1 (at most one process per slice), else None: run in-process."""
    size = min(workers, slices)
    if size <= 1:
        yield None
        return
    # "spawn": the embedded reference server runs in a thread of this process, and fork would copy its locks.
    pool = ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
