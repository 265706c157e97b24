"""Pagination as `x-pagination` declares: walking every page at several limits yields each invoice once,
in the declared order, with has-more/cursor/offset semantics right; out-of-range limits are refused. An
invoice's own lines list (`x-resource.operations.list-lines`) pages the same way."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from conformance.spec import pointer
from conformance.transport.http import Answer

from .context import CheckContext
from .failures import CheckSkipped
from .registry import check

CREATED = 5
LINES = 5
MAX_PAGES = 200


class Walk(NamedTuple):
    ids: list[str]
    keys: list[Any]
    last: Answer | None
    # "last page", "found all" (newest first, every wanted id seen) or "cut off" (page budget spent)
    ended: str


def _walk(
    ctx: CheckContext,
    limit: int,
    wanted: set[str],
    max_pages: int,
    *,
    operation: str = "",
    invoice_id: str | None = None,
    identify: Callable[[dict[str, Any]], str] | None = None,
) -> Walk:
    """Ids in page order until every wanted id was seen (desc order), the last page, or `max_pages`.

    `operation` defaults to the declared list; `invoice_id` fills the path of a per-invoice list;
    `identify` names an item (default: its id field)."""
    p = ctx.x.pagination
    operation = operation or p.operations[0]
    identify = identify or (lambda item: str(item.get(ctx.x.resource.id_field)))
    seen: list[str] = []
    keys: list[Any] = []
    query: dict[str, Any] = {p.limit.parameter: limit}
    last: Answer | None = None
    for _ in range(max_pages):
        answer = ctx.expect(ctx.call(operation, invoice_id, query=query), 200, "list failed", operation)
        last = answer
        items = [i for i in ctx.list_items(answer) if isinstance(i, dict)]
        if len(items) > limit:
            raise ctx.fail("page too long", f"limit={limit} returned {len(items)} items", answer)
        seen += [identify(i) for i in items]
        keys += [i.get(p.order_field) for i in items]
        has_more = pointer.get(answer.json, p.has_more, None) if p.has_more else bool(items)
        if not items or not has_more:
            return Walk(seen, keys, last, "last page")
        if wanted and p.order_descending and wanted <= set(seen):  # newest first: older pages cannot hold ours
            return Walk(seen, keys, last, "found all")
        query = {p.limit.parameter: limit, _next_page_parameter(ctx): _next_page(ctx, answer, seen)}
    return Walk(seen, keys, last, "cut off")


def _next_page_parameter(ctx: CheckContext) -> str:
    p = ctx.x.pagination
    name = p.offset_parameter if p.style == "offset" else p.cursor_parameter
    assert name is not None, "lint guarantees the parameter of the declared style"
    return name


def _next_page(ctx: CheckContext, answer: Answer, seen: list[str]) -> Any:
    p = ctx.x.pagination
    if p.style == "offset":
        return len(seen)
    if p.cursor_from == "envelope":
        cursor = pointer.get(answer.json, p.next_cursor or "", None)
        if not cursor:
            raise ctx.fail("no next cursor", "has-more is true but the envelope gives no cursor", answer)
        return cursor
    return seen[-1]


@check
def pagination_walk(ctx: CheckContext) -> None:
    """Every created invoice appears exactly once across pages, in the declared order, at several limits.

    The largest limit walks first and sizes the page budget of the others: a tenant that already holds
    thousands of invoices (the schema phases create many) may need more pages at limit 1 than is worth
    sending, and then only the pages within the budget are checked for repeats and order."""
    p = ctx.x.pagination
    created = {ctx.create_invoice()[0] for _ in range(CREATED)}
    total: int | None = None
    for limit in sorted({p.limit.minimum or 1, 2, 3, p.limit.maximum}, reverse=True):
        if limit < max(p.limit.minimum, 1):
            continue
        needed = MAX_PAGES if total is None else total // limit + max(2, total // limit // 10)
        walk = _walk(ctx, limit, created, min(needed, MAX_PAGES))
        if walk.ended == "cut off" and needed <= MAX_PAGES:
            counted = "" if total is None else f" for {total} invoices"
            raise ctx.fail("pagination does not end", f"more than {needed} pages at limit={limit}{counted}", walk.last)
        if walk.ended == "last page" and total is None:
            total = len(walk.ids)
        duplicates = sorted({i for i in walk.ids if walk.ids.count(i) > 1})
        if duplicates:
            raise ctx.fail("page items repeated", f"limit={limit}: {duplicates[:5]} seen twice", walk.last)
        missing = sorted(created - set(walk.ids))
        if missing and walk.ended != "cut off":
            raise ctx.fail("page items missing", f"limit={limit}: {missing} never listed", walk.last)
        comparable = [k for k in walk.keys if k is not None]
        ordered = sorted(comparable, reverse=p.order_descending)
        if comparable != ordered:
            raise ctx.fail(
                "wrong order",
                f"limit={limit}: {p.order_field} not {'desc' if p.order_descending else 'asc'}ending",
                walk.last,
            )


@check
def lines_pagination_walk(ctx: CheckContext) -> None:
    """An invoice's lines, paged at several limits, are listed once each, in the order of one whole page."""
    operation = ctx.x.resource.operations.get("list-lines")
    if operation is None:
        raise CheckSkipped("x-resource.operations names no list-lines operation")
    p, id_field = ctx.x.pagination, ctx.x.resource.id_field

    def identify(line: dict[str, Any]) -> str:  # lines without ids differ in quantity (see create_invoice)
        return str(line[id_field]) if id_field in line else json.dumps(line, sort_keys=True)

    invoice_id, _ = ctx.create_invoice(lines=LINES)

    def walk(limit: int) -> Walk:
        return _walk(ctx, limit, set(), LINES + 2, operation=operation, invoice_id=invoice_id, identify=identify)

    whole = walk(p.limit.maximum)
    if whole.ended != "last page" or len(whole.ids) != LINES or len(set(whole.ids)) != LINES:
        detail = f"limit={p.limit.maximum}: {len(set(whole.ids))} distinct of {len(whole.ids)} listed, {LINES} added"
        raise ctx.fail("lines page wrong", detail, whole.last)
    for limit in sorted({max(p.limit.minimum, 1), 2, 3}):
        paged = walk(limit)
        if paged.ids == whole.ids:
            continue
        repeated = sorted({i for i in paged.ids if paged.ids.count(i) > 1})
        missing = sorted(set(whole.ids) - set(paged.ids))
        title = "line pages repeat lines" if repeated else "line pages miss lines" if missing else "line pages reorder"
        detail = f"limit={limit}: {paged.ids} vs one page: {whole.ids}"
        raise ctx.fail(title, detail, paged.last)


@check
def pagination_limits(ctx: CheckContext) -> None:
    """Limits outside the declared range are refused with the validation error."""
    p = ctx.x.pagination
    operation = p.operations[0]
    for limit in (p.limit.minimum - 1, p.limit.maximum + 1):
        answer = ctx.call(operation, query={p.limit.parameter: limit})
        ctx.expect_error(answer, ctx.x.errors.validation, f"limit={limit} accepted", operation)
