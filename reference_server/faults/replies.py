"""Faults that rewrite replies: wrong ids, types, fields, statuses, content types and error shapes."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from conformance.spec import Spec
from conformance.spec.pointer import get
from conformance.types import JsonObject, OperationId

from ..domain.errors import DomainError
from ..pipeline import DEFAULT_STEPS, Call, Handler, Reply
from . import Injection, fault
from .declared import required_field

JSON_TYPE = "application/json"

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


@fault("lines-page-drops-item", "lines_pagination_walk", lambda spec: "list-lines" in spec.x.resource.operations)
def _lines_page_drops_item(spec: Spec) -> Injection:
    """an invoice's lines list leaves out the second line of every page that holds two or more"""
    items_at = spec.x.pagination.items

    def rewrite(reply: Reply) -> Reply:
        if reply.status != 200 or not reply.content_type.startswith(JSON_TYPE):
            return reply
        body = json.loads(reply.body)
        items = get(body, items_at)
        if isinstance(items, list) and len(items) >= 2:
            del items[1]
        return Reply(reply.status, reply.content_type, json.dumps(body).encode())

    return rewriting([spec.x.resource.operations["list-lines"]], rewrite)
