"""The lifecycle model check: a Hypothesis state machine built from `x-lifecycle`.

Rules create invoices and apply random actions to random invoices. A legal action must succeed and land
in the state the model predicts; an illegal one must be refused with the declared rejection and leave the
invoice unchanged; frozen fields never move once an invoice leaves its editable states; numbers assigned at
finalization are unique and increase per tenant. A failure shrinks to a minimal sequence of steps.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Verbosity, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from conformance.generation.local_constants import local_constants_ignored
from conformance.spec import pointer

from .context import CheckContext
from .failures import CheckFailed
from .model import DELETED, number_order, outcome
from .registry import check


@dataclass
class Tracked:
    invoice_id: str
    state: str
    zero_total: bool
    frozen: dict[str, Any] | None = None
    number: Any = None


@dataclass
class Journal:
    steps: list[str] = field(default_factory=list)


def _machine(ctx: CheckContext, journal: Journal) -> type[RuleBasedStateMachine]:
    life, res = ctx.x.lifecycle, ctx.x.resource
    actions = [t.operation for t in life.transitions]
    update = res.operations.get("update") if res.update_example else None
    numbering = life.numbering

    class LifecycleMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.invoices: list[Tracked] = []
            self.numbers: list[Any] = []
            journal.steps = []

        def step(self, text: str) -> None:
            journal.steps.append(text)

        def fail(self, title: str, message: str, answer: Any, operation_id: str) -> CheckFailed:
            failure = ctx.fail(title, message, answer, operation=ctx.label(operation_id))
            failure.message += "\nsteps:\n" + "\n".join(f"  {i}. {s}" for i, s in enumerate(journal.steps, 1))
            return failure

        @initialize()
        def first_invoice(self) -> None:
            self.create(zero=False)

        @rule(zero=st.booleans())
        def create(self, zero: bool) -> None:
            invoice_id, answer = ctx.create_invoice(
                quantity=1, unit_amount=0 if zero else ctx.random.randint(1, 99_999)
            )
            self.step(f"create invoice {invoice_id} ({'zero' if zero else 'non-zero'} total)")
            status = ctx.status_of(answer)
            if status != life.initial:
                raise self.fail(
                    "wrong initial state",
                    f"new invoice is {status!r}, expected {life.initial!r}",
                    answer,
                    res.operations["create"],
                )
            self.invoices.append(Tracked(invoice_id, life.initial, zero))

        @precondition(lambda self: bool(self.invoices))
        @rule(data=st.data(), action=st.sampled_from(actions))
        def act(self, data: st.DataObject, action: str) -> None:
            tracked = data.draw(st.sampled_from(self.invoices), label="invoice")
            transition = life.transition(action)
            assert transition is not None
            expected = outcome(life, transition, tracked.state, zero_total=tracked.zero_total)
            before = ctx.retrieve(tracked.invoice_id) if expected is None else None
            answer = ctx.call(action, tracked.invoice_id, body=transition.body)
            self.step(
                f"{action} {tracked.invoice_id} (model: {tracked.state} -> {expected or 'rejected'})"
                f" => HTTP {answer.status}"
            )
            if expected is None:
                ctx.expect_error(answer, life.rejection, f"illegal {action} from {tracked.state} not rejected", action)
                after = ctx.retrieve(tracked.invoice_id)
                if before is not None and ctx.resource(after) != ctx.resource(before):
                    raise self.fail(
                        "rejected action changed the invoice",
                        _diff(ctx.resource(before), ctx.resource(after)),
                        after,
                        action,
                    )
                return
            if answer.status not in (200, 201, 204):
                raise self.fail(
                    f"legal {action} from {tracked.state} refused",
                    f"HTTP {answer.status}: {answer.text[:200]}",
                    answer,
                    action,
                )
            if expected == DELETED:
                gone = ctx.retrieve(tracked.invoice_id)
                ctx.expect_error(gone, ctx.x.errors.not_found, f"{action} did not delete", res.operations["retrieve"])
                self.invoices.remove(tracked)
                return
            read = ctx.retrieve(tracked.invoice_id)
            state = ctx.status_of(read)
            if state != expected and life.time_driven.get(str(state)) != expected:
                raise self.fail(
                    "wrong state",
                    f"after {action} from {tracked.state}: {state!r}, expected {expected!r}",
                    read,
                    action,
                )
            tracked.state = expected
            self.observe(tracked, read, action)

        @precondition(lambda self: update is not None and bool(self.invoices))
        @rule(data=st.data())
        def edit(self, data: st.DataObject) -> None:
            assert update is not None and res.update_example is not None
            tracked = data.draw(st.sampled_from(self.invoices), label="invoice")
            body = copy.deepcopy(ctx.spec.example(res.update_example))
            answer = ctx.call(update, tracked.invoice_id, body=body)
            allowed = tracked.state in life.editable_in
            verdict = "allowed" if allowed else "must be rejected"
            self.step(f"update {tracked.invoice_id} in {tracked.state} ({verdict}) => HTTP {answer.status}")
            if allowed:
                if answer.status != 200:
                    raise self.fail(
                        "edit of an editable invoice refused",
                        f"HTTP {answer.status}: {answer.text[:200]}",
                        answer,
                        update,
                    )
            else:
                ctx.expect_error(answer, life.rejection, f"edit in {tracked.state} not rejected", update)

        def observe(self, tracked: Tracked, read: Any, action: str) -> None:
            resource = ctx.resource(read)
            if tracked.state not in life.editable_in and tracked.frozen is None:
                tracked.frozen = _frozen(ctx, read)
            if numbering and tracked.number is None and resource.get(numbering.field) is not None:
                tracked.number = resource[numbering.field]
                if numbering.pattern and not _matches(numbering.pattern, tracked.number):
                    raise self.fail(
                        "bad number", f"{tracked.number!r} does not match {numbering.pattern}", read, action
                    )
                if tracked.number in self.numbers:
                    raise self.fail("number reused", f"{tracked.number!r} was already assigned", read, action)
                if (
                    numbering.sequential
                    and self.numbers
                    and number_order(tracked.number) <= number_order(self.numbers[-1])
                ):
                    raise self.fail(
                        "numbers not increasing", f"{tracked.number!r} after {self.numbers[-1]!r}", read, action
                    )
                self.numbers.append(tracked.number)

        @invariant()
        def frozen_fields_stay(self) -> None:
            for tracked in self.invoices:
                if tracked.frozen is None:
                    continue
                read = ctx.retrieve(tracked.invoice_id)
                now = _frozen(ctx, read)
                if now != tracked.frozen:
                    raise self.fail(
                        "frozen field changed", _diff(tracked.frozen, now), read, res.operations["retrieve"]
                    )

    return LifecycleMachine


def _frozen(ctx: CheckContext, read: Any) -> dict[str, Any]:
    resource = ctx.resource(read)
    return {name: pointer.get_path(resource, name) for name in ctx.x.lifecycle.frozen_fields}


def _matches(pattern: str, value: Any) -> bool:
    return isinstance(value, str) and re.search(pattern, value) is not None


def _diff(before: dict[str, Any], after: dict[str, Any]) -> str:
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return "; ".join(f"{k}: {before.get(k)!r} -> {after.get(k)!r}" for k in changed[:5]) or "no field differs"


@check
def lifecycle_model(ctx: CheckContext) -> None:
    """Random action sequences follow x-lifecycle: legal moves land right, illegal ones change nothing."""
    journal = Journal()
    machine = _machine(ctx, journal)
    machine_settings = settings(
        max_examples=ctx.profile.behaviour_examples,
        stateful_step_count=ctx.profile.stateful_steps,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
        verbosity=Verbosity.quiet,
    )
    with local_constants_ignored():
        run_state_machine_as_test(machine, settings=machine_settings)  # type: ignore[no-untyped-call,unused-ignore]
