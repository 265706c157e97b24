"""The repository protocol the domain core writes through; backends never interpret documents.

Keys are `(api, tenant, id)`. Documents are opaque JSON objects. Ordering uses two columns the domain
supplies: `order_value` (the value of the API's list order field) and an insertion `seq`, so pages are
stable even when many invoices share one timestamp.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from conformance.types import JsonObject

OrderValue = int | float | str | None
FilterValue = str | int | float | bool | None
# (JSON pointer into the document, comparison, value): ("/status", "=", "open"), ("/created", ">=", 1700000000).
Filter = tuple[str, str, FilterValue]
COMPARISONS = frozenset({"=", "<", "<=", ">", ">="})


@dataclass(frozen=True)
class Stored:
    """A stored invoice. `text` is the document as compact ASCII JSON, exactly what a response would carry."""

    text: str
    order_value: OrderValue
    seq: int
    deleted: bool

    @property
    def document(self) -> JsonObject:
        parsed: JsonObject = json.loads(self.text)
        return parsed


@dataclass(frozen=True)
class Position:
    """Where an item sits in list order: the page boundary of a cursor."""

    order_value: OrderValue
    seq: int


@dataclass(frozen=True)
class IdempotencyRecord:
    fingerprint: str
    status: int
    content_type: str
    body: bytes
    created: float


class Storage(Protocol):
    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing unit of work; nested calls join the outer transaction."""

    def get(self, api: str, tenant: str, id_: str) -> Stored | None:
        """The stored invoice, deleted ones included (cursors may still point at them)."""

    def insert(self, api: str, tenant: str, id_: str, order_value: OrderValue, document: JsonObject) -> None: ...

    def update(
        self, api: str, tenant: str, id_: str, order_value: OrderValue, document: JsonObject, *, deleted: bool = False
    ) -> None: ...

    def page(
        self,
        api: str,
        tenant: str,
        *,
        descending: bool,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
        offset: int = 0,
        filters: Sequence[Filter] = (),
    ) -> list[JsonObject]:
        """Live documents in list order, strictly after `after` / strictly before `before`.

        With `before`, the page is the `limit` items immediately preceding it, still in list order.
        Every one of `filters` must hold.
        """

    def count(self, api: str, tenant: str, filters: Sequence[Filter] = ()) -> int: ...

    def next_value(self, api: str, tenant: str, counter: str) -> int:
        """Increment and return a per-tenant counter (first value 1)."""

    def idempotency_get(self, api: str, tenant: str, key: str) -> IdempotencyRecord | None: ...

    def idempotency_put(self, api: str, tenant: str, key: str, record: IdempotencyRecord) -> None: ...

    def close(self) -> None: ...
