"""A read-only view of one schema with its `allOf` members merged, so composition is compared by meaning."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from .context import Context
from .model import Direction
from .refs import Document, join, listing

_NUMERIC = frozenset({"integer", "number"})


class Property(NamedTuple):
    raw: Any
    pointer: str
    owner: str


class SchemaView:
    """The schema at `pointer` plus its (resolved, recursively flattened) `allOf` members, outermost first.

    Keywords are looked up layer by layer (the outer schema wins); properties and `required` are merged.
    Nothing below the first level is resolved, so a recursive schema costs nothing here.
    """

    __slots__ = ("_properties", "doc", "layers", "pointer")

    def __init__(self, doc: Document, node: Mapping[str, Any], pointer: str) -> None:
        self.doc = doc
        self.pointer = pointer
        self.layers: list[tuple[Mapping[str, Any], str]] = []
        self._properties: dict[str, Property] | None = None
        self._flatten(node, pointer, set())

    def _flatten(self, node: Mapping[str, Any], pointer: str, seen: set[str]) -> None:
        seen.add(pointer)
        self.layers.append((node, pointer))
        members = node.get("allOf")
        for index, member in enumerate(members if isinstance(members, list) else ()):
            target, target_pointer = self.doc.resolve(member, join(pointer, "allOf", index))
            if isinstance(target, Mapping) and target_pointer not in seen:
                self._flatten(target, target_pointer, seen)

    def get(self, keyword: str) -> Any:
        for node, _ in self.layers:
            if keyword in node:
                return node[keyword]
        return None

    def home(self, owner: str) -> str:
        """`owner` when it is one of this view's layers (a shared `allOf` member), else the schema itself.

        Lets a property removed from a shared member point at that member in both documents, so the
        change is one finding however many schemas compose the member.
        """
        return owner if any(pointer == owner for _, pointer in self.layers) else self.pointer

    def at(self, keyword: str) -> str:
        """Pointer of `keyword` in whichever layer defines it (the schema itself when none does)."""
        for node, pointer in self.layers:
            if keyword in node:
                return join(pointer, keyword)
        return self.pointer

    @property
    def properties(self) -> dict[str, Property]:
        """Property name -> (raw schema, its pointer, pointer of the layer declaring it), merged across layers."""
        if self._properties is None:
            merged: dict[str, Property] = {}
            for node, pointer in self.layers:
                declared = node.get("properties")
                for name, sub in declared.items() if isinstance(declared, Mapping) else ():
                    merged.setdefault(name, Property(sub, join(pointer, "properties", name), pointer))
            self._properties = merged
        return self._properties

    @property
    def required(self) -> frozenset[str]:
        names = (node.get("required") for node, _ in self.layers)
        return frozenset(str(name) for required in names if isinstance(required, list) for name in required)

    @property
    def types(self) -> frozenset[str] | None:
        """Declared types without "null"; inferred from `properties`/`items` when absent; None = any type."""
        declared = self.get("type")
        if declared is None:
            if any("properties" in node for node, _ in self.layers):
                return frozenset({"object"})
            if any("items" in node for node, _ in self.layers):
                return frozenset({"array"})
            return None
        names = (
            {declared} if isinstance(declared, str) else {name for name in listing(declared) if isinstance(name, str)}
        )
        names.discard("null")
        return frozenset(names) if names else None

    @property
    def nullable(self) -> bool:
        """OpenAPI 3.0 `nullable: true` or 3.1 `type: [..., "null"]`."""
        declared = self.get("type")
        if declared == "null" or (isinstance(declared, list) and "null" in declared):
            return True
        return self.get("nullable") is True


def overlaps(old: frozenset[str], new: frozenset[str]) -> bool:
    """Do two type sets share a value? integer values are numbers too."""
    return bool(old & new) or (bool(old & _NUMERIC) and bool(new & _NUMERIC))


@dataclass(frozen=True, slots=True)
class SchemaPair:
    old: SchemaView
    new: SchemaView
    direction: Direction

    @property
    def retyped(self) -> bool:
        """The type changed outright (string -> integer): keyword-level comparisons would only add noise."""
        old, new = self.old.types, self.new.types
        return old is not None and new is not None and not overlaps(old, new)


SchemaCheck = Callable[[SchemaPair, Context], None]


def same_type(check: SchemaCheck) -> SchemaCheck:
    """Precondition: run a keyword check only when the type did not change outright."""

    @functools.wraps(check)
    def guarded(pair: SchemaPair, ctx: Context) -> None:
        if not pair.retyped:
            check(pair, ctx)

    return guarded
