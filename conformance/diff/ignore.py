"""The ignore file: accepted findings, each named by rule id and operation or path, with a reason.

- rule: response-property-removed
  operation: GET /v1/invoices/{invoice}    # or `path:` for every method; neither = everywhere
  reason: the field was never populated (ticket 123)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from conformance.errors import UsageError

from .model import DiffResult, Finding
from .operation import METHODS, operation_key
from .rules import RULES

_KEYS = frozenset({"rule", "operation", "path", "reason"})


@dataclass(frozen=True, slots=True)
class IgnoreEntry:
    rule: str
    reason: str
    operation: tuple[str, str] | None = None  # (method, path shape)
    path: str | None = None  # path shape

    def covers(self, operation: str) -> bool:
        if self.operation is None and self.path is None:
            return True
        method, _, path = operation.partition(" ")
        key = operation_key(method.lower(), path)
        return key == self.operation or key[1] == self.path


def _entry(raw: object, where: str) -> IgnoreEntry:
    if not isinstance(raw, Mapping):
        raise UsageError(f"{where}: expected a mapping with rule, operation or path, and reason")
    unknown = set(map(str, raw)) - _KEYS
    if unknown:
        raise UsageError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    rule, reason = raw.get("rule"), raw.get("reason")
    if rule not in RULES:
        raise UsageError(f"{where}: unknown rule id {rule!r}")
    if not isinstance(reason, str) or not reason.strip():
        raise UsageError(f"{where}: every ignore entry needs a reason")
    operation = raw.get("operation")
    parsed: tuple[str, str] | None = None
    if operation is not None:
        method, _, path = str(operation).strip().partition(" ")
        if method.lower() not in METHODS or not path.startswith("/"):
            raise UsageError(f"{where}: operation must look like 'GET /path', got {operation!r}")
        parsed = operation_key(method.lower(), path.strip())
    raw_path = raw.get("path")
    shape = operation_key("", str(raw_path))[1] if raw_path is not None else None
    return IgnoreEntry(str(rule), reason.strip(), parsed, shape)


def load_ignore(path: Path) -> list[IgnoreEntry]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ignore file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise UsageError(f"{path}: expected a list of ignore entries")
    return [_entry(item, f"{path}: entry {index + 1}") for index, item in enumerate(raw)]


def _narrow(finding: Finding, entries: Iterable[IgnoreEntry]) -> Finding | None:
    """The finding minus the operations an entry covers; None when nothing is left."""
    matching = [entry for entry in entries if entry.rule == finding.rule.id]
    if not matching:
        return finding
    if any(entry.operation is None and entry.path is None for entry in matching):
        return None
    kept = tuple(op for op in finding.operations if not any(entry.covers(op) for entry in matching))
    if not finding.operations or kept == finding.operations:
        return finding
    return replace(finding, operations=kept) if kept else None


def apply_ignore(result: DiffResult, entries: list[IgnoreEntry]) -> DiffResult:
    kept: list[Finding] = []
    ignored: list[Finding] = list(result.ignored)
    for finding in result.findings:
        narrowed = _narrow(finding, entries)
        if narrowed is None:
            ignored.append(finding)
        else:
            kept.append(narrowed)
    return replace(result, findings=tuple(kept), ignored=tuple(ignored))
