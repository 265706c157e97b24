"""Requests checked against the spec: parameters and body, with one JSON Schema (2020-12) validator per document.

Each operation's parameters and body schemas are located once, by JSON pointer, so `$ref`s resolve against
the whole OpenAPI document and every validator is compiled once and cached. Strings from paths, queries,
headers and Stripe-style forms are coerced to the schema's types before validation.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator

from conformance.spec import Operation, Spec
from conformance.spec import form_brackets as forms
from conformance.spec.pointer import locate
from conformance.spec.validate import SchemaValidator, escape, pointer_to

from .domain.errors import Invalid, NotFound

JSON, FORM = "application/json", "application/x-www-form-urlencoded"
MAX_MESSAGE = 300
_FORMATS = FormatChecker()


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: Any
    validator: Validator
    deep_object: bool
    array: bool


@dataclass(frozen=True)
class Inputs:
    """A request split into its raw parts (what the HTTP layer hands over)."""

    path: Mapping[str, str]
    query: Sequence[tuple[str, str]]
    headers: Mapping[str, str]
    content_type: str
    body: bytes


def _message(error: ValidationError) -> str:
    where = "/" + "/".join(str(p) for p in error.absolute_path)
    text = f"{where}: {error.message}" if error.absolute_path else error.message
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class OperationValidator:
    """Everything to check one operation's requests, compiled at startup."""

    def __init__(self, spec: Spec, operation: Operation, schemas: SchemaValidator) -> None:
        self.spec = spec
        self.schemas = schemas
        self.documents_404 = "404" in (operation.definition.get("responses") or {})
        self.documents_415 = "415" in (operation.definition.get("responses") or {})
        op_pointer = pointer_to("paths", operation.path, operation.method)
        item = spec.document["paths"][operation.path]
        found: dict[tuple[str, str], Parameter] = {}
        # Path-item parameters first, so the operation's own override them (OpenAPI's rule).
        sources = (
            (pointer_to("paths", operation.path), item.get("parameters")),
            (op_pointer, operation.definition.get("parameters")),
        )
        for where, params in sources:
            for index, raw in enumerate(params or []):
                node, pointer = locate(spec.document, raw, f"{where}/parameters/{index}")
                schema, schema_pointer = locate(spec.document, node.get("schema") or {}, f"{pointer}/schema")
                location = node.get("in", "query")
                name = node["name"].lower() if location == "header" else node["name"]
                found[(location, name)] = Parameter(
                    name=name,
                    location=location,
                    required=bool(node.get("required")) or location == "path",
                    schema=schema,
                    validator=self._compile(schema, schema_pointer),
                    deep_object=node.get("style") == "deepObject",
                    array="array" in _types(schema),
                )
        self.parameters = tuple(found.values())
        body, body_pointer = locate(spec.document, operation.definition.get("requestBody"), f"{op_pointer}/requestBody")
        self.body_required = bool((body or {}).get("required"))
        self.media: dict[str, tuple[Any, Validator]] = {}
        for media, content in ((body or {}).get("content") or {}).items():
            where = f"{body_pointer}/content/{escape(media)}/schema"
            schema, pointer = locate(spec.document, content.get("schema") or {}, where)
            self.media[media.lower()] = (schema, self._compile(schema, pointer))

    def _compile(self, schema: Any, pointer: str) -> Validator:
        """A self-contained schema gets its own validator: no `$ref` lookups on the hot path (5x faster)."""
        if isinstance(schema, dict) and "$ref" not in json.dumps(schema):
            return Draft202012Validator(schema, format_checker=_FORMATS)
        return self.schemas.validator(pointer)

    def parameters_of(self, inputs: Inputs) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for param in self.parameters:
            raw = self._raw(param, inputs)
            if raw is None:
                if param.required:
                    raise Invalid(f"missing required {param.location} parameter {param.name}", param=param.name)
                continue
            value = forms.coerce(raw, param.schema, self.spec.deref)
            error = best_match(param.validator.iter_errors(value))
            if error is not None:
                message = f"invalid {param.location} parameter {param.name}: {_message(error)}"
                if param.location == "path" and self.documents_404:
                    # An id that cannot exist is an id that does not exist.
                    raise NotFound(message, param=param.name)
                raise Invalid(message, param=param.name)
            values[param.name] = value
        return values

    def _raw(self, param: Parameter, inputs: Inputs) -> Any:
        if param.location == "path":
            return inputs.path.get(param.name)
        if param.location == "header":
            return inputs.headers.get(param.name)
        if param.location != "query":
            return None
        try:
            return forms.query_value(inputs.query, param.name, deep_object=param.deep_object, array=param.array)
        except forms.FormError as exc:
            raise Invalid(str(exc), param=param.name) from None

    def body_of(self, inputs: Inputs) -> Any:
        if not self.media:
            return None
        if not inputs.body:
            if self.body_required:
                raise Invalid("a request body is required")
            return None
        media = inputs.content_type.split(";", 1)[0].strip().lower()
        if media not in self.media:
            expected = " or ".join(self.media)
            raise Invalid(
                f"unsupported content type {media[:100]!r}; send {expected}", status=415 if self.documents_415 else None
            )
        schema, validator = self.media[media]
        value = self._parse(media, inputs.body, schema)
        try:
            error = best_match(validator.iter_errors(value))
        except RecursionError:
            raise Invalid("request body is nested too deeply") from None
        if error is not None:
            raise Invalid(
                f"invalid request body: {_message(error)}", param=".".join(map(str, error.absolute_path)) or None
            )
        return value

    def _parse(self, media: str, body: bytes, schema: Any) -> Any:
        try:
            if media == FORM:
                pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
                return forms.coerce(forms.decode(pairs), schema, self.spec.deref)
            return json.loads(body, parse_float=_finite, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            # ValueError covers JSONDecodeError, UnicodeDecodeError, FormError and over-long integers.
            kind = "form" if media == FORM else "JSON"
            raise Invalid(f"request body is not valid {kind}: {str(exc)[:200]}") from None


def _types(schema: Any) -> set[str]:
    declared = schema.get("type") if isinstance(schema, dict) else None
    return {declared} if isinstance(declared, str) else set(declared or [])
