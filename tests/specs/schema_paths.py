"""Walk a spec's schemas the way a reader would: which key paths and enum values does it declare?"""

from __future__ import annotations

from typing import Any

from conformance.spec import Spec

_COMBINATORS = ("allOf", "oneOf", "anyOf")


def key_paths(
    spec: Spec, schema: Any, prefix: tuple[str, ...] = (), seen: frozenset[str] = frozenset()
) -> set[tuple[str, ...]]:
    paths: set[tuple[str, ...]] = set()
    if not isinstance(schema, dict):
        return paths
    ref = schema.get("$ref")
    if ref:
        return set() if ref in seen else key_paths(spec, spec.resolve(ref), prefix, seen | {ref})
    for combinator in _COMBINATORS:
        for branch in schema.get(combinator) or []:
            paths |= key_paths(spec, branch, prefix, seen)
    for name, sub in (schema.get("properties") or {}).items():
        paths.add((*prefix, name))
        paths |= key_paths(spec, sub, (*prefix, name), seen)
    if isinstance(schema.get("items"), dict):
        paths |= key_paths(spec, schema["items"], prefix, seen)
    if isinstance(schema.get("additionalProperties"), dict):
        paths |= key_paths(spec, schema["additionalProperties"], (*prefix, "*"), seen)
    return paths


def covers(declared: set[tuple[str, ...]], path: tuple[str, ...]) -> bool:
    """`path` is declared, where `*` (free-form map) matches any key."""
    return any(
        len(d) <= len(path)
        and all(a == b or a == "*" for a, b in zip(d, path))
        and (len(d) == len(path) or d[-1] == "*")
        for d in declared
    )


def operation_schemas(spec: Spec) -> list[tuple[str, Any]]:
    """(label, schema) for every request body and response body of every operation."""
    found = []
    for op in spec.operations.values():
        body = spec.deref(op.definition.get("requestBody") or {})
        for media in (body.get("content") or {}).values():
            found.append((f"{op.operation_id} request", spec.deref(media).get("schema")))
        for code, response in (op.definition.get("responses") or {}).items():
            for media in (spec.deref(response).get("content") or {}).values():
                found.append((f"{op.operation_id} {code}", spec.deref(media).get("schema")))
    return found


def enums(node: Any) -> list[list[Any]]:
    """Every `enum` list and `const` value anywhere in the document."""
    found: list[list[Any]] = []
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            found.append(node["enum"])
        if "const" in node:
            found.append([node["const"]])
        for key, value in node.items():
            if key not in ("example", "examples"):
                found += enums(value)
    elif isinstance(node, list):
        for value in node:
            found += enums(value)
    return found
