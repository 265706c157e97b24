"""`invoice-conformance run` against the real embedded reference server, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from conformance.spec import bundled_api_ids

from .cli import run_cli

ROOT = Path(__file__).resolve().parents[2]


def _single_run(report_dir: Path) -> Path:
    runs = sorted(report_dir.iterdir())
    assert len(runs) == 1, runs
    return runs[0]


@pytest.mark.parametrize("api", bundled_api_ids())
def test_reference_server_is_conformant(api: str, tmp_path: Path) -> None:
    result = run_cli("run", "--api", api, "--profile", "quick", "--seed", "11", "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    run_dir = _single_run(tmp_path)
    assert sorted(p.name for p in run_dir.iterdir()) == ["junit.xml", "report.html", "results.json", "summary.md"]
    results = json.loads((run_dir / "results.json").read_text())
    assert results["summary"]["failed"] == 0 and results["summary"]["passed"] > 20
    checks = {r["check"] for r in results["results"]}
    assert {"lifecycle_model", "money_arithmetic", "pagination_walk", "schema.response_schema_conformance"} <= checks
    assert ET.parse(run_dir / "junit.xml").getroot().get("failures") == "0"


def test_shards_merge_into_the_whole(tmp_path: Path) -> None:
    common = ["run", "--api", "floatless", "--profile", "quick", "--seed", "5", "--max-examples", "3"]
    for shard in ("1/2", "2/2"):
        result = run_cli(*common, "--shard", shard, "--report-dir", str(tmp_path / "shards"))
        assert result.returncode == 0, result.stderr[-2000:]
    shards = sorted((tmp_path / "shards").iterdir())
    parts = [json.loads((s / "results.json").read_text())["results"] for s in shards]
    assert parts[0] and parts[1]
    assert not {(r["check"], r["operation"]) for r in parts[0]} & {(r["check"], r["operation"]) for r in parts[1]}
    merged = run_cli("report", "merge", *map(str, shards), "--report-dir", str(tmp_path / "merged"))
    assert merged.returncode == 0, merged.stderr
    total = json.loads((_single_run(tmp_path / "merged") / "results.json").read_text())
    assert total["summary"]["total"] == len(parts[0]) + len(parts[1])


def test_pytest_plugin_runs_the_same_checks(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("")
    installed = any(e.value == "conformance.pytest_plugin" for e in entry_points(group="pytest11"))
    command = [
        sys.executable,
        "-m",
        "pytest",
        *([] if installed else ["-p", "conformance.pytest_plugin"]),
        "-q",
        "-p",
        "no:cacheprovider",
        "--conformance-api",
        "floatless",
        "--conformance-profile",
        "quick",
        "--conformance-seed",
        "3",
        "--conformance-workers",
        "2",
        "-o",
        "addopts=",
        str(tmp_path),
    ]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, cwd=tmp_path, stdin=subprocess.DEVNULL, env=env
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_specs_and_lint_commands(tmp_path: Path) -> None:
    listing = run_cli("specs")
    assert listing.returncode == 0
    for api in bundled_api_ids():
        assert api in listing.stdout
    assert run_cli("lint").returncode == 0
