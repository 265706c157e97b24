"""The invoice core: create, read, list, edit, delete and lifecycle actions, all read from the spec's `x-` data.

A stored invoice is its *resource document* (what retrieve returns); the resource sits at
`x-resource.pointer` inside it and the lines at `x-resource.lines.pointer`. Money fields are derived with
the spec's own `x-money` equations, so the spec stays the single source of truth for the arithmetic.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from conformance.spec.equations import derive
from conformance.spec.pointer import get, get_path, set_, set_path
from conformance.types import JsonObject, OperationId

from ..storage.base import Filter, Position, Storage, Stored
from .documents import contains, has_content, is_scalar, merge, subtract
from .errors import Invalid, MissingReference, NotFound, Rejected
from .model import Model
from .pagination import Cursor, CursorCodec, Page, PageRequest
from .shapes import Schema, generate_id, id_prefix

RANGE = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


@dataclass(frozen=True)
class Context:
    """Who is acting: the tenant (a hash of the API key, never the key itself)."""

    tenant: str


class Hooks(Protocol):
    """Per-API finishing touches an adapter supplies where the spec's data cannot say enough."""

    def prepare(self, document: JsonObject, model: Model, context: Context) -> None:
        """A new invoice, after the request is merged and before unset fields are filled."""

    def prepare_line(self, line: JsonObject, document: JsonObject, model: Model, context: Context) -> None:
        """A new line, after its request fields are merged."""

    def touch(self, document: JsonObject, model: Model) -> None:
        """Any change that is about to be saved."""

    def entered(self, document: JsonObject, state: str, model: Model) -> None:
        """The invoice just moved to `state` by a lifecycle transition."""

    def derived(self, document: JsonObject, model: Model) -> None:
        """The `x-money` equations just ran: rules they cannot state (a floor at zero) are applied here."""


class InvoiceService:
    """One API's invoices for all tenants. Every method is one storage transaction."""

    def __init__(self, model: Model, storage: Storage, hooks: Hooks, codec: CursorCodec) -> None:
        self.model = model
        self.storage = storage
        self.hooks = hooks
        self.codec = codec
        self.x = model.x

    # --- reads -------------------------------------------------------------------------------------
    def retrieve(self, context: Context, invoice_id: str) -> JsonObject:
        return self.retrieve_stored(context, invoice_id).document

    def retrieve_stored(self, context: Context, invoice_id: str) -> Stored:
        """The stored invoice, its document still serialized (the read fast path sends that text as is)."""
        stored = self.storage.get(self.model.api, context.tenant, invoice_id)
        if stored is None or stored.deleted:
            raise NotFound(f"No such {self.x.resource.name}: {invoice_id[:100]}", param=self.x.resource.id_parameter)
        return stored

    def page(self, context: Context, request: PageRequest, filters: Mapping[str, Any] | None = None) -> Page:
        """A page of the tenant's invoices; `filters` are record fields to a value or a gt/gte/lt/lte range."""
        api, tenant, pag = self.model.api, context.tenant, self.x.pagination
        pointer_filters = self._filters(filters or {})
        after = self._position(context, request.after, pag.cursor_parameter)
        before = self._position(context, request.before, pag.before_parameter)
        docs = self.storage.page(
            api,
            tenant,
            descending=pag.order_descending,
            limit=request.limit + 1,
            after=after,
            before=before,
            offset=request.offset,
            filters=pointer_filters,
        )
        total = self.storage.count(api, tenant, pointer_filters)
        has_more = len(docs) > request.limit
        docs = docs[1:] if has_more and before is not None else docs[: request.limit]
        last = docs[-1] if has_more and docs else None
        next_cursor = self.codec.encode(self.model.document_id(last), self.model.order_value(last)) if last else None
        return Page(docs, has_more, next_cursor, total, request)

    def _filters(self, filters: Mapping[str, Any]) -> list[Filter]:
        found: list[Filter] = []
        for name, value in filters.items():
            pointer = self._record_pointer(name)
            if isinstance(value, dict):
                unknown = set(value) - RANGE.keys()
                if unknown:
                    raise Invalid(f"{name}: unknown range bound {sorted(unknown)[0][:40]}", param=name)
                found += [(pointer, RANGE[bound], bound_value) for bound, bound_value in value.items()]
            elif isinstance(value, str | int | float | bool) or value is None:
                found.append((pointer, "=", value))
            else:
                raise Invalid(f"{name}: cannot filter by a list", param=name)
        return found

    def _position(self, context: Context, cursor: Cursor | None, parameter: str | None) -> Position | None:
        if cursor is None:
            return None
        stored = self.storage.get(self.model.api, context.tenant, cursor.id) if cursor.id is not None else None
        if stored is not None:
            return Position(stored.order_value, stored.seq)
        if cursor.id is None and cursor.order_value is not None:
            # Only an order value: the boundary sits past every invoice sharing it, in walking direction.
            return Position(cursor.order_value, -1 if self.x.pagination.order_descending else 2**62)
        raise MissingReference(f"{parameter}: no such {self.x.resource.name}: {str(cursor.id)[:100]}", param=parameter)

    def _record_pointer(self, field: str) -> str:
        return f"{self.x.resource.pointer}/{field}"

    # --- writes ------------------------------------------------------------------------------------
    def create(self, context: Context, body: JsonObject) -> JsonObject:
        document = self.build(context, body)
        model = self.model
        with self.storage.transaction():
            self.storage.insert(
                model.api, context.tenant, model.document_id(document), model.order_value(document), document
            )
        return document

    def build(self, context: Context, body: JsonObject) -> JsonObject:
        """A new invoice document from a create body, not stored (create stores it; previews do not)."""
        model, life, res = self.model, self.x.lifecycle, self.x.resource
        document: JsonObject = {}
        if res.pointer:
            set_(document, res.pointer, {})
        record = model.record(document)
        self._merge(document, self._without_lines(body), model.document_schema)
        # Server-owned fields win over anything the body carried.
        record[res.id_field] = self._new_id()
        if record.get(life.status_field) not in life.states:
            record[life.status_field] = life.initial
        record[self.x.pagination.order_field] = model.order_now()
        if life.numbering:
            record[life.numbering.field] = None
        set_(document, res.lines.pointer, [])
        self.hooks.prepare(document, model, context)
        line_body: Any
        for line_body in self._request_lines(body) or []:
            self.attach_line(document, line_body, context)
        model.shapes.fill(record, model.record_schema)
        model.shapes.fill(document, model.document_schema)
        self.derive(document)
        self.hooks.touch(document, model)
        return document

    def _new_id(self) -> str:
        pattern = self.x.resource.id_pattern
        if pattern and id_prefix(pattern) is not None:
            return generate_id(pattern)
        generated = self.model.shapes.skeleton(
            self.model.shapes.property(self.model.record_schema, self.x.resource.id_field)
        )
        return generated if isinstance(generated, str) and generated else generate_id("^inv_[A-Za-z0-9]+$")

    def update(self, context: Context, operation: OperationId, invoice_id: str, body: JsonObject) -> JsonObject:
        life = self.x.lifecycle
        with self.storage.transaction():
            document = self.retrieve(context, invoice_id)
            state = self.model.status(document)
            transition = next(
                (t for t in life.transitions if t.operation == operation and t.body and contains(body, t.body)), None
            )
            edits = subtract(body, transition.body) if transition and transition.body else body
            requested = get(edits, self._record_pointer(life.status_field), None)
            if requested is not None and requested != state:
                raise Rejected(f"cannot change {life.status_field} from {state} to {requested}")
            if has_content(edits) and state not in life.editable_in:
                raise Rejected(f"a {self.x.resource.name} in status {state} cannot be edited")
            if transition is not None and not life.allows(operation, state):
                raise Rejected(f"cannot move a {self.x.resource.name} from {state} to {transition.target}")
            if has_content(edits):
                self._edit(document, edits, context)
                problem = self.model.document_problem(document)
                if problem is not None:
                    # A field-by-field valid edit can still leave an inconsistent invoice (a purchase
                    # invoice without its purchase): the edit is refused, nothing is saved.
                    raise Invalid(f"the {self.x.resource.name} would become invalid: {problem[:200]}")
            if transition is not None:
                self._enter(document, operation, transition.target, transition.target_if_zero, context)
            self.hooks.touch(document, self.model)
            self._save(context, document, deleted=transition is not None and transition.target is None)
            return document

    def _edit(self, document: JsonObject, body: JsonObject, context: Context) -> None:
        model, res, life = self.model, self.x.resource, self.x.lifecycle
        record = model.record(document)
        protected = {res.id_field, life.status_field, self.x.pagination.order_field}
        if life.numbering:
            protected.add(life.numbering.field)
        kept = {name: record[name] for name in protected if name in record}
        self._merge(document, self._without_lines(body), model.document_schema)
        record.update(kept)
        new_lines = self._request_lines(body)
        if new_lines is not None:
            self._replace_lines(document, new_lines, context)
        self.derive(document)

    def add_line(self, context: Context, body: JsonObject) -> tuple[JsonObject, JsonObject]:
        """Add the line `body` describes to the invoice it names; returns (invoice document, new line)."""
        invoice_field = self.x.resource.lines.invoice_field or ""
        invoice_id = str(body.get(invoice_field, ""))
        with self.storage.transaction():
            document = self.retrieve(context, invoice_id)
            state = self.model.status(document)
            if state not in self.x.lifecycle.editable_in:
                raise Rejected(f"lines cannot be added to a {self.x.resource.name} in status {state}")
            currency = self.x.money.currency_field
            if currency in body and body[currency] != self.model.record(document).get(currency):
                raise Invalid(f"{currency} must match the {self.x.resource.name}'s {currency}", param=currency)
            line = self.attach_line(document, body, context)
            self.derive(document)
            self.hooks.touch(document, self.model)
            self._save(context, document)
            return document, line

    def delete(self, context: Context, operation: OperationId, invoice_id: str) -> JsonObject:
        return self.transition(context, operation, invoice_id)

    def transition(self, context: Context, operation: OperationId, invoice_id: str) -> JsonObject:
        life = self.x.lifecycle
        with self.storage.transaction():
            document = self.retrieve(context, invoice_id)
            state = self.model.status(document)
            declared = life.transition(operation)
            allowed = life.allows(operation, state) if declared else state in life.editable_in
            if not allowed:
                raise Rejected(f"{operation} is not allowed: the {self.x.resource.name} is {state}")
            if declared is None or declared.target is None:
                self._save(context, document, deleted=True)
                return document
            self._enter(document, operation, declared.target, declared.target_if_zero, context)
            self.hooks.touch(document, self.model)
            self._save(context, document)
            return document

    # --- helpers -----------------------------------------------------------------------------------
    def _enter(
        self, document: JsonObject, operation: OperationId, target: str | None, if_zero: str | None, context: Context
    ) -> None:
        life, record = self.x.lifecycle, self.model.record(document)
        if target is None:
            return
        state = if_zero if if_zero and self._is_zero(document) else target
        record[life.status_field] = state
        numbering = life.numbering
        if numbering and numbering.assigned_by == operation and record.get(numbering.field) is None:
            n = self.storage.next_value(self.model.api, context.tenant, f"number:{numbering.field}")
            record[numbering.field] = self.model.number_format(n, context.tenant)
        if state in self.model.paid_states:
            derive(record, self.model.lines(document), self.x.money.paid_invariants)
        self.hooks.entered(document, state, self.model)

    def _is_zero(self, document: JsonObject) -> bool:
        spec_lines = self.x.resource.lines
        total = 0
        for line in self.model.lines(document):
            quantity, unit = get_path(line, spec_lines.quantity), get_path(line, spec_lines.unit_amount)
            if isinstance(quantity, int) and isinstance(unit, int):
                total += quantity * unit
        return total == 0

    def derive(self, document: JsonObject) -> None:
        """Recompute the money fields from the lines with the spec's `x-money` equations."""
        money = self.x.money
        derive(self.model.record(document), self.model.lines(document), money.invariants, money.line_invariants)
        self.hooks.derived(document, self.model)
        problem = self.model.money_problem(document)
        if problem is not None:
            raise Invalid(f"the {self.x.resource.name}'s amounts would be out of range: {problem[:200]}")

    def _save(self, context: Context, document: JsonObject, *, deleted: bool = False) -> None:
        model = self.model
        self.storage.update(
            model.api,
            context.tenant,
            model.document_id(document),
            model.order_value(document),
            document,
            deleted=deleted,
        )

    def _request_lines(self, body: JsonObject) -> list[Any] | None:
        pointer = self.x.resource.lines.request_pointer
        found = get(body, pointer, None) if pointer else None
        return found if isinstance(found, list) else None

    def _without_lines(self, body: JsonObject) -> JsonObject:
        pointer = self.x.resource.lines.request_pointer
        if not pointer or get(body, pointer, None) is None:
            return body
        trimmed = copy.deepcopy(body)
        *parents, last = pointer.lstrip("/").split("/")
        node = get(trimmed, "/" + "/".join(parents) if parents else "")
        node.pop(last, None)
        return trimmed

    def attach_line(self, document: JsonObject, body: Any, context: Context) -> JsonObject:
        """Build a line from a request body and append it to `document` (totals are not re-derived)."""
        line: JsonObject = {}
        if isinstance(body, dict):
            self._merge(line, body, self.model.line_schema)
            self._nested_line_fields(line, body)
        self._finish_line(line, document, context)
        self.model.lines(document).append(line)
        return line

    def _nested_line_fields(self, line: JsonObject, body: JsonObject) -> None:
        """A request field named like the end of a dotted line path fills it (`unit_amount` -> `price.unit_amount`)."""
        spec_lines = self.x.resource.lines
        for path in (spec_lines.quantity, spec_lines.unit_amount):
            leaf = path.rsplit(".", 1)[-1]
            if "." in path and leaf in body and get_path(line, path) is None:
                parent = path.rsplit(".", 1)[0]
                if not isinstance(get_path(line, parent), dict):
                    # An emptied parent (`price=` unsets the price in a form) gives way to the one the leaf builds.
                    set_path(line, parent, {})
                set_path(line, path, body[leaf])

    def _finish_line(self, line: JsonObject, document: JsonObject, context: Context) -> None:
        model = self.model
        shapes, record = model.shapes, model.record(document)
        props, required = shapes.properties(model.line_schema)
        for name in sorted(required - line.keys()):
            fixed = shapes.schema(props.get(name))
            inherited = record.get(name)
            if (
                name != self.x.resource.id_field
                and "const" not in fixed
                and "enum" not in fixed
                and is_scalar(inherited)
            ):
                # Required line fields the invoice also has (currency, customer, livemode) come from the invoice.
                line[name] = copy.deepcopy(record[name])
        self.hooks.prepare_line(line, document, model, context)
        shapes.fill(line, model.line_schema)

    def _replace_lines(self, document: JsonObject, bodies: list[Any], context: Context) -> None:
        """Lines sent in an edit replace the lines; one carrying an existing line's id updates that line."""
        id_field = self.x.resource.id_field
        existing = {line.get(id_field): line for line in self.model.lines(document) if isinstance(line, dict)}
        lines: list[JsonObject] = []
        for body in bodies:
            line_id = body.get(id_field) if isinstance(body, dict) else None
            if line_id is not None:
                if line_id not in existing:
                    raise MissingReference(f"no such line: {str(line_id)[:100]}", param=id_field)
                line = copy.deepcopy(existing[line_id])
                self._merge(line, {k: v for k, v in body.items() if k != id_field}, self.model.line_schema)
            else:
                line = {}
                self._merge(line, body if isinstance(body, dict) else {}, self.model.line_schema)
                self._finish_line(line, document, context)
            lines.append(line)
        set_(document, self.x.resource.lines.pointer, lines)

    def _merge(self, target: JsonObject, body: JsonObject, schema: Schema) -> None:
        merge(self.model.shapes, target, body, schema)
