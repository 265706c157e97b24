"""The verdict model every phase produces and every report renders (schema: docs/results-schema.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from conformance.transport.exchange import Exchange

RESULTS_SCHEMA_VERSION = 1
# Verdicts of the schema phases (schemathesis' checks and ours beside them) are named `schema.<check>`.
SCHEMA_PREFIX = "schema."


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Status.SKIPPED: 0, Status.PASSED: 1, Status.FAILED: 2, Status.ERROR: 3}


@dataclass(frozen=True)
class Failure:
    title: str
    message: str
    curl: str | None = None
    exchanges: tuple[Exchange, ...] = ()
    steps: tuple[str, ...] = ()
    seed: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.title, self.message


@dataclass
class CheckResult:
    """The verdict of one check on one operation of one API."""

    api: str
    check: str
    operation: str
    status: Status
    reason: str | None = None
    failures: list[Failure] = field(default_factory=list)
    requests: int = 0
    duration: float = 0.0

    def merge(self, other: CheckResult) -> None:
        """Fold another verdict of the same (api, check, operation) in: the worse status wins."""
        if other.status.rank > self.status.rank:
            self.status, self.reason = other.status, other.reason
        known = {f.key for f in self.failures}
        self.failures += [f for f in other.failures if f.key not in known]
        self.requests += other.requests
        self.duration += other.duration

    @property
    def key(self) -> tuple[str, str, str]:
        return self.api, self.check, self.operation

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        failures = [
            Failure(
                **{k: v for k, v in f.items() if k not in ("exchanges", "steps")},
                exchanges=tuple(Exchange(**e) for e in f.get("exchanges", ())),
                steps=tuple(f.get("steps", ())),
            )
            for f in data.get("failures", ())
        ]
        return cls(
            api=data["api"],
            check=data["check"],
            operation=data["operation"],
            status=Status(data["status"]),
            reason=data.get("reason"),
            failures=failures,
            requests=int(data.get("requests", 0)),
            duration=float(data.get("duration", 0.0)),
        )


@dataclass(frozen=True)
class ApiInfo:
    id: str
    title: str
    version: str
    base_url: str


@dataclass
class RunReport:
    run_id: str
    started: str
    finished: str = ""
    seed: int | None = None
    profile: str = "standard"
    shard: str | None = None
    apis: list[ApiInfo] = field(default_factory=list)
    results: list[CheckResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for result in self.results:
            counts[result.status.value] += 1
        counts["total"] = len(self.results)
        return counts

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if any(r.status in (Status.FAILED, Status.ERROR) for r in self.results) else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": RESULTS_SCHEMA_VERSION,
            "run": {
                "id": self.run_id,
                "started": self.started,
                "finished": self.finished,
                "seed": self.seed,
                "profile": self.profile,
                "shard": self.shard,
            },
            "apis": [asdict(a) for a in self.apis],
            "results": [r.to_dict() for r in sorted(self.results, key=lambda r: r.key)],
            "errors": list(self.errors),
            "summary": self.counts() | {"exit_code": self.exit_code},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunReport:
        run = data["run"]
        return cls(
            run_id=run["id"],
            started=run["started"],
            finished=run.get("finished", ""),
            seed=run.get("seed"),
            profile=run.get("profile", "standard"),
            shard=run.get("shard"),
            apis=[ApiInfo(**a) for a in data.get("apis", ())],
            results=[CheckResult.from_dict(r) for r in data.get("results", ())],
            errors=list(data.get("errors", ())),
        )


def fold(results: Iterable[CheckResult]) -> list[CheckResult]:
    """Merge verdicts of the same (api, check, operation), keeping first-seen order."""
    folded: dict[tuple[str, str, str], CheckResult] = {}
    for result in results:
        known = folded.get(result.key)
        if known is None:
            folded[result.key] = result
        else:
            known.merge(result)
    return list(folded.values())
