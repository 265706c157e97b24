"""List pages as `x-pagination` declares them: cursor or offset, bounded limit, stable order.

Order is the spec's order field with the insertion sequence as tie-breaker, and a cursor names an item,
not an offset, so walking pages never skips or repeats an item even while invoices are being created.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from conformance.spec.extensions import Pagination

from .errors import Invalid, MissingReference


@dataclass(frozen=True)
class Cursor:
    """A page boundary: an item by id, or (from a foreign or stale cursor) just a value of the order field."""

    id: str | None
    order_value: Any = None


@dataclass(frozen=True)
class PageRequest:
    limit: int
    after: Cursor | None = None
    before: Cursor | None = None
    offset: int = 0


@dataclass(frozen=True)
class Page:
    items: list[Any]
    has_more: bool
    next_cursor: str | None
    total: int
    request: PageRequest


class CursorCodec:
    """Cursors as the spec's cursor parameter can hold them.

    Where an invoice id is a valid cursor value, the cursor is the id. Otherwise it is opaque: base64 of
    JSON `{<order field>: value, "id": id}`; decoding also accepts such JSON without an id (the order value
    alone positions the page), which is how the opaque cursors shown in specs' examples look.
    """

    def __init__(self, id_is_valid_cursor: bool, order_field: str) -> None:
        self.plain = id_is_valid_cursor
        self.order_field = order_field

    def encode(self, item_id: str, order_value: Any) -> str:
        if self.plain:
            return item_id
        return base64.b64encode(json.dumps({self.order_field: order_value, "id": item_id}).encode()).decode()

    def decode(self, cursor: str) -> Cursor:
        if self.plain:
            return Cursor(cursor)
        try:
            found = json.loads(base64.b64decode(cursor.encode("ascii"), validate=True))
        except (binascii.Error, UnicodeError, ValueError):
            raise Invalid("invalid cursor", param="cursor") from None
        if not isinstance(found, dict) or not (isinstance(found.get("id"), str) or self.order_field in found):
            raise Invalid("invalid cursor", param="cursor")
        return Cursor(found.get("id") if isinstance(found.get("id"), str) else None, found.get(self.order_field))


def page_request(pagination: Pagination, params: Mapping[str, Any], codec: CursorCodec) -> PageRequest:
    """The page asked for by already schema-validated query parameters; limit bounds are enforced here too."""
    limit_spec = pagination.limit
    limit = params.get(limit_spec.parameter, limit_spec.default)
    if not isinstance(limit, int) or isinstance(limit, bool) or not limit_spec.minimum <= limit <= limit_spec.maximum:
        raise Invalid(
            f"{limit_spec.parameter} must be an integer between {limit_spec.minimum} and {limit_spec.maximum}",
            param=limit_spec.parameter,
        )
    after = params.get(pagination.cursor_parameter) if pagination.cursor_parameter else None
    before = params.get(pagination.before_parameter) if pagination.before_parameter else None
    offset = params.get(pagination.offset_parameter, 0) if pagination.offset_parameter else 0
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise Invalid(
            f"{pagination.offset_parameter} must be a non-negative integer", param=pagination.offset_parameter
        )
    return PageRequest(
        limit=limit,
        after=codec.decode(after) if isinstance(after, str) else None,
        before=codec.decode(before) if isinstance(before, str) else None,
        offset=offset,
    )


def slice_page(items: list[Any], key: str, request: PageRequest) -> tuple[list[Any], bool]:
    """A page of an in-memory list (an invoice's lines) by the same rules: cursors name items by `key`."""
    ids = [item.get(key) for item in items]
    start, stop = request.offset, len(items)
    for cursor, after in ((request.after, True), (request.before, False)):
        if cursor is not None:
            if cursor.id not in ids:
                raise MissingReference(f"no such item: {str(cursor.id)[:100]}")
            if after:
                start = ids.index(cursor.id) + 1
            else:
                stop = ids.index(cursor.id)
    if request.before is not None:
        begin = max(start, stop - request.limit)
        return items[begin:stop], begin > start
    return items[start : start + request.limit], start + request.limit < stop


def envelope(
    pagination: Pagination,
    page: Page,
    base: dict[str, Any],
    set_pointer: Callable[[Any, str, Any], None],
    nullable_cursor: bool,
) -> dict[str, Any]:
    """Fill `base` (the list schema's skeleton) at the envelope pointers the spec declares."""
    set_pointer(base, pagination.items, page.items)
    if pagination.has_more:
        set_pointer(base, pagination.has_more, page.has_more)
    if pagination.total:
        set_pointer(base, pagination.total, page.total)
    if pagination.next_cursor:
        if page.next_cursor is not None:
            set_pointer(base, pagination.next_cursor, page.next_cursor)
        elif nullable_cursor:
            set_pointer(base, pagination.next_cursor, None)
        else:
            # A cursor that may not be null is left out on the last page.
            _remove(base, pagination.next_cursor)
    # Envelope fields named after the paging parameters echo what was applied (`limit`, `offset`).
    for name, value in (
        (pagination.limit.parameter, page.request.limit),
        (pagination.offset_parameter, page.request.offset),
    ):
        if name and name in base:
            base[name] = value
    return base


def _remove(document: dict[str, Any], pointer: str) -> None:
    *parents, last = pointer.lstrip("/").split("/")
    node: Any = document
    for token in parents:
        node = node.get(token) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)
