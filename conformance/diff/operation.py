"""Operations of two documents, matched, with their parts (parameters, bodies, responses) paired up."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, TypeVar

from conformance.errors import SpecError

from .refs import Document, join, listing, mapping

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE = re.compile(r"\{[^}/]*\}")
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Side:
    node: Mapping[str, Any]
    pointer: str


Pair = tuple[Side | None, Side | None]


@dataclass(frozen=True, slots=True)
class OperationRef:
    method: str
    path: str
    node: Mapping[str, Any]
    pointer: str
    path_item: Side

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operation_key(method: str, path: str) -> tuple[str, str]:
    """Path templates match by shape, so renaming `{id}` to `{invoice}` keeps the same operation."""
    return method, _TEMPLATE.sub("{}", path)


def index_operations(doc: Document) -> dict[tuple[str, str], OperationRef]:
    found: dict[tuple[str, str], OperationRef] = {}
    for path, raw_item in mapping(doc.root.get("paths")).items():
        item, item_pointer = doc.resolve(raw_item, join("/paths", path))
        if not isinstance(item, Mapping):
            continue
        for method in METHODS:
            node = item.get(method)
            if isinstance(node, Mapping):
                ref = OperationRef(method, path, node, join(item_pointer, method), Side(item, item_pointer))
                found.setdefault(operation_key(method, path), ref)
    return found


def sides(doc: Document, container: Mapping[str, Any] | None, pointer: str, fold_case: bool = False) -> dict[str, Side]:
    """Entries of a map (responses, headers, content) with `$ref`s resolved, keyed as strings."""
    result: dict[str, Side] = {}
    for key, raw in mapping(container).items():
        node, node_pointer = doc.resolve(raw, join(pointer, key))
        if isinstance(node, Mapping):
            name = str(key).lower() if fold_case else str(key)
            result.setdefault(name, Side(node, node_pointer))
    return result


def paired(old: Mapping[K, Side], new: Mapping[K, Side]) -> Iterator[tuple[K, Side | None, Side | None]]:
    """Keys of both maps in a stable order: old order first, then keys only in new."""
    for key, side in old.items():
        yield key, side, new.get(key)
    for key, side in new.items():
        if key not in old:
            yield key, None, side


def media_type(name: str) -> str:
    """`application/json; charset=utf-8` and `Application/JSON` name the same media type."""
    return name.split(";", 1)[0].strip().lower()


def content(doc: Document, side: Side | None) -> dict[str, Side]:
    if side is None:
        return {}
    found = sides(doc, side.node.get("content"), join(side.pointer, "content"))
    return {media_type(name): media for name, media in found.items()}


class OperationPair:
    """One operation present in both documents."""

    def __init__(self, name: str, old: OperationRef, new: OperationRef, old_doc: Document, new_doc: Document) -> None:
        self.name = name
        self.old = old
        self.new = new
        self.old_doc = old_doc
        self.new_doc = new_doc

    @cached_property
    def parameters(self) -> dict[tuple[str, str], Pair]:
        """Parameters keyed by (in, name); path parameters by position, so renaming them changes nothing."""
        old = _parameters(self.old_doc, self.old)
        new = _parameters(self.new_doc, self.new)
        return {key: (o, n) for key, o, n in paired(old, new)}

    @cached_property
    def request_bodies(self) -> Pair:
        return _request_body(self.old_doc, self.old), _request_body(self.new_doc, self.new)

    @cached_property
    def responses(self) -> dict[str, Pair]:
        old = sides(self.old_doc, self.old.node.get("responses"), join(self.old.pointer, "responses"))
        new = sides(self.new_doc, self.new.node.get("responses"), join(self.new.pointer, "responses"))
        return {key.upper(): (o, n) for key, o, n in paired(old, new)}


def _parameters(doc: Document, op: OperationRef) -> dict[tuple[str, str], Side]:
    positions = {name[1:-1]: str(index) for index, name in enumerate(_TEMPLATE.findall(op.path))}
    found: dict[tuple[str, str], Side] = {}
    # Path-item parameters first: operation-level ones with the same key override them.
    for owner, owner_pointer in ((op.path_item.node, op.path_item.pointer), (op.node, op.pointer)):
        for index, raw in enumerate(listing(owner.get("parameters"))):
            node, pointer = doc.resolve(raw, join(owner_pointer, "parameters", index))
            if not isinstance(node, Mapping):
                continue
            location, name = str(node.get("in", "")), str(node.get("name", ""))
            if location == "path" and name in positions:
                key = ("path", "{" + positions[name] + "}")
            else:
                key = (location, name.lower() if location == "header" else name)
            found[key] = Side(node, pointer)
    return found


def _request_body(doc: Document, op: OperationRef) -> Side | None:
    raw = op.node.get("requestBody")
    if raw is None:
        return None
    node, pointer = doc.resolve(raw, join(op.pointer, "requestBody"))
    return Side(node, pointer) if isinstance(node, Mapping) else None


@dataclass(frozen=True, slots=True)
class DocumentPair:
    """Both documents with their operations indexed; `today` decides whether a sunset has passed."""

    old: Document
    new: Document
    old_operations: dict[tuple[str, str], OperationRef]
    new_operations: dict[tuple[str, str], OperationRef]
    today: date

    def operation_named(self, operation_id: str) -> str | None:
        """The "METHOD path" of the operation with this operationId (new document first)."""
        for operations in (self.new_operations, self.old_operations):
            for ref in operations.values():
                if ref.node.get("operationId") == operation_id:
                    return ref.name
        return None


def sunset(op: OperationRef) -> date | None:
    """The operation's `x-sunset` date (YAML may already have parsed it into a date)."""
    value = op.node.get("x-sunset")
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise SpecError(f"x-sunset of {op.name} is not an ISO date: {value!r}") from None
