"""The schema phases fanned out over worker processes.

Hypothesis generation, not the network, bounds the schema phases, and it holds the GIL: schemathesis'
thread workers do not make it faster, processes do. Each API's slices go to a pool of their own, started
as soon as the previous API's schema verdicts are in, so the workers generate for the next API while this
process runs the behavioural checks of the last one, and a worker never holds more than one API's schemas.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from functools import partial

from conformance.model.profiles import Profile
from conformance.model.results import SCHEMA_PREFIX, CheckResult, Status, fold
from conformance.model.target import Target

from .slices import Slice, plan_slices


class SchemaPhases:
    """One target's schema phases, started at once in a process pool of their own (or, with one worker,
    run in this process when collected). A pool per API keeps a worker's memory to one API's schemas."""

    def __init__(
        self,
        target: Target,
        profile: Profile,
        *,
        operations: Sequence[str] | None,
        seed: int,
        max_examples: int | None,
        timeout: float,
        workers: int,
        executor: Callable[[int], Executor] | None = None,
    ) -> None:
        self.target = target
        self._job = partial(_run_slice, target, profile, seed=seed, max_examples=max_examples, timeout=timeout)
        self._slices = plan_slices(target.spec, operations, profile, workers)
        self._pool: Executor | None = None
        self._futures: list[Future[list[CheckResult]]] = []
        if len(self._slices) > 1:
            self._pool = (executor or _process_pool)(min(workers, len(self._slices)))
            # The pool starts its processes as the slices are submitted.
            with _main_module_hidden():
                # A partial of a module function pickles; a bound method would drag the pool along.
                self._futures = [self._pool.submit(partial(self._job, part)) for part in self._slices]

    def results(self) -> list[CheckResult]:
        """Every slice's verdicts, folded; waits for the workers, then stops them."""
        if self._pool is None:
            return fold(result for part in self._slices for result in self._job(part))
        collected: list[CheckResult] = []
        try:
            for future in self._futures:
                try:
                    collected += future.result()
                except Exception as exc:  # a worker that died takes its slice with it, not the run
                    reason = f"worker process failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]
                    api = self.target.spec.api_id
                    collected.append(CheckResult(api, SCHEMA_PREFIX + "engine", "*", Status.ERROR, reason=reason))
        finally:
            self.close()
        return fold(collected)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> SchemaPhases:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _run_slice(
    target: Target, profile: Profile, part: Slice, *, seed: int, max_examples: int | None, timeout: float
) -> list[CheckResult]:
    # Imported here, so that schemathesis loads only where slices run: with workers, not in this process.
    from .schema_phase import run_slice

    return run_slice(target, profile, part, seed=seed, max_examples=max_examples, timeout=timeout)


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Processes spawned inside do not re-run the main script. Spawn re-imports it so that functions defined
    there unpickle; ours are module functions, and the CLI's imports (click, rich, the report writers) cost
    every worker 13 MB. A script read from stdin, which cannot be re-imported, can start workers too."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _process_pool(size: int) -> Executor:
    # "spawn": the embedded reference server runs in a thread of this process, and fork would copy its locks.
    return ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"))
