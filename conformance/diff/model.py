"""The vocabulary of a spec diff: rules as data, the changes they classify, and the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Level(StrEnum):
    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; `--fail-on` compares ranks."""
        return {Level.BREAKING: 2, Level.WARNING: 1, Level.INFO: 0}[self]


class Direction(StrEnum):
    """Who is hurt by a change: a client sending data (request), reading it (response), or neither."""

    REQUEST = "request"
    RESPONSE = "response"
    NONE = "none"


class Location(StrEnum):
    PATHS = "paths"
    PARAMETERS = "parameters"
    BODY = "body"
    PROPERTIES = "properties"
    SCHEMA = "schema"
    HEADERS = "headers"
    SECURITY = "security"
    LIFECYCLE = "lifecycle"


class Action(StrEnum):
    ADD = "add"
    REMOVE = "remove"
    CHANGE = "change"
    GENERALIZE = "generalize"
    SPECIALIZE = "specialize"
    SET = "set"


@dataclass(frozen=True, slots=True)
class Rule:
    """One classified kind of change. `message` is a `str.format` template filled by the rule's family."""

    id: str
    level: Level
    direction: Direction
    location: Location
    action: Action
    message: str


@dataclass(frozen=True, slots=True)
class Change:
    """A rule firing at one place, before it is mapped to the operations that reach that place.

    `operation` is set only by document-level rules that know their operation directly (added/removed
    operations, x-lifecycle transitions); everything else inherits the operations of its comparison unit.
    """

    rule: Rule
    old: str | None
    new: str | None
    message: str
    operation: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A change as reported: where it is in both documents and every operation it affects."""

    rule: Rule
    operations: tuple[str, ...]
    old: str | None
    new: str | None
    message: str

    @property
    def level(self) -> Level:
        return self.rule.level

    @property
    def operation(self) -> str:
        """The first affected operation ("" for document-level changes such as a new lifecycle state)."""
        return self.operations[0] if self.operations else ""


@dataclass(frozen=True, slots=True)
class DiffResult:
    old_source: str
    new_source: str
    findings: tuple[Finding, ...]
    ignored: tuple[Finding, ...] = field(default=())

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level is level)

    def fails(self, threshold: Level | None) -> bool:
        """True when some finding is at or above `threshold` (None = never fail)."""
        if threshold is None:
            return False
        return any(finding.level.rank >= threshold.rank for finding in self.findings)
