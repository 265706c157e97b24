"""Editing JSON documents by the rules of a schema: merging request bodies, matching fixed bodies.

Pure functions over plain JSON values; the invoice core uses them for create, update and transitions.
"""

from __future__ import annotations

import copy
from typing import Any

from conformance.types import JsonObject

from .shapes import Schema, Shapes

_SKIP = object()


def merge(shapes: Shapes, target: JsonObject, body: JsonObject, schema: Schema) -> None:
    """Copy the request fields the read model also has, shaped as it has them: objects field by field (fields it
    does not declare are left out), lists item by item, values of another type not at all. Same name, other
    meaning is common (Stripe's `price` id in a request vs the price object on a line; the subscription changes
    `subscription_details` asks a preview for vs the invoice's own `subscription_details`)."""
    for name, value in body.items():
        prop = _field(shapes, schema, name)
        if prop is not None:
            merged = _merged(shapes, value, prop, target.get(name))
            if merged is not _SKIP:
                target[name] = merged


def _merged(shapes: Shapes, value: Any, schema: Schema, current: Any) -> Any:
    if not shapes.fits(value, schema):
        # An empty string the request schema let through where the read model has no strings is Stripe's
        # "unset" (`discounts=`): it empties the field.
        return shapes.skeleton(schema) if value == "" else _SKIP
    if isinstance(value, dict) and _declares_fields(shapes, schema):
        if isinstance(current, dict):
            merge(shapes, current, value, schema)
            return current
        # A new object (a list item, too) gets the read model's required fields the request did not carry.
        merged: JsonObject = {}
        merge(shapes, merged, value, schema)
        return shapes.fill(merged, schema)
    if isinstance(value, list):
        items = _items(shapes, schema)
        referenced = _referenced(shapes, items)
        if referenced is not None:
            return [shapes.fill({"id": v}, referenced) if isinstance(v, str) else copy.deepcopy(v) for v in value]
        return [item for item in (_merged(shapes, v, items, None) for v in value) if item is not _SKIP]
    return copy.deepcopy(value)


def _field(shapes: Shapes, schema: Schema, name: str) -> Schema | None:
    node = shapes.object_schema(schema)
    props, _ = shapes.properties(node)
    if name in props:
        return shapes.schema(props[name])
    extra = node.get("additionalProperties")
    return shapes.schema(extra) if isinstance(extra, dict) else {} if extra is True else None


def _declares_fields(shapes: Shapes, schema: Schema) -> bool:
    node = shapes.object_schema(schema)
    return bool(shapes.properties(node)[0]) or "additionalProperties" in node


def _items(shapes: Shapes, schema: Schema) -> Schema:
    """The item schema of `schema` or of its array alternative (`anyOf: [array, Unset]`)."""
    for node in (schema, *(shapes.schema(b) for key in ("anyOf", "oneOf") for b in schema.get(key) or [])):
        if "items" in node:
            return shapes.items(node)
    return {}


def _referenced(shapes: Shapes, items: Schema) -> Schema | None:
    """The object an id stands for, where the read model lists objects, never ids (Stripe's tax rates)."""
    types = shapes.types(items)
    if "string" in types or "object" not in types or "id" not in shapes.properties(items)[0]:
        return None
    return items


def is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def contains(body: Any, expected: Any) -> bool:
    """Whether `body` holds every leaf of `expected` (a transition's fixed body)."""
    if isinstance(expected, dict):
        return isinstance(body, dict) and all(k in body and contains(body[k], v) for k, v in expected.items())
    return bool(body == expected)


def subtract(body: Any, fixed: Any) -> Any:
    """`body` without the leaves of `fixed` (a transition's fixed body), dropping objects left empty."""
    if not isinstance(body, dict) or not isinstance(fixed, dict):
        return body
    result = {}
    for key, value in body.items():
        if key not in fixed:
            result[key] = value
        elif isinstance(fixed[key], dict):
            rest = subtract(value, fixed[key])
            if rest:
                result[key] = rest
    return result


def has_content(body: Any) -> bool:
    """Whether `body` sets anything (empty objects do not)."""
    if isinstance(body, dict):
        return any(has_content(v) or not isinstance(v, dict) for v in body.values())
    return body is not None
