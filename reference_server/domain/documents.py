"""Editing JSON documents by the rules of a schema: merging request bodies, matching fixed bodies.

Pure functions over plain JSON values; the invoice core uses them for create, update and transitions.
"""

from __future__ import annotations

import copy
from typing import Any

from conformance.types import JsonObject

from .shapes import Schema, Shapes


def merge(shapes: Shapes, target: JsonObject, body: JsonObject, schema: Schema) -> None:
    """Copy the request fields the read model also has; nested objects with known properties merge deeply."""
    props, _ = shapes.properties(schema)
    for name, value in body.items():
        if name not in props:
            continue
        prop = shapes.schema(props[name])
        if not shapes.fits(value, prop):
            # Same name, other meaning (Stripe's `price` id in a request vs the price object on a line).
            continue
        if isinstance(value, dict) and isinstance(target.get(name), dict) and shapes.properties(prop)[0]:
            merge(shapes, target[name], value, prop)
        else:
            target[name] = copy.deepcopy(value)


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
