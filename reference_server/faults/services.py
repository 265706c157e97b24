"""Faults in the domain: an `InvoiceService` subclass overriding one method (lifecycle, reads, money, lists)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from conformance.spec.equations import derive, parse
from conformance.spec.pointer import get_path, set_path
from conformance.types import JsonObject, OperationId

from ..domain.errors import DomainError, NotFound
from ..domain.invoices import Context, InvoiceService
from ..domain.pagination import Cursor, Page, PageRequest
from ..storage.base import Position, Stored
from . import fault
from .declared import freeze_observable, reachable


def _loosen(service: InvoiceService, **changes: Any) -> None:
    """The service works from a lifecycle with `changes`; the spec itself (and so the checks) stays as written."""
    service.x = replace(service.x, lifecycle=replace(service.x.lifecycle, **changes))


@fault(
    "void-from-terminal",
    "lifecycle_sweep lifecycle_model",
    lambda s: bool(reachable(s.x.lifecycle) & s.x.lifecycle.terminal),
)
class _LeavesTerminal(InvoiceService):
    """transitions into a terminal state are accepted from terminal states too (void a paid invoice)"""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        life = self.x.lifecycle
        loose = [
            replace(t, sources=t.sources | life.terminal) if t.target in life.terminal else t for t in life.transitions
        ]
        _loosen(self, transitions=tuple(loose))


@fault("frozen-field-editable", "lifecycle_sweep lifecycle_model", freeze_observable)
class _NeverFrozen(InvoiceService):
    """invoices stay editable in every state, so frozen fields change after finalization"""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        _loosen(self, editable_in=frozenset(self.x.lifecycle.states))


@fault("status-not-persisted", "lifecycle_model")
class _StatusNotSaved(InvoiceService):
    """a transition answers with the new status but the stored invoice keeps the old one"""

    def _save(self, context: Context, document: JsonObject, *, deleted: bool = False) -> None:
        stored = self.storage.get(self.model.api, context.tenant, self.model.document_id(document))
        kept = copy.deepcopy(document)  # the response still shows the new status
        if stored is not None:
            status = self.x.lifecycle.status_field
            self.model.record(kept)[status] = self.model.record(stored.document)[status]
        super()._save(context, kept, deleted=deleted)


@fault("stale-read", "lifecycle_model money_arithmetic")
class _StaleRead(InvoiceService):
    """retrieve serves the invoice as it was before the last write (a lagging read replica)"""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.replica: dict[tuple[str, str], Stored] = {}

    def _save(self, context: Context, document: JsonObject, *, deleted: bool = False) -> None:
        key = (context.tenant, self.model.document_id(document))
        before = self.storage.get(self.model.api, *key)
        if before is not None:
            self.replica[key] = before
        super()._save(context, document, deleted=deleted)

    def retrieve(self, context: Context, invoice_id: str) -> JsonObject:
        # Writes read the primary; only the read endpoint (which calls retrieve_stored) hits the replica.
        return super().retrieve_stored(context, invoice_id).document

    def retrieve_stored(self, context: Context, invoice_id: str) -> Stored:
        fresh = super().retrieve_stored(context, invoice_id)
        return self.replica.get((context.tenant, invoice_id), fresh)


@fault("tenant-leak", "tenant_isolation")
class _TenantLeak(InvoiceService):
    """an invoice can be read and acted on with another tenant's key"""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.owners: dict[str, str] = {}

    def create(self, context: Context, body: JsonObject) -> JsonObject:
        document = super().create(context, body)
        self.owners[self.model.document_id(document)] = context.tenant
        return document

    def retrieve_stored(self, context: Context, invoice_id: str) -> Stored:
        return super().retrieve_stored(Context(self.owners.get(invoice_id, context.tenant)), invoice_id)


@fault("deleted-still-retrievable", "use_after_delete lifecycle_model", lambda s: "delete" in s.x.resource.operations)
class _Undead(InvoiceService):
    """deleted invoices are still served: reads ignore the soft-delete flag"""

    def retrieve_stored(self, context: Context, invoice_id: str) -> Stored:
        stored = self.storage.get(self.model.api, context.tenant, invoice_id)
        return replace(stored, deleted=False) if stored else super().retrieve_stored(context, invoice_id)


@fault("unknown-id-500", "not_found_everywhere schema.not_a_server_error")
class _UnknownId500(InvoiceService):
    """an unknown invoice id fails with 500 instead of the declared not-found error"""

    def retrieve_stored(self, context: Context, invoice_id: str) -> Stored:
        try:
            return super().retrieve_stored(context, invoice_id)
        except NotFound:
            raise DomainError("Internal error.", status=500) from None


@fault("totals-off-by-one", "money_arithmetic", lambda spec: bool(spec.x.money.invariants))
class _TotalsOffByOne(InvoiceService):
    """the first x-money total is one more than its equation gives"""

    def derive(self, document: JsonObject) -> None:
        super().derive(document)
        record, target = self.model.record(document), parse(self.x.money.invariants[0]).target
        value = get_path(record, target)
        if isinstance(value, int):
            set_path(record, target, value + 1)


@fault(
    "line-amount-wrong",
    "money_arithmetic",
    lambda spec: spec.x.resource.lines.amount is not None and bool(spec.x.money.line_invariants),
)
class _QuantityIgnored(InvoiceService):
    """a line's amount is its unit amount, whatever the quantity (totals follow the wrong amounts)"""

    def derive(self, document: JsonObject) -> None:
        lines, spec_lines = self.model.lines(document), self.x.resource.lines
        for line in lines:
            set_path(line, str(spec_lines.amount), get_path(line, spec_lines.unit_amount))
        derive(self.model.record(document), lines, self.x.money.invariants)


@fault("number-reused", "numbering_sequence lifecycle_model", lambda spec: spec.x.lifecycle.numbering is not None)
class _NumberReused(InvoiceService):
    """every finalized invoice gets the first number of the sequence"""

    def _enter(
        self, document: JsonObject, operation: OperationId, target: str | None, if_zero: str | None, context: Context
    ) -> None:
        field = str(self.x.lifecycle.numbering and self.x.lifecycle.numbering.field)
        unnumbered = self.model.record(document).get(field) is None
        super()._enter(document, operation, target, if_zero, context)
        if unnumbered and self.model.record(document).get(field) is not None:
            self.model.record(document)[field] = self.model.number_format(1, context.tenant)


@fault("list-drops-item", "pagination_walk")
class _DropsItem(InvoiceService):
    """every list page with two or more items leaves out its second item"""

    def page(self, context: Context, request: PageRequest, filters: Mapping[str, Any] | None = None) -> Page:
        found = super().page(context, request, filters)
        return replace(found, items=found.items[:1] + found.items[2:])


@fault("list-repeats-item", "pagination_walk")
class _RepeatsItem(InvoiceService):
    """the next page starts at the previous page's last item, not after it (an off-by-one cursor or offset)"""

    def page(self, context: Context, request: PageRequest, filters: Mapping[str, Any] | None = None) -> Page:
        if request.offset > 0:
            request = replace(request, offset=request.offset - 1)
        return super().page(context, request, filters)

    def _position(self, context: Context, cursor: Cursor | None, parameter: str | None) -> Position | None:
        found = super()._position(context, cursor, parameter)
        if found is None:
            return None
        # One insertion step back in walking direction puts the cursor's own item on the page.
        return Position(found.order_value, found.seq + (1 if self.x.pagination.order_descending else -1))
