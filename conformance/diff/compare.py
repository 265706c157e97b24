"""The comparison walk: operations pairwise, then every reached pair of referenced schemas, once each.

Inline schemas are compared where they stand. A `$ref` on either side turns the pair into a unit keyed
by (old target, new target, direction): queued the first time it is reached, linked in the reach graph
every time. Recursion therefore terminates without ever expanding a schema, a renamed but identical
component compares equal, and a change inside a shared component is found once and then attributed to
every operation that reaches it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from datetime import date
from typing import Any

from conformance.errors import SpecError

from .model import Change, Direction, Finding, Rule
from .operation import DocumentPair, OperationPair, index_operations
from .refs import Document, ReachGraph, UnitKey, is_ref
from .rules import DOCUMENT_CHECKS, OPERATION_CHECKS, SCHEMA_CHECKS
from .schema import SchemaPair, SchemaView

_DOCUMENT: UnitKey = ("document", "", "")
# Sub-schemas the walker descends into itself; properties and variants are walked by their families.
_CHILDREN = ("items", "additionalProperties", "not")


class Walker:
    """Implements the rule families' `Context`: collects changes per unit and follows schema pairs."""

    def __init__(self, old: Document, new: Document) -> None:
        self.old = old
        self.new = new
        self.graph = ReachGraph()
        self.changes: dict[UnitKey, list[Change]] = {}
        self._unit: UnitKey = _DOCUMENT
        self._queued: set[UnitKey] = set()
        self._queue: deque[tuple[UnitKey, Any, Any]] = deque()
        self._active: set[tuple[int, int]] = set()

    def report(
        self,
        rule: Rule,
        old_pointer: str | None,
        new_pointer: str | None,
        /,
        *,
        operation: str | None = None,
        **fields: object,
    ) -> None:
        change = Change(rule, old_pointer, new_pointer, rule.message.format(**fields), operation)
        self.changes.setdefault(self._unit, []).append(change)

    def schema(self, old: Any, old_pointer: str, new: Any, new_pointer: str, direction: Direction) -> None:
        if is_ref(old) or is_ref(new):
            old, old_pointer = self.old.resolve(old, old_pointer)
            new, new_pointer = self.new.resolve(new, new_pointer)
            key = (old_pointer, new_pointer, direction.value)
            self.graph.link(self._unit, key)
            if key not in self._queued:
                self._queued.add(key)
                self._queue.append((key, old, new))
            return
        self._compare(old, old_pointer, new, new_pointer, direction)

    def _compare(self, old: Any, old_pointer: str, new: Any, new_pointer: str, direction: Direction) -> None:
        if not isinstance(old, Mapping) or not isinstance(new, Mapping):
            return  # boolean schemas (3.1) carry no keywords to compare
        # A YAML alias can make an inline schema contain itself; treat it like a recursive $ref.
        active = (id(old), id(new))
        if active in self._active:
            return
        self._active.add(active)
        try:
            self._compare_views(old, old_pointer, new, new_pointer, direction)
        finally:
            self._active.discard(active)

    def _compare_views(self, old: Any, old_pointer: str, new: Any, new_pointer: str, direction: Direction) -> None:
        pair = SchemaPair(SchemaView(self.old, old, old_pointer), SchemaView(self.new, new, new_pointer), direction)
        for check in SCHEMA_CHECKS:
            check(pair, self)
        if pair.retyped:
            return
        for keyword in _CHILDREN:
            old_child, new_child = pair.old.get(keyword), pair.new.get(keyword)
            if isinstance(old_child, Mapping) and isinstance(new_child, Mapping):
                self.schema(old_child, pair.old.at(keyword), new_child, pair.new.at(keyword), direction)

    def run(self, pair: DocumentPair) -> None:
        self._unit = _DOCUMENT
        for document_check in DOCUMENT_CHECKS:
            document_check(pair, self)
        for key, old_op in pair.old_operations.items():
            new_op = pair.new_operations.get(key)
            if new_op is None:
                continue
            self._unit = ("op", new_op.name, "")
            self.graph.add_operation(self._unit, new_op.name)
            operation = OperationPair(new_op.name, old_op, new_op, self.old, self.new)
            for operation_check in OPERATION_CHECKS:
                operation_check(operation, self)
        while self._queue:
            self._unit, old, new = self._queue.popleft()
            self._compare(old, self._unit[0], new, self._unit[1], Direction(self._unit[2]))

    def findings(self) -> list[Finding]:
        merged: dict[tuple[str, str | None, str | None, str], tuple[Rule, set[str]]] = {}
        for unit, changes in self.changes.items():
            reached = self.graph.operations(unit)
            for change in changes:
                key = (change.rule.id, change.old, change.new, change.message)
                _, operations = merged.setdefault(key, (change.rule, set()))
                operations.update((change.operation,) if change.operation else reached)
        findings = [
            Finding(rule, tuple(sorted(operations, key=_operation_order)), old, new, message)
            for (_, old, new, message), (rule, operations) in merged.items()
        ]
        findings.sort(key=lambda f: (-f.level.rank, _operation_order(f.operation), f.rule.id, f.old or "", f.new or ""))
        return findings


def _operation_order(name: str) -> tuple[str, str]:
    method, _, path = name.partition(" ")
    return path, method


def compare(old_root: Mapping[str, Any], new_root: Mapping[str, Any], today: date) -> list[Finding]:
    old, new = Document(old_root), Document(new_root)
    walker = Walker(old, new)
    try:
        walker.run(DocumentPair(old, new, index_operations(old), index_operations(new), today))
    except RecursionError:
        raise SpecError("the documents nest too deeply to compare") from None
    return walker.findings()
