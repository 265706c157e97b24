"""Everything the core needs from one spec, computed once at startup: schemas, pointers, formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conformance.spec import Spec
from conformance.spec.equations import parse
from conformance.spec.extensions import Extensions
from conformance.spec.pointer import MISSING, get, get_path
from conformance.spec.validate import SchemaValidator, pointer_to
from conformance.types import JsonObject, OperationId

from .shapes import Schema, Shapes, number_format, timestamp

JSON = "application/json"
_SPEC_URI = "urn:invoice-spec"


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
    # The same for the derived money fields only, cheap enough for every write: a product of two valid
    # numbers can pass the documented maximum of the amount it makes.
    money_bounds: MoneyBounds

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
            money_bounds=MoneyBounds(spec, shapes, record, shapes.items(node)),
        )

    def money_problem(self, document: JsonObject) -> str | None:
        return self.money_bounds.problem(self.record(document), self.lines(document))

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


class MoneyBounds:
    """Validators of the money fields (`x-money.fields` and the targets of its equations) of invoice and lines."""

    def __init__(self, spec: Spec, shapes: Shapes, record_schema: Schema, line_schema: Schema) -> None:
        money = spec.x.money
        # A property schema is validated on its own, so its local `$ref`s are made to point into the document.
        registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, Resource.from_contents(spec.document, default_specification=DRAFT202012)
        )

        def compile(schema: Schema, names: set[str]) -> list[tuple[str, Draft202012Validator]]:
            found = []
            for name in sorted(names):
                node = schema
                for token in name.split("."):
                    node = shapes.property(node, token)
                if node:
                    found.append((name, Draft202012Validator(_anchored(node), registry=registry)))
            return found

        targets = {parse(text).target for text in (*money.invariants, *money.paid_invariants)}
        self.record = compile(record_schema, {*money.fields, *targets})
        self.line = compile(line_schema, {parse(text).target for text in money.line_invariants})

    def problem(self, record: JsonObject, lines: list[JsonObject]) -> str | None:
        checks = [("", record, self.record), *((f"line {i}: ", line, self.line) for i, line in enumerate(lines))]
        for where, value, fields in checks:
            for name, validator in fields:
                found = get_path(value, name)
                # Unset (null) amounts are the read model's business, not arithmetic's.
                error = None if found is None else next(validator.iter_errors(found), None)
                if error is not None:
                    return f"{where}{name}: {error.message}"
        return None


def _anchored(node: Any) -> Any:
    """`node` with every local `$ref` (`#/components/...`) made absolute, into the registered spec document."""
    if isinstance(node, dict):
        return {
            k: _SPEC_URI + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _anchored(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_anchored(item) for item in node]
    return node


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
    """States in which `x-money.paid-invariants` hold: `x-money.paid-state`, and the zero-total targets,
    since a zero invoice is settled at once."""
    if x.money.paid_state is None:
        return frozenset()
    return frozenset({x.money.paid_state} | {t.target_if_zero for t in x.lifecycle.transitions if t.target_if_zero})
