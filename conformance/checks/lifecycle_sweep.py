"""The directed lifecycle sweep: every reachable state, every action and edit it forbids, and numbering.

`lifecycle_model` explores at random, and deep states (paid, void) are rare in a small budget. This check
visits each state on purpose: it drives a fresh invoice there along the shortest legal path, then tries
each transition `x-lifecycle` forbids from that state and each edit outside `editable-in`, expecting the
declared rejection and an unchanged invoice. Two finalizations in a row must get distinct, increasing numbers.
"""

from __future__ import annotations

import copy
from typing import Any

from conformance.spec import pointer
from conformance.transport.http import Answer

from .context import CheckContext
from .failures import CheckSkipped
from .model import number_order, outcome, path_to
from .preconditions import needs
from .registry import check


def _drive(ctx: CheckContext, state: str) -> tuple[str, Answer]:
    route = path_to(ctx.x.lifecycle, state) or []
    invoice_id, answer = ctx.create_invoice(quantity=1, unit_amount=ctx.random.randint(100, 9_999))
    for transition in route:
        answer = ctx.call(transition.operation, invoice_id, body=transition.body)
        ctx.expect(answer, {200, 201}, f"could not reach {state}", transition.operation)
    return invoice_id, ctx.expect(
        ctx.retrieve(invoice_id), 200, "retrieve failed", ctx.x.resource.operations["retrieve"]
    )


def _refused(ctx: CheckContext, invoice_id: str, before: Answer, operation_id: str, body: Any, title: str) -> None:
    answer = ctx.call(operation_id, invoice_id, body=body)
    ctx.expect_error(answer, ctx.x.lifecycle.rejection, title, operation_id)
    after = ctx.retrieve(invoice_id)
    if ctx.resource(after) != ctx.resource(before):
        raise ctx.fail(
            f"{title}, yet the invoice changed",
            "refused call changed the invoice",
            after,
            operation=ctx.label(operation_id),
        )


def _edits(ctx: CheckContext, invoice_id: str) -> list[tuple[str, Any]]:
    res = ctx.x.resource
    found: list[tuple[str, Any]] = []
    if "update" in res.operations and res.update_example:
        found.append((res.operations["update"], copy.deepcopy(ctx.spec.example(res.update_example))))
    if "add-line" in res.operations and res.add_line_example and res.lines.invoice_field:
        line = copy.deepcopy(ctx.spec.example(res.add_line_example))
        pointer.set_path(line, res.lines.invoice_field, invoice_id)
        found.append((res.operations["add-line"], line))
    return found


@check
def lifecycle_sweep(ctx: CheckContext) -> None:
    """Each reachable state refuses every action and edit x-lifecycle forbids there, and changes nothing."""
    life = ctx.x.lifecycle
    visited = 0
    for state in life.states:
        if path_to(life, state) is None:
            continue
        forbidden = [t for t in life.transitions if outcome(life, t, state, zero_total=False) is None]
        edits_forbidden = state not in life.editable_in
        if not forbidden and not edits_forbidden:
            continue
        visited += 1
        invoice_id, before = _drive(ctx, state)
        for transition in forbidden:
            _refused(
                ctx,
                invoice_id,
                before,
                transition.operation,
                transition.body,
                f"illegal {transition.operation} from {state} not rejected",
            )
        if edits_forbidden:
            for operation_id, body in _edits(ctx, invoice_id):
                _refused(ctx, invoice_id, before, operation_id, body, f"edit in {state} not rejected")
    if not visited:
        raise CheckSkipped("no reachable state forbids an action or an edit")


@check
@needs(lambda ctx: ctx.x.lifecycle.numbering is not None, "the spec declares no x-lifecycle.numbering")
def numbering_sequence(ctx: CheckContext) -> None:
    """Invoices numbered one after another get distinct numbers that increase (x-lifecycle.numbering)."""
    numbering = ctx.x.lifecycle.numbering
    assert numbering is not None
    transition = ctx.x.lifecycle.transition(numbering.assigned_by)
    route = path_to(ctx.x.lifecycle, transition.target) if transition and transition.target else None
    if route is None:
        raise CheckSkipped(f"no legal path runs through {numbering.assigned_by}")
    numbers: list[Any] = []
    for _ in range(3):
        invoice_id, _answer = ctx.create_invoice(quantity=1, unit_amount=ctx.random.randint(100, 9_999))
        for step in route:
            ctx.expect(
                ctx.call(step.operation, invoice_id, body=step.body), {200, 201}, "numbering failed", step.operation
            )
        read = ctx.expect(ctx.retrieve(invoice_id), 200, "retrieve failed", ctx.x.resource.operations["retrieve"])
        number = ctx.resource(read).get(numbering.field)
        if number is None:
            raise ctx.fail(
                "no number assigned",
                f"{numbering.assigned_by} left {numbering.field} empty",
                read,
                operation=ctx.label(numbering.assigned_by),
            )
        if number in numbers or (
            numbering.sequential and numbers and number_order(number) <= number_order(numbers[-1])
        ):
            raise ctx.fail(
                "number reused or not increasing",
                f"{number!r} after {numbers}",
                read,
                operation=ctx.label(numbering.assigned_by),
            )
        numbers.append(number)
