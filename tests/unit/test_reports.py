"""Report writers: each format carries the verdicts, redaction holds, shards merge."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conformance.engine.events import RunFinished
from conformance.model.results import ApiInfo, CheckResult, Failure, RunReport, Status
from conformance.reporting import html, junit, markdown
from conformance.reporting.writer import ReportHandler, github_annotations, merge_reports, write_reports
from conformance.transport.exchange import Exchange


def sample(run_id: str = "r1", shard: str | None = None) -> RunReport:
    exchange = Exchange("POST", "http://t/v1/invoices", {"Authorization": "[REDACTED]"}, '{"a": 1}', 500, {}, "<boom>")
    failure = Failure("Server error", "HTTP 500 on unicode", "curl -X POST http://t/v1/invoices", (exchange,), seed=7)
    return RunReport(
        run_id=run_id,
        started="2026-01-01T00:00:00+00:00",
        finished="2026-01-01T00:01:00+00:00",
        seed=7,
        shard=shard,
        apis=[ApiInfo("stripe", "Stripe", "1", "http://t/v1")],
        results=[
            CheckResult("stripe", "schema.not_a_server_error", "POST /invoices", Status.FAILED, failures=[failure]),
            CheckResult("stripe", "lifecycle_model", "POST /invoices/{invoice}/void", Status.PASSED),
            CheckResult("stripe", "tenant_isolation", "*", Status.SKIPPED, reason="no second tenant key"),
            CheckResult("stripe", "pagination_walk", "*", Status.ERROR, reason="target: timed out"),
        ],
    )


def test_json_round_trips() -> None:
    report = sample()
    again = RunReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.to_dict() == report.to_dict()
    assert report.to_dict()["summary"] == {
        "passed": 1,
        "failed": 1,
        "error": 1,
        "skipped": 1,
        "total": 4,
        "exit_code": 1,
    }


def test_junit_has_one_testcase_per_check_and_operation() -> None:
    root = ET.fromstring(junit.render(sample()))
    cases = root.findall(".//testcase")
    assert len(cases) == 4
    assert root.get("failures") == "1" and root.get("errors") == "1" and root.get("skipped") == "1"
    failed = [c for c in cases if c.find("failure") is not None]
    assert failed[0].get("classname") == "stripe.schema.not_a_server_error"
    assert "curl -X POST" in (failed[0].find("failure").text or "")  # type: ignore[union-attr]


def test_markdown_and_html_name_the_broken_operation_and_escape() -> None:
    report = sample()
    assert "POST /invoices" in markdown.render(report)
    page = html.render(report)
    assert "&lt;boom&gt;" in page and "<boom>" not in page
    assert "seed" in page and "curl -X POST" in page and 'id="matrix"' in page
    assert "http://" not in page.replace("http://t/v1", "")  # no external assets


def test_writer_writes_all_formats_and_annotations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    lines: list[str] = []
    handler = ReportHandler(tmp_path / "reports", tmp_path / "junit.xml", echo=lines.append)
    handler.handle(RunFinished(sample()))
    assert handler.written is not None
    assert sorted(p.name for p in handler.written.iterdir()) == [
        "junit.xml",
        "report.html",
        "results.json",
        "summary.md",
    ]
    assert (tmp_path / "junit.xml").is_file() and "NOT conformant" in summary.read_text()
    assert lines == github_annotations(sample()) and lines[0].startswith("::error title=stripe ")


def test_merge_combines_shards(tmp_path: Path) -> None:
    first, second = sample("r-shard1of2", "1/2"), sample("r-shard2of2", "2/2")
    second.results = [CheckResult("stripe", "data_echo", "POST /invoices", Status.PASSED)]
    paths = [write_reports(first, tmp_path / "a"), write_reports(second, tmp_path / "b")]
    merged = merge_reports(paths)
    assert merged.run_id == "r-merged"
    assert len(merged.results) == 5 and merged.exit_code == 1
