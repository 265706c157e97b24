"""Broken variants of the reference server, one named fault each, for `invoice-conformance selftest`.

A fault never edits the core: it hands `create_app` other pipeline steps (one swapped or added step, which
may rewrite the replies of some operations, errors included) or an `InvoiceService` subclass overriding one
domain method. What a fault touches (fields, operations, statuses) and which APIs it applies to come from
the spec's `x-` blocks, so a new API's spec gets the same faults with no code change. A fault's docstring is
its description; `caught_by` documents which checks should notice, and the selftest measures which do.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from conformance.spec import Spec
from conformance.spec.equations import derive, parse
from conformance.spec.extensions import Lifecycle
from conformance.spec.pointer import get, get_path, set_path
from conformance.types import JsonObject, OperationId

from .adapters import ADAPTERS
from .api import ServiceFactory
from .domain.errors import DomainError, NotFound, Unauthenticated
from .domain.idempotency import fingerprint
from .domain.invoices import Context, InvoiceService
from .domain.pagination import Cursor, Page, PageRequest
from .pipeline import DEFAULT_STEPS, Call, Handler, Reply, Step, authenticate, idempotent, validate
from .storage.base import Position, Stored

JSON_TYPE = "application/json"


@dataclass(frozen=True)
class Injection:
    """What a fault changes, as `create_app` keyword arguments (the defaults are the unbroken server)."""

    steps: Sequence[Step] = DEFAULT_STEPS
    service: ServiceFactory = InvoiceService


@dataclass(frozen=True)
class Fault:
    id: str
    description: str
    caught_by: tuple[str, ...]
    applies: Callable[[Spec], bool]
    inject: Callable[[Spec], Injection]

    def app_options(self, spec: Spec) -> dict[str, Any]:
        """`running_server` options serving only `spec`'s API, broken by this fault."""
        injection = self.inject(spec)
        return {
            "adapters": {spec.api_id: ADAPTERS[spec.api_id]},
            "steps": injection.steps,
            "service": injection.service,
        }


FAULTS: dict[str, Fault] = {}
Breaker = TypeVar("Breaker", bound=Callable[..., Any])


def fault(
    fault_id: str, caught_by: str, applies: Callable[[Spec], bool] = lambda spec: True
) -> Callable[[Breaker], Breaker]:
    """Register a function `spec -> Injection`, or an `InvoiceService` subclass, as the fault `fault_id`."""

    def register(breaker: Breaker) -> Breaker:
        if isinstance(breaker, type):
            service: ServiceFactory = breaker

            def inject(spec: Spec) -> Injection:
                return Injection(service=service)
        else:
            inject = breaker
        description = " ".join((breaker.__doc__ or "").split())
        if fault_id in FAULTS:
            raise ValueError(f"fault {fault_id!r} is registered twice")
        FAULTS[fault_id] = Fault(fault_id, description, tuple(caught_by.split()), applies, inject)
        return breaker

    return register


# --- what a spec declares ----------------------------------------------------------------------------------
def reachable(life: Lifecycle) -> set[str]:
    """States API calls can lead to from the initial state."""
    seen, todo = {life.initial}, [life.initial]
    while todo:
        state = todo.pop()
        for t in life.transitions:
            if t.target and life.allows(t.operation, state) and t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return seen


def required_field(spec: Spec) -> str | None:
    """The first required resource field the checks do not need to find the invoice (not its id or status)."""
    skip = {spec.x.resource.id_field, spec.x.lifecycle.status_field}
    required = spec.deref({"$ref": spec.x.resource.schema}).get("required") or []
    return next((name for name in required if name not in skip), None)


def _freeze_observable(spec: Spec) -> bool:
    """An edit operation exists, and a state outside `editable-in` can be reached to try it in."""
    editors = {"update", "add-line"} & spec.x.resource.operations.keys()
    return bool(editors and reachable(spec.x.lifecycle) - spec.x.lifecycle.editable_in)


# --- responses --------------------------------------------------------------------------------------------
Rewrite = Callable[[Reply], Reply]


def rewriting(operations: Sequence[OperationId], rewrite: Rewrite) -> Injection:
    """An outermost step passing the replies of `operations` through `rewrite`, errors included."""

    def step(call: Call, next_: Handler) -> Reply:
        try:
            reply = next_(call)
        except DomainError as error:  # rendered here, as the app would, so error bodies can be rewritten too
            reply = call.api.errors.reply(error, call.endpoint.operation)
        return rewrite(reply) if call.endpoint.operation.operation_id in operations else reply

    return Injection(steps=(step, *DEFAULT_STEPS))


def editing_invoices(spec: Spec, operations: Sequence[OperationId], edit: Callable[[JsonObject], None]) -> Injection:
    """Rewrites the invoice in the body of 2xx JSON replies with `edit`."""

    def rewrite(reply: Reply) -> Reply:
        if not 200 <= reply.status < 300 or not reply.content_type.startswith(JSON_TYPE):
            return reply
        body = json.loads(reply.body)
        edit(get(body, spec.x.resource.pointer))
        return Reply(reply.status, reply.content_type, json.dumps(body).encode())

    return rewriting(operations, rewrite)


def _create_and_retrieve(spec: Spec) -> list[OperationId]:
    return [spec.x.resource.operations[name] for name in ("create", "retrieve")]


@fault("wrong-id-echoed", "data_echo")
def _wrong_id(spec: Spec) -> Injection:
    """retrieve answers with an invoice whose id differs from the one asked for"""
    id_field = spec.x.resource.id_field

    def edit(record: JsonObject) -> None:
        old = str(record[id_field])
        record[id_field] = old[:-1] + ("X" if old[-1] != "X" else "Y")  # the id's shape, another invoice

    return editing_invoices(spec, [spec.x.resource.operations["retrieve"]], edit)


@fault("wrong-field-type", "schema.response_schema_conformance", lambda spec: bool(spec.x.money.fields))
def _wrong_type(spec: Spec) -> Injection:
    """the x-money amounts of created and retrieved invoices are sent as strings"""

    def edit(record: JsonObject) -> None:
        record |= {name: str(record[name]) for name in spec.x.money.fields if isinstance(record.get(name), int)}

    return editing_invoices(spec, _create_and_retrieve(spec), edit)


@fault("missing-required-field", "schema.response_schema_conformance", lambda spec: required_field(spec) is not None)
def _missing_field(spec: Spec) -> Injection:
    """created and retrieved invoices lack a field the resource schema requires"""
    return editing_invoices(spec, _create_and_retrieve(spec), lambda record: record.pop(str(required_field(spec))))


@fault("wrong-status-code", "schema.status_code_conformance schema.strict_status_code")
def _wrong_status(spec: Spec) -> Injection:
    """create answers 200 where the spec documents 201, or 201 where it documents 200"""

    def rewrite(reply: Reply) -> Reply:
        return Reply({200: 201, 201: 200}.get(reply.status, reply.status), reply.content_type, reply.body)

    return rewriting([spec.x.resource.operations["create"]], rewrite)


@fault("wrong-content-type", "schema.content_type_conformance")
def _wrong_content_type(spec: Spec) -> Injection:
    """list answers its JSON as text/plain"""
    return rewriting(spec.x.pagination.operations, lambda r: Reply(r.status, "text/plain", r.body))


@fault(
    "wrong-error-shape",
    "not_found_everywhere validation_error_shape schema.response_schema_conformance",
    lambda spec: bool(spec.deref({"$ref": spec.x.errors.schema}).get("required")),
)
def _wrong_error_shape(spec: Spec) -> Injection:
    """4xx JSON error bodies do not follow x-errors.schema"""

    def rewrite(reply: Reply) -> Reply:
        if 400 <= reply.status < 500 and reply.content_type.startswith(JSON_TYPE):
            return Reply(reply.status, reply.content_type, b'{"detail":"something went wrong"}')
        return reply

    return rewriting(list(spec.operations), rewrite)


# --- pipeline steps -----------------------------------------------------------------------------------------
def _server_error(call: Call) -> DomainError:
    return DomainError(f"Internal error in {call.endpoint.operation.operation_id}.", status=500)


def _swapped(old: Step, new: Step | None) -> Injection:
    """The default pipeline with `old` replaced by `new`, or left out."""
    steps = [new if step is old else step for step in DEFAULT_STEPS]
    return Injection(steps=tuple(step for step in steps if step is not None))


def _inserted(step: Step, *, before: Step) -> Injection:
    steps = list(DEFAULT_STEPS)
    steps.insert(steps.index(before), step)
    return Injection(steps=tuple(steps))


@fault("auth-ignored", "auth_required schema.ignored_auth")
def _auth_ignored(spec: Spec) -> Injection:
    """requests without valid credentials are served as an anonymous tenant"""

    def anyone(call: Call, next_: Handler) -> Reply:
        try:
            call.context = Context(call.api.auth.tenant(call.inputs.headers))
        except Unauthenticated:
            call.context = Context("0" * 32)  # shaped like a real tenant id (a hex digest)
        return next_(call)

    return _swapped(authenticate, anyone)


@fault("idempotency-ignored", "idempotent_replay idempotent_concurrency", lambda spec: spec.x.idempotency is not None)
def _idempotency_ignored(spec: Spec) -> Injection:
    """idempotency keys are ignored: a replay creates a second invoice"""
    return _swapped(idempotent, None)


@fault("idempotency-mismatch-accepted", "idempotency_key_mismatch", lambda spec: spec.x.idempotency is not None)
def _mismatch_accepted(spec: Spec) -> Injection:
    """a key reused with a different request replays the first response instead of the mismatch error"""

    def by_key_only(call: Call, next_: Handler) -> Reply:
        keys = call.api.idempotency
        key = call.inputs.headers.get(keys.declared.header.lower()) if keys else None
        if keys is None or key is None or call.endpoint.operation.method.upper() not in keys.declared.methods:
            return next_(call)
        # A fingerprint without path or body: any request with a known key counts as "the same".
        same = fingerprint(call.endpoint.operation.operation_id, {}, None)
        return keys.run(call.context.tenant, key, same, lambda: next_(call))

    return _swapped(idempotent, by_key_only)


@fault("unicode-500", "schema.not_a_server_error")
def _unicode_500(spec: Spec) -> Injection:
    """any non-ASCII text in the parameters or the body makes the handler fail with 500"""

    def ascii_only(call: Call, next_: Handler) -> Reply:
        if not json.dumps([call.params, call.body], ensure_ascii=False, default=str).isascii():
            raise _server_error(call)
        return next_(call)

    return _inserted(ascii_only, before=idempotent)


@fault("server-error-at-limit-maximum", "schema.not_a_server_error pagination_walk tenant_isolation")
def _limit_500(spec: Spec) -> Injection:
    """listing with the largest documented page size fails with 500 (an off-by-one buffer)"""
    limit = spec.x.pagination.limit

    def crash_at_maximum(call: Call, next_: Handler) -> Reply:
        if call.params.get(limit.parameter) == limit.maximum:
            raise _server_error(call)
        return next_(call)

    return _inserted(crash_at_maximum, before=idempotent)


@fault("limit-out-of-range-accepted", "pagination_limits schema.invalid_request_rejected")
def _limit_clamped(spec: Spec) -> Injection:
    """page sizes outside the documented range are clamped into it instead of refused"""
    limit = spec.x.pagination.limit

    def clamp(value: str) -> str:
        return str(min(max(int(value), limit.minimum), limit.maximum)) if re.fullmatch(r"-?\d+", value) else value

    def clamp_limit(call: Call, next_: Handler) -> Reply:
        query = [(k, clamp(v) if k == limit.parameter else v) for k, v in call.inputs.query]
        call.inputs = replace(call.inputs, query=query)
        return next_(call)

    return _inserted(clamp_limit, before=validate)


# --- domain services ----------------------------------------------------------------------------------------
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


@fault("frozen-field-editable", "lifecycle_sweep lifecycle_model", _freeze_observable)
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
