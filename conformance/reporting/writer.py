"""Writes every report format for a finished run, plus the CI integrations (GitHub summary, annotations)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from conformance.engine.events import Event, RunFinished
from conformance.errors import UsageError
from conformance.model.results import RunReport, Status

from . import html, json_report, junit, markdown

FORMATS: dict[str, Callable[[RunReport], str]] = {
    "results.json": json_report.render,
    "junit.xml": junit.render,
    "summary.md": markdown.render,
    "report.html": html.render,
}


def write_reports(report: RunReport, directory: Path, junit_xml: Path | None = None) -> Path:
    """Render every format into `directory`; returns it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, render in FORMATS.items():
        (directory / name).write_text(render(report), encoding="utf-8")
    if junit_xml is not None:
        junit_xml.parent.mkdir(parents=True, exist_ok=True)
        junit_xml.write_text(junit.render(report), encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(markdown.render(report))
    return directory


def github_annotations(report: RunReport) -> list[str]:
    lines = []
    for result in sorted(report.results, key=lambda r: r.key):
        if result.status in (Status.FAILED, Status.ERROR):
            detail = result.failures[0].title if result.failures else (result.reason or result.status.value)
            title = f"{result.api} {result.check}"
            lines.append(f"::error title={title}::{result.operation}: {detail}".replace("\n", " "))
    return lines


@dataclass
class ReportHandler:
    """Event handler: on `RunFinished`, writes `reports/<run-id>/` and prints GitHub annotations in Actions."""

    report_dir: Path
    junit_xml: Path | None = None
    echo: Callable[[str], None] = print
    written: Path | None = None

    def handle(self, event: Event) -> None:
        if isinstance(event, RunFinished):
            self.written = write_reports(event.report, self.report_dir / event.report.run_id, self.junit_xml)
            if os.environ.get("GITHUB_ACTIONS") == "true":
                for line in github_annotations(event.report):
                    self.echo(line)


def merge_reports(paths: Sequence[Path]) -> RunReport:
    """One report from shard runs: every `results.json` found in `paths` (files or run folders)."""
    files = [p / "results.json" if p.is_dir() else p for p in paths]
    reports = []
    for file in files:
        try:
            reports.append(RunReport.from_dict(json.loads(file.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{file}: not a results.json ({exc.__class__.__name__}: {exc})") from None
    if not reports:
        raise UsageError("nothing to merge")
    first = reports[0]
    merged = RunReport(
        run_id=first.run_id.split("-shard")[0] + "-merged",
        started=min(r.started for r in reports),
        finished=max(r.finished for r in reports),
        seed=first.seed,
        profile=first.profile,
    )
    for report in reports:
        merged.apis += [a for a in report.apis if a not in merged.apis]
        merged.errors += report.errors
        known = {r.key: r for r in merged.results}
        for result in report.results:
            if result.key in known:
                known[result.key].merge(result)
            else:
                merged.results.append(result)
                known[result.key] = result
    return merged
