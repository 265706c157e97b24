"""Stripe-style bracket forms (`a[b][0][c]=v`, `list[]=x`) decoded into JSON values typed by a schema.

Decoding only builds structure: every leaf stays a string. `coerce` then turns strings into what the
schema at that place wants (integer, number, boolean, null), so the one JSON Schema validator sees the
same values it would see for a JSON body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")
_INTEGER = re.compile(r"^-?\d{1,18}$")
_NUMBER = re.compile(r"^-?\d{1,18}(\.\d{1,18})?([eE][-+]?\d{1,3})?$")
MAX_INDEX = 10_000

Resolve = Callable[[Any], Any]


class FormError(ValueError):
    """The form cannot be turned into one consistent JSON value."""


def decode(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if match is None:
            raise FormError(f"malformed parameter name {key[:100]!r}")
        path = [match.group(1), *_SEGMENT.findall(match.group(2))]
        _assign(root, path, value, key)
    return _listify(root)  # type: ignore[no-any-return]


def _assign(root: dict[str, Any], path: list[str], value: str, key: str) -> None:
    node: dict[str, Any] = root
    for depth, token in enumerate(path):
        last = depth == len(path) - 1
        if token == "":
            # `a[]=x` appends: give it the next free index of the (future) list.
            token = str(len(node))
        if last:
            existing = node.get(token)
            if isinstance(existing, dict):
                raise FormError(f"parameter {key[:100]!r} is both a value and a container")
            # A repeated plain key is OpenAPI's form encoding of an array (`expand=a&expand=b`).
            node[token] = (
                [*existing, value] if isinstance(existing, list) else value if existing is None else [existing, value]
            )
            return
        child = node.setdefault(token, {})
        if not isinstance(child, dict):
            raise FormError(f"parameter {key[:100]!r} is both a value and a container")
        node = child


def _listify(node: Any) -> Any:
    """Dicts whose keys are all indexes become lists, in index order."""
    if not isinstance(node, dict):
        return node
    items = {k: _listify(v) for k, v in node.items()}
    if items and all(k.isdigit() for k in items):
        if max(len(k) for k in items) > len(str(MAX_INDEX)) or max(int(k) for k in items) > MAX_INDEX:
            raise FormError("array index too large")
        return [items[k] for k in sorted(items, key=int)]
    return items


def coerce(value: Any, schema: Any, resolve: Resolve) -> Any:
    """`value` with string leaves converted to the scalar types `schema` expects where they parse."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return value
    for branch in (resolve(b) for key in ("allOf", "anyOf", "oneOf") for b in schema.get(key) or []):
        if isinstance(value, str):
            converted = coerce(value, branch, resolve)
            if converted is not value:
                return converted
        elif isinstance(branch, dict) and _holds(branch, value):
            return coerce(value, branch, resolve)
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        return {k: coerce(v, props.get(k, extra), resolve) for k, v in value.items()}
    if isinstance(value, list):
        return [coerce(v, schema.get("items"), resolve) for v in value]
    if isinstance(value, str):
        types = _types(schema)
        if types == {"array"}:
            # One value of an exploded form array (`expand=customer`) is an array of one.
            return [coerce(value, schema.get("items"), resolve)]
        return _scalar(value, types)
    return value


def _holds(schema: dict[str, Any], value: dict[str, Any] | list[Any]) -> bool:
    """Whether `schema` describes containers of `value`'s kind (used to pick an anyOf branch)."""
    if isinstance(value, dict):
        return "object" in _types(schema) or "properties" in schema
    return "array" in _types(schema) or "items" in schema


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or [])
    if "const" in schema:
        types.add(type(schema["const"]).__name__)
    return types


def _scalar(text: str, types: set[str]) -> Any:
    if "string" in types or not types:
        return text
    if "integer" in types and _INTEGER.match(text):
        return int(text)
    if "number" in types and _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "e" not in text.lower() and "." not in text else number
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if "null" in types and text == "":
        return None
    return text
