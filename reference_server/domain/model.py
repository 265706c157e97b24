"""Everything the core needs from one spec, computed once at startup: schemas, pointers, formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.spec import Spec
from conformance.spec.extensions import Extensions
from conformance.spec.pointer import MISSING, get
from conformance.spec.validate import SchemaValidator, pointer_to
from conformance.types import JsonObject, OperationId

from .shapes import Schema, Shapes, number_format, timestamp

JSON = "application/json"


def success_schema(spec: Spec, operation_id: OperationId) -> tuple[int, Schema]:
    """Status and JSON schema (unresolved, may be `{}`) of an operation's first documented 2xx response."""
    responses = spec.operations[operation_id].definition.get("responses") or {}
    for status in sorted(responses):
        if str(status).startswith("2"):
            content = (spec.deref(responses[status]) or {}).get("content") or {}
            media: dict[str, Any] = content.get(JSON) or next(iter(content.values()), {})
            return int(status), media.get("schema") or {}
    return 200, {}


@dataclass(frozen=True)
class Model:
    api: str
    x: Extensions
    shapes: Shapes
    document_schema: Schema
    record_schema: Schema
    line_schema: Schema
    number_format: Callable[[int, str], str]
    paid_states: frozenset[str]
    order_now: Callable[[], Any]
    # Why a document breaks the read model (None when it is valid): edits must leave invoices valid.
    document_problem: Callable[[JsonObject], str | None]

    @classmethod
    def from_spec(cls, spec: Spec) -> Model:
        x = spec.x
        shapes = Shapes(spec.deref)
        retrieve = success_schema(spec, x.resource.operations["retrieve"])[1]
        document = shapes.schema(retrieve)
        checker = SchemaValidator(spec.document)
        pointer = _pointer(spec, x.resource.operations["retrieve"], retrieve)
        node: Schema = document
        for token in x.resource.lines.pointer.lstrip("/").split("/"):
            node = shapes.property(node, token)
        record = shapes.schema({"$ref": x.resource.schema})
        numbering = x.lifecycle.numbering
        number_schema = shapes.property(record, numbering.field) if numbering else {}
        example = number_schema.get("example")
        order_schema = shapes.property(record, x.pagination.order_field)
        order_types = shapes.types(order_schema)
        return cls(
            api=x.api_id,
            x=x,
            shapes=shapes,
            document_schema=document,
            record_schema=record,
            line_schema=shapes.items(node),
            number_format=number_format(_pattern(shapes, number_schema), example),
            paid_states=_paid_states(x),
            order_now=lambda: timestamp(order_schema, order_types),
            document_problem=lambda doc: checker.first_error(doc, pointer),
        )

    def record(self, document: JsonObject) -> JsonObject:
        found = get(document, self.x.resource.pointer)
        if not isinstance(found, dict):
            raise TypeError("document holds no resource at the resource pointer")
        return found

    def lines(self, document: JsonObject) -> list[JsonObject]:
        found = get(document, self.x.resource.lines.pointer)
        return found if isinstance(found, list) else []

    def order_value(self, document: JsonObject) -> Any:
        value = self.record(document).get(self.x.pagination.order_field, MISSING)
        return None if value is MISSING or isinstance(value, dict | list) else value

    def status(self, document: JsonObject) -> str:
        return str(self.record(document).get(self.x.lifecycle.status_field))

    def document_id(self, document: JsonObject) -> str:
        return str(self.record(document)[self.x.resource.id_field])


def _pointer(spec: Spec, operation_id: OperationId, schema: Schema) -> str:
    """JSON pointer of an operation's success schema (the target of its `$ref`, or where it is written)."""
    if isinstance(schema.get("$ref"), str):
        return str(schema["$ref"])[1:]
    operation = spec.operations[operation_id]
    status = success_schema(spec, operation_id)[0]
    return pointer_to("paths", operation.path, operation.method, "responses", str(status), "content", JSON, "schema")


def _pattern(shapes: Shapes, schema: Schema) -> str | None:
    for branch in [schema, *(shapes.schema(b) for key in ("anyOf", "oneOf", "allOf") for b in schema.get(key) or [])]:
        if isinstance(branch.get("pattern"), str):
            return str(branch["pattern"])
    return None


def _paid_states(x: Extensions) -> frozenset[str]:
    """States in which `x-money.paid-invariants` hold.

    The vocabulary says "the state a pay transition leads to" without naming it, so it is read from the
    transitions: the target of a pay operation (verb-noun ids: `payInvoice`), and the zero-total target,
    since a zero invoice is settled at once.
    """
    states = {t.target for t in x.lifecycle.transitions if t.operation.startswith("pay") and t.target}
    states |= {t.target_if_zero for t in x.lifecycle.transitions if t.target_if_zero}
    return frozenset(states)
