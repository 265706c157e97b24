"""`application/x-www-form-urlencoded` with bracket notation for nested values (Stripe's wire format),
both ways: the suite encodes what it generated, the reference server decodes and types what it receives.

    {"metadata": {"k": "v"}, "custom_fields": [{"name": "a", "value": "b"}], "expand": ["lines"]}
    -> metadata[k]=v&custom_fields[0][name]=a&custom_fields[0][value]=b&expand[0]=lines

A plain `requests` form post (schemathesis' default) sends only the keys of a nested object and drops
arrays of objects altogether, so the server never sees what was generated.

Decoding only builds structure: every leaf stays a string and `a[0]` is key "0" of a dict. `coerce` then
types it as the schema at that place wants: indexes become a list where an array is wanted (and stay keys
of an object, `metadata[0]=x`, where one is), strings become integers, numbers, booleans or null. So the
one JSON Schema validator sees the same values it would see for a JSON body.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

MEDIA_TYPE = "application/x-www-form-urlencoded"
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")
_INTEGER = re.compile(r"^-?[0-9]+$")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
_INDEX = re.compile(r"^[0-9]{1,5}$")
MAX_INDEX = 10_000
# Any size of integer is coerced so the schema's bounds judge it; past this many digits `int()` gets slow
# (Python refuses beyond 4300), and no schema bound comes near it.
MAX_DIGITS = 1000

Resolve = Callable[[Any], Any]
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null", list: "array"}


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
    return root


def query_value(pairs: Sequence[tuple[str, str]], name: str, *, deep_object: bool, array: bool) -> Any:
    """Query parameter `name` as a server reads it from the request's pairs, untyped; None when absent.

    A deepObject parameter is decoded from its bracket keys (`due_date[gt]=5`). An array takes `name[]=a` or,
    as generic clients send arrays in a query (OpenAPI's exploded form style), plain `name=a&name=b`: each
    plain value is one more item. Otherwise the last value counts. Raises FormError where brackets clash."""
    if deep_object:
        plain = name + "[]" if array else name
        prefix = name + "["
        found = [(plain if k == name else k, v) for k, v in pairs if k.startswith(prefix) or k == name]
        return decode(found).get(name) if found else None
    keys = {k for k, _ in pairs}
    if name not in keys and not (array and name + "[]" in keys):
        return None
    values = [v for k, v in pairs if k in (name, name + "[]")]
    return values if array else values[-1]


def _assign(root: dict[str, Any], path: list[str], value: str, key: str) -> None:
    node: dict[str, Any] = root
    for depth, token in enumerate(path):
        last = depth == len(path) - 1
        if token == "":
            # `a[]=x` appends: give it the next free index of the (future) list.
            token = str(len(node))
        if last:
            if token in node:
                # Only `a[]=x` / `a[0]=x` make arrays; a repeated `a=x` is ambiguous, not a list.
                raise FormError(f"parameter {key[:100]!r} is given more than once")
            node[token] = value
            return
        child = node.setdefault(token, {})
        if not isinstance(child, dict):
            raise FormError(f"parameter {key[:100]!r} is both a value and a container")
        node = child


def coerce(value: Any, schema: Any, resolve: Resolve) -> Any:
    """`value` typed as `schema` wants it, where it parses (see the module docstring)."""
    node = resolve(schema) if isinstance(schema, dict) else None
    node = node if isinstance(node, dict) else {}
    if isinstance(value, dict) and _indexed(value) and _lists_here(node, resolve):
        value = [value[k] for k in sorted(value, key=int)]
    if isinstance(value, str):
        return _text(value, node, resolve)
    for branch in _branches(node, resolve):
        if _holds(branch, value):
            return coerce(value, branch, resolve)
    if isinstance(value, dict):
        props = node.get("properties") or {}
        extra = node.get("additionalProperties")
        return {k: coerce(v, props.get(k, extra), resolve) for k, v in value.items()}
    if isinstance(value, list):
        return [coerce(v, node.get("items"), resolve) for v in value]
    return value


def _indexed(value: dict[str, Any]) -> bool:
    """Keys that are all array indexes (an index past MAX_INDEX keeps a dict, which an array schema refuses)."""
    return bool(value) and all(_INDEX.match(k) and int(k) <= MAX_INDEX for k in value)


def _lists_here(schema: dict[str, Any], resolve: Resolve) -> bool:
    kinds = kinds_of(schema, resolve)
    return "array" in kinds or "object" not in kinds


def _text(text: str, schema: dict[str, Any], resolve: Resolve) -> Any:
    """A form value never becomes a list (`a=x` is a string even where an array is wanted, and fails there);
    `a=` stays the empty string where one fits (Stripe's `anyOf [..., enum [""]]` "unset"), and only where
    nothing but an object or array fits is it the empty one: deepObject clients send `{}` and `[]` so, a
    bracket form has no other way to say them."""
    converted = _scalar_of(text, schema, resolve)
    if converted is not text or text or _takes_text(schema, resolve):
        return converted
    kinds = kinds_of(schema, resolve)
    return {} if "object" in kinds else [] if "array" in kinds else text


def _scalar_of(text: str, schema: dict[str, Any], resolve: Resolve) -> Any:
    """`text` parsed as the first alternative of `schema` that wants a number, boolean or null and parses."""
    for branch in _branches(schema, resolve):
        converted = _scalar_of(text, branch, resolve)
        if converted is not text:
            return converted
    return _scalar(text, _types(schema))


def _takes_text(schema: dict[str, Any], resolve: Resolve) -> bool:
    branches = _branches(schema, resolve)
    if not branches and not _kinds(schema):
        return True  # an unconstrained schema takes anything
    return "string" in _types(schema) or any(_takes_text(branch, resolve) for branch in branches)


def kinds_of(schema: dict[str, Any], resolve: Resolve) -> set[str]:
    """The JSON types `schema` admits, its `allOf`/`anyOf`/`oneOf` branches included."""
    return _kinds(schema).union(*(kinds_of(branch, resolve) for branch in _branches(schema, resolve)))


def _branches(schema: dict[str, Any], resolve: Resolve) -> list[dict[str, Any]]:
    found = (resolve(b) for key in ("allOf", "anyOf", "oneOf") for b in schema.get(key) or [])
    return [branch for branch in found if isinstance(branch, dict)]


def _kinds(schema: dict[str, Any]) -> set[str]:
    kinds = _types(schema)
    if "properties" in schema or "additionalProperties" in schema:
        kinds.add("object")
    if "items" in schema:
        kinds.add("array")
    return kinds


def _holds(schema: dict[str, Any], value: Any) -> bool:
    """Whether `schema` describes containers of `value`'s kind (used to pick an anyOf branch)."""
    return ("object" if isinstance(value, dict) else "array" if isinstance(value, list) else "") in _kinds(schema)


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or [])
    if "const" in schema:
        types.add(_JSON_TYPES.get(type(schema["const"]), "object"))
    return types


def _scalar(text: str, types: set[str]) -> Any:
    if "string" in types or not types:
        return text
    numeric = len(text) <= MAX_DIGITS and _NUMBER.match(text) is not None
    if numeric and types & {"integer", "number"} and _INTEGER.match(text):
        return int(text)
    if numeric and "number" in types and math.isfinite(number := float(text)):
        return number
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if "null" in types and text == "":
        return None
    return text


def _wire_text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""  # Stripe's way of unsetting a field
    return str(value)


def flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Key/value pairs in bracket notation, in document order."""
    if isinstance(value, dict):
        pairs: list[tuple[str, str]] = []
        for key, item in value.items():
            pairs += flatten(item, f"{prefix}[{key}]" if prefix else str(key))
        return pairs
    if isinstance(value, list):
        pairs = []
        for index, item in enumerate(value):
            pairs += flatten(item, f"{prefix}[{index}]")
        return pairs
    return [(prefix, _wire_text(value))]


def encode(value: Any) -> bytes:
    """The request body for `value`; a non-object body (negative testing) is sent as its text."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, dict):
        return urlencode(flatten(value)).encode("ascii")
    return _wire_text(value).encode("utf-8")
