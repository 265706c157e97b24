"""What the engine tells its consumers (progress output, report writers, the pytest plugin)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from conformance.model.results import ApiInfo, CheckResult, RunReport


@dataclass(frozen=True)
class RunStarted:
    report: RunReport


@dataclass(frozen=True)
class ApiStarted:
    api: ApiInfo


@dataclass(frozen=True)
class PhaseStarted:
    api: str
    phase: str


@dataclass(frozen=True)
class ResultRecorded:
    result: CheckResult


@dataclass(frozen=True)
class ApiFinished:
    api: str


@dataclass(frozen=True)
class RunFinished:
    report: RunReport


Event = RunStarted | ApiStarted | PhaseStarted | ResultRecorded | ApiFinished | RunFinished


class EventHandler(Protocol):
    def handle(self, event: Event) -> None: ...
