"""Idempotency as `x-idempotency` declares: replay returns the first answer and creates nothing;
a reused key with another request is refused; concurrent duplicates create exactly one object."""

from __future__ import annotations

import copy
import uuid
from concurrent.futures import ThreadPoolExecutor

from conformance.spec import pointer
from conformance.transport.http import Answer

from .context import CheckContext
from .preconditions import needs_idempotency
from .registry import check

CONCURRENT = 8


def _key_header(ctx: CheckContext) -> str:
    assert ctx.x.idempotency is not None
    return ctx.x.idempotency.header


@check
@needs_idempotency
def idempotent_replay(ctx: CheckContext) -> None:
    """Same key + same request: same status and body, and only one invoice exists."""
    create = ctx.x.resource.operations["create"]
    headers = {_key_header(ctx): str(uuid.uuid4())}
    body = ctx.create_body()
    first = ctx.expect(ctx.call(create, body=body, headers=headers), {200, 201}, "create failed", create)
    replay = ctx.call(create, body=body, headers=headers)
    if (replay.status, replay.json if replay.is_json else replay.text) != (
        first.status,
        first.json if first.is_json else first.text,
    ):
        raise ctx.fail(
            "replay differs",
            f"first {first.status} {ctx.invoice_id(first)}, replay {replay.status} {replay.text[:200]}",
            replay,
            operation=ctx.label(create),
        )
    invoice_id = ctx.invoice_id(first)
    listing = ctx.call(
        ctx.x.resource.operations["list"], query={ctx.x.pagination.limit.parameter: ctx.x.pagination.limit.maximum}
    )
    ids = [i.get(ctx.x.resource.id_field) for i in ctx.list_items(listing) if isinstance(i, dict)]
    if ids.count(invoice_id) > 1:
        raise ctx.fail("replay created a duplicate", f"{invoice_id} listed {ids.count(invoice_id)} times", listing)


@check
@needs_idempotency
def idempotency_key_mismatch(ctx: CheckContext) -> None:
    """Same key + a different request: the declared mismatch error, and no second invoice."""
    assert ctx.x.idempotency is not None
    create = ctx.x.resource.operations["create"]
    headers = {_key_header(ctx): str(uuid.uuid4())}
    body = ctx.create_body()
    ctx.expect(ctx.call(create, body=body, headers=headers), {200, 201}, "create failed", create)
    changed = copy.deepcopy(body)
    first_echo = ctx.x.resource.echo_fields[0][0] if ctx.x.resource.echo_fields else None
    if first_echo and isinstance(pointer.get(changed, first_echo, None), str):
        pointer.set_(changed, first_echo, pointer.get(changed, first_echo) + "x")
    else:
        changed = ctx.create_body(quantity=7, unit_amount=777)
    answer = ctx.call(create, body=changed, headers=headers)
    ctx.expect_error(answer, ctx.x.idempotency.mismatch, "key reused with another request", create)


@check
@needs_idempotency
def idempotent_concurrency(ctx: CheckContext) -> None:
    """Concurrent identical requests with one key create exactly one invoice."""
    assert ctx.x.idempotency is not None
    create = ctx.x.resource.operations["create"]
    headers = {_key_header(ctx): str(uuid.uuid4())}
    body = ctx.create_body()
    clients = [ctx.new_client(ctx.target.headers) for _ in range(CONCURRENT)]

    def send(index: int) -> Answer:
        return ctx.call(create, body=body, headers=headers, client=clients[index])

    with ThreadPoolExecutor(CONCURRENT) as pool:
        answers = list(pool.map(send, range(CONCURRENT)))
    in_flight = ctx.x.idempotency.in_flight
    ids = set()
    for answer in answers:
        if answer.status in (200, 201):
            ids.add(ctx.invoice_id(answer))
        elif in_flight is not None and answer.status == in_flight.status:
            ctx.expect_error(answer, in_flight, "in-flight duplicate answered wrongly", create)
        else:
            raise ctx.fail(
                "concurrent duplicate failed",
                f"HTTP {answer.status}: {answer.text[:200]}",
                answer,
                operation=ctx.label(create),
            )
    if len(ids) != 1:
        raise ctx.fail(
            "concurrent duplicates created several invoices",
            f"{len(ids)} ids: {sorted(ids)}",
            answers[0],
            operation=ctx.label(create),
        )
