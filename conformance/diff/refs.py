"""Lazy `$ref` resolution and the reach graph that maps component changes to operations.

Nothing is ever expanded: a `$ref` is followed only when a comparison reaches it, and a pair of
referenced components is compared once per direction, however many operations reach it and however
recursive it is. The comparison records "unit A reached pair B" edges; a change found inside B is
then reported for every operation from which B is reachable.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

from conformance.errors import SpecError

# A comparison unit: ("op", "GET /path", "") for an operation, (old pointer, new pointer, direction) for a pair.
UnitKey = tuple[str, str, str]


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape(str(token)) for token in tokens)


def member(node: Mapping[str, Any], pointer: str, key: str) -> str:
    """Pointer of `node[key]`, or of `node` itself when the key is absent (pointers always resolve)."""
    return join(pointer, key) if key in node else pointer


class Document:
    """An OpenAPI document that resolves local `$ref`s on demand and caches each target."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self._targets: dict[str, Any] = {}

    def target(self, ref: str) -> Any:
        if ref in self._targets:
            return self._targets[ref]
        if not ref.startswith("#"):
            raise SpecError(f"only local $refs are supported, got {ref!r}")
        node: Any = self.root
        for token in ref[1:].split("/")[1:]:
            key = unescape(token)
            if isinstance(node, Mapping) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise SpecError(f"unresolvable $ref {ref!r}")
        self._targets[ref] = node
        return node

    def resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow a chain of `$ref`s to a concrete node; returns it with the pointer where it lives."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(f"circular $ref chain through {ref!r}")
            seen.add(ref)
            node, pointer = self.target(ref), ref[1:]
        return node, pointer


def mapping(value: Any) -> Mapping[str, Any]:
    """`value` when it is a mapping, else empty: malformed specs degrade to "nothing here", never a crash."""
    return value if isinstance(value, Mapping) else {}


def listing(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def is_ref(node: Any) -> bool:
    return isinstance(node, Mapping) and isinstance(node.get("$ref"), str)


class ReachGraph:
    """Which comparison unit reached which, so that each change can name every affected operation."""

    def __init__(self) -> None:
        self._parents: dict[UnitKey, set[UnitKey]] = {}
        self._operations: dict[UnitKey, str] = {}
        self._reached_by: dict[UnitKey, frozenset[str]] = {}

    def add_operation(self, unit: UnitKey, name: str) -> None:
        self._operations[unit] = name

    def link(self, parent: UnitKey, child: UnitKey) -> None:
        self._parents.setdefault(child, set()).add(parent)

    def operations(self, unit: UnitKey) -> frozenset[str]:
        """Every operation from which `unit` is reachable (a backwards walk, cached per unit)."""
        cached = self._reached_by.get(unit)
        if cached is not None:
            return cached
        found: set[str] = set()
        seen = {unit}
        queue = deque([unit])
        while queue:
            current = queue.popleft()
            if current in self._operations:
                found.add(self._operations[current])
            for parent in self._parents.get(current, ()):
                if parent not in seen:
                    seen.add(parent)
                    queue.append(parent)
        result = frozenset(found)
        self._reached_by[unit] = result
        return result
