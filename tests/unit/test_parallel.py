"""How the schema phases are cut for worker processes, and what a dead worker leaves behind."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from concurrent.futures import Executor, Future
from typing import Any

import pytest

from conformance.engine.parallel import SchemaPhases
from conformance.engine.slices import Slice, generation_cost, plan_slices
from conformance.model.profiles import PROFILES
from conformance.model.results import Status
from conformance.model.target import Target
from conformance.spec import Spec, load_spec

STANDARD, QUICK = PROFILES["standard"], PROFILES["quick"]


@pytest.fixture(scope="module")
def stripe() -> Spec:
    return load_spec("stripe")


def test_one_worker_runs_one_engine_over_everything(stripe: Spec) -> None:
    assert plan_slices(stripe, None, STANDARD, 1) == [Slice(None)]
    assert plan_slices(stripe, ["getInvoice"], STANDARD, 1) == [Slice(("getInvoice",))]


def test_more_workers_get_the_stateful_phase_and_one_slice_per_operation(stripe: Spec) -> None:
    slices = plan_slices(stripe, None, STANDARD, 2)
    assert slices[0] == Slice(None, stateful=True)
    per_operation = slices[1:]
    assert all(s.stateful is False and s.operations and len(s.operations) == 1 for s in per_operation)
    assert sorted(s.operations[0] for s in per_operation if s.operations) == sorted(stripe.operations)


def test_a_shard_keeps_its_operations_and_quick_has_no_stateful_slice(stripe: Spec) -> None:
    mine = ["getInvoice", "voidInvoice"]
    slices = plan_slices(stripe, mine, QUICK, 4)
    assert {s.operations for s in slices} == {("getInvoice",), ("voidInvoice",)}
    assert plan_slices(stripe, mine, STANDARD, 4)[0] == Slice(tuple(mine), stateful=True)


def test_longest_first_puts_the_regex_heavy_search_ahead_of_simple_actions(stripe: Spec) -> None:
    order = [s.operations[0] for s in plan_slices(stripe, None, QUICK, 2) if s.operations]
    assert order.index("searchInvoices") < order.index("voidInvoice")
    assert order[-1] in {"deleteInvoice", "getInvoice"}


def test_generation_cost_weighs_patterns_and_follows_refs_once() -> None:
    spec = Spec(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {
                "schemas": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}}
            },
        }
    )
    plain, patterned = {"type": "string"}, {"type": "string", "pattern": "^[a-z]+$"}
    assert generation_cost(spec, patterned) > generation_cost(spec, plain) + 5 * len("^[a-z]+$")
    assert generation_cost(spec, {"description": "x" * 1000, **plain}) == generation_cost(spec, plain)
    assert generation_cost(spec, {"$ref": "#/components/schemas/Node"}) > 0  # a cycle ends


class _DeadPool(Executor):
    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(RuntimeError("A process in the process pool was terminated abruptly\nmore"))
        return future


def test_a_dead_worker_is_an_error_verdict_not_a_crash(stripe: Spec) -> None:
    target = Target(stripe, "http://127.0.0.1:9/v1", "sk_test_x")
    sizes: list[int] = []

    def dead_pool(size: int) -> Executor:
        sizes.append(size)
        return _DeadPool()

    phases = SchemaPhases(
        target, QUICK, operations=None, seed=1, max_examples=1, timeout=1.0, workers=4, executor=dead_pool
    )
    results = phases.results()
    assert sizes == [4]
    assert len(results) == 1
    (result,) = results
    assert (result.check, result.status) == ("schema.engine", Status.ERROR)
    assert result.reason == "worker process failed: RuntimeError: A process in the process pool was terminated abruptly"


def test_no_pool_for_one_worker_or_one_slice(stripe: Spec) -> None:
    def no_pool(size: int) -> Executor:
        raise AssertionError("a pool was started")

    target = Target(stripe, "http://127.0.0.1:9/v1", "sk_test_x")
    options: dict[str, Any] = {"seed": 1, "max_examples": 1, "timeout": 1.0, "executor": no_pool}
    SchemaPhases(target, STANDARD, operations=None, workers=1, **options).close()
    SchemaPhases(target, QUICK, operations=["getInvoice"], workers=8, **options).close()


def test_the_long_pattern_limit_still_reaches_schemathesis() -> None:
    # A canary for upgrades: the limit is a module global of schemathesis' coverage phase, read at draw time.
    import inspect

    from schemathesis.specs.openapi.coverage import _schema as coverage_schema

    from conformance.engine.schema_phase import LONG_PATTERN_STRING

    assert getattr(coverage_schema, "MAX_GENERATED_PATTERN_LENGTH") == LONG_PATTERN_STRING
    assert "min_length > MAX_GENERATED_PATTERN_LENGTH" in inspect.getsource(coverage_schema)


def test_a_script_read_from_stdin_starts_workers_that_do_not_rerun_it() -> None:
    # Spawned workers re-import the main script unless it is hidden; "<stdin>" cannot be imported, so with
    # the script re-run every slice would end as a dead-worker error.
    script = textwrap.dedent(
        """
        print("the main script ran", flush=True)
        if __name__ == "__main__":
            from conformance.engine.parallel import SchemaPhases
            from conformance.model.profiles import PROFILES
            from conformance.model.target import Target
            from conformance.spec import load_spec

            target = Target(load_spec("stripe"), "http://127.0.0.1:9/v1", "sk_test_x")
            options = dict(seed=1, max_examples=1, timeout=1.0, workers=2)
            with SchemaPhases(target, PROFILES["quick"], operations=["getInvoice", "voidInvoice"], **options) as phases:
                results = phases.results()
            print("worker died" if any("worker process failed" in (r.reason or "") for r in results) else "slices ran")
        """
    )
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["the main script ran", "slices ran"], done.stdout + done.stderr
