"""Data echo and money: what was created reads back; totals follow the spec's `x-money` equations."""

from __future__ import annotations

from typing import Any

from conformance.spec import equations, pointer

from .context import CheckContext
from .model import path_to
from .registry import check


def _amounts(ctx: CheckContext) -> tuple[int, int]:
    return ctx.random.randint(1, 9), ctx.random.randint(1, 250_000)


@check
def data_echo(ctx: CheckContext) -> None:
    """Created fields read back unchanged, and a retrieved invoice carries the id that was asked for."""
    create = ctx.x.resource.operations["create"]
    body = ctx.create_body()
    created = ctx.expect(ctx.call(create, body=body), {200, 201}, "create failed", create)
    invoice_id = ctx.invoice_id(created)
    read = ctx.expect(ctx.retrieve(invoice_id), 200, "retrieve failed", ctx.x.resource.operations["retrieve"])
    if ctx.invoice_id(read) != invoice_id:
        raise ctx.fail("wrong id echoed", f"asked for {invoice_id}, got {ctx.invoice_id(read)}", read)
    for request_at, response_at in ctx.x.resource.echo_fields:
        sent = pointer.get(body, request_at, pointer.MISSING)
        if sent is pointer.MISSING:
            continue
        for label, answer in (("create", created), ("retrieve", read)):
            got = pointer.get(answer.json, response_at, pointer.MISSING)
            if got != sent:
                shown = "missing" if got is pointer.MISSING else repr(got)
                raise ctx.fail("data not echoed", f"{label} {response_at}: sent {sent!r}, got {shown}", answer)


def _verify(ctx: CheckContext, document: Any, lines: list[Any], answer: Any, rules: tuple[str, ...], what: str) -> None:
    resource = pointer.get(document, ctx.x.resource.pointer, {})
    for line in lines:
        problems = equations.violations(line, [], ctx.x.money.line_invariants)
        if problems:
            raise ctx.fail("line amount wrong", f"{what}: {problems[0]}", answer)
    problems = equations.violations(resource, lines, rules)
    if problems:
        raise ctx.fail("totals wrong", f"{what}: {problems[0]}", answer)


@check
def money_arithmetic(ctx: CheckContext) -> None:
    """Line amounts, totals and remaining amounts follow x-money, and a paid invoice is fully paid."""
    quantity, unit_amount = _amounts(ctx)
    invoice_id, answer = ctx.create_invoice(quantity=quantity, unit_amount=unit_amount)
    lines = ctx.lines(answer)
    if not lines:
        raise ctx.fail("lines missing", f"created with one line of {quantity} x {unit_amount}; none read back", answer)
    line = lines[-1]
    for field, want in ((ctx.x.resource.lines.quantity, quantity), (ctx.x.resource.lines.unit_amount, unit_amount)):
        if pointer.get_path(line, field) != want:
            raise ctx.fail("line not echoed", f"line {field} is {pointer.get_path(line, field)!r}, sent {want}", answer)
    _verify(ctx, answer.json, lines, answer, ctx.x.money.invariants, "draft")
    paid_state = ctx.x.money.paid_state
    route = path_to(ctx.x.lifecycle, paid_state) if paid_state else None
    if not route:
        return
    for transition in route:
        ctx.expect(
            ctx.call(transition.operation, invoice_id, body=transition.body),
            {200},
            "transition failed",
            transition.operation,
        )
    paid = ctx.expect(ctx.retrieve(invoice_id), 200, "retrieve failed", ctx.x.resource.operations["retrieve"])
    _verify(
        ctx, paid.json, ctx.lines(paid), paid, ctx.x.money.invariants + ctx.x.money.paid_invariants, paid_state or ""
    )
