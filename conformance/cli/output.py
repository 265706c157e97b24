"""Progress output: rich live status on a TTY, one plain line per event otherwise (CI logs)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import click
from rich.console import Console

from conformance.engine.events import (
    ApiFinished,
    ApiStarted,
    Event,
    PhaseStarted,
    ResultRecorded,
    RunFinished,
    RunStarted,
)
from conformance.model.results import Status

_STYLE = {Status.PASSED: "green", Status.FAILED: "red", Status.ERROR: "yellow", Status.SKIPPED: "dim"}


@dataclass
class ProgressHandler:
    quiet: bool = False
    console: Console = field(default_factory=lambda: Console(stderr=True, highlight=False))
    tty: bool = field(default_factory=lambda: sys.stderr.isatty())
    _counts: dict[str, dict[Status, int]] = field(default_factory=dict)

    def line(self, text: str, style: str = "", *, final: bool = False) -> None:
        if self.quiet and not final:
            return
        if self.tty:
            self.console.print(text, style=style)
        else:
            click.echo(text, err=True)

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            report = event.report
            self.line(f"invoice-conformance run {report.run_id} (profile {report.profile}, seed {report.seed})", "bold")
        elif isinstance(event, ApiStarted):
            self._counts[event.api.id] = {s: 0 for s in Status}
            self.line(f"{event.api.id}: testing {event.api.base_url}")
        elif isinstance(event, PhaseStarted):
            self.line(f"{event.api}: {event.phase} phase ...", "dim")
        elif isinstance(event, ResultRecorded):
            result = event.result
            self._counts[result.api][result.status] += 1
            if result.status in (Status.FAILED, Status.ERROR):
                detail = result.failures[0].title if result.failures else (result.reason or "")
                self.line(
                    f"  {result.status.value.upper()} {result.check} {result.operation}: {detail}",
                    _STYLE[result.status],
                )
        elif isinstance(event, ApiFinished):
            per_api = self._counts.get(event.api, {})
            summary = ", ".join(f"{n} {s.value}" for s, n in per_api.items() if n)
            self.line(f"{event.api}: {summary or 'nothing ran'}")
        elif isinstance(event, RunFinished):
            counts = event.report.counts()
            verdict = {0: "conformant", 1: "NOT conformant", 2: "run error"}[event.report.exit_code]
            self.line(
                f"{verdict}: {counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors, "
                f"{counts['skipped']} skipped",
                "bold green" if event.report.exit_code == 0 else "bold red",
                final=True,
            )
