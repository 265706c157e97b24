"""`invoice-conformance diff`: sides, formats, --fail-on, --ignore, --output and exit codes 0/1/2."""

from __future__ import annotations

import gzip
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conformance.cli.diff import diff
from conformance.diff import load as load_module
from conformance.diff import load_side
from conformance.errors import ConformanceError, SpecError, UsageError

CASES = Path(__file__).parent / "cases"
BREAKING = CASES / "response-property-removed"  # breaking only
WARNING = CASES / "response-enum-value-added"  # warning only
INFO = CASES / "response-property-added"  # info only


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(diff, [str(arg) for arg in args])


def sides(case: Path) -> tuple[Path, Path]:
    return case / "base.yaml", case / "revision.yaml"


def test_no_breaking_change_exits_0() -> None:
    result = invoke(*sides(INFO))
    assert result.exit_code == 0, result.output
    assert "response-property-added" in result.output


def test_breaking_change_exits_1() -> None:
    result = invoke(*sides(BREAKING))
    assert result.exit_code == 1
    assert "breaking  response-property-removed" in result.output


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [(WARNING, "breaking", 0), (WARNING, "warning", 1), (BREAKING, "never", 0), (INFO, "warning", 0)],
)
def test_fail_on_threshold(case: Path, fail_on: str, code: int) -> None:
    assert invoke(*sides(case), "--fail-on", fail_on).exit_code == code


def _raises(result: Result, kind: type[ConformanceError]) -> None:
    # The command raises; `conformance.cli.main` turns the error into one line and exit code 2.
    assert isinstance(result.exception, kind), result.output
    assert result.exception.exit_code == 2


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    _raises(invoke(tmp_path / "nope.yaml", BREAKING / "base.yaml"), SpecError)


def test_invalid_yaml_is_bad_input(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [unclosed\n")
    _raises(invoke(broken, BREAKING / "base.yaml"), SpecError)


def test_swagger_2_is_bad_input(tmp_path: Path) -> None:
    old = tmp_path / "swagger.json"
    old.write_text(json.dumps({"swagger": "2.0", "paths": {}}))
    _raises(invoke(old, BREAKING / "base.yaml"), SpecError)


def test_unknown_format_is_a_click_usage_error() -> None:
    assert invoke(*sides(INFO), "--format", "yaml").exit_code == 2


def test_json_format_parses() -> None:
    result = invoke(*sides(BREAKING), "--format", "json")
    document = json.loads(result.output)
    assert document["summary"]["breaking"] == 1
    [finding] = document["findings"]
    assert finding["rule"] == "response-property-removed"
    assert finding["operations"] == ["POST /invoices"]
    assert finding["old"] == "/components/schemas/Invoice/properties/memo"


def test_junit_format_parses_and_fails_breaking_cases() -> None:
    root = ET.fromstring(invoke(*sides(BREAKING), "--format", "junit").output)
    assert root.tag == "testsuites" and root.get("failures") == "1"
    [case] = root.iter("testcase")
    assert case.get("name") == "response-property-removed: response property 'memo' removed"
    assert case.find("failure") is not None


def test_junit_without_findings_has_one_passing_case() -> None:
    same = BREAKING / "base.yaml"
    root = ET.fromstring(invoke(same, same, "--format", "junit").output)
    assert [case.get("name") for case in root.iter("testcase")] == ["no changes"]
    assert root.find(".//failure") is None


def test_markdown_format_is_a_table() -> None:
    lines = invoke(*sides(BREAKING), "--format", "markdown").output.splitlines()
    assert lines[0].startswith("### API changes")
    assert any(line.startswith("| breaking | `response-property-removed` |") for line in lines)


def test_github_format_annotates_by_level() -> None:
    output = invoke(*sides(WARNING), "--format", "github").output
    assert output.startswith("::warning ")
    assert "title=warning response-enum-value-added::POST /invoices" in output
    assert "file=" in output


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = invoke(*sides(BREAKING), "--format", "json", "--output", target)
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(target.read_text())["findings"][0]["rule"] == "response-property-removed"


def test_unwritable_output_is_bad_input(tmp_path: Path) -> None:
    _raises(invoke(*sides(INFO), "--output", tmp_path / "missing" / "report.txt"), UsageError)


def test_ignore_file_accepts_a_finding(tmp_path: Path) -> None:
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text(
        "- rule: response-property-removed\n  operation: post /invoices\n  reason: memo was never filled in\n"
    )
    result = invoke(*sides(BREAKING), "--ignore", ignore, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"] == {"breaking": 0, "warning": 0, "info": 0, "ignored": 1}


def test_ignore_by_path_narrows_the_operations(tmp_path: Path) -> None:
    old, new = CASES / "operation-added" / "base.yaml", CASES / "response-property-removed" / "base.yaml"
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text("- {rule: operation-added, path: /invoices, reason: released on purpose}\n")
    document = json.loads(invoke(old, new, "--ignore", ignore, "--format", "json").output)
    assert [finding["rule"] for finding in document["findings"]] == ["operation-removed-without-deprecation"]


@pytest.mark.parametrize(
    "content",
    [
        "- {rule: no-such-rule, reason: x}\n",
        "- {rule: operation-added}\n",
        "- {rule: operation-added, operation: /invoices, reason: x}\n",
        "- {rule: operation-added, reason: x, until: tomorrow}\n",
        "rule: operation-added\n",
    ],
)
def test_bad_ignore_file_is_bad_input(tmp_path: Path, content: str) -> None:
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text(content)
    _raises(invoke(*sides(INFO), "--ignore", ignore), UsageError)


def test_main_prints_one_line_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conformance.cli import cli, main

    if "diff" not in cli.commands:
        pytest.skip("conformance/cli/__init__.py does not register the diff command")
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", str(tmp_path / "nope.yaml"), str(tmp_path / "nope.yaml")])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_json_and_gzip_sides(tmp_path: Path) -> None:
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
    (tmp_path / "spec.json").write_text(json.dumps(document))
    (tmp_path / "spec.json.gz").write_bytes(gzip.compress(json.dumps(document).encode()))
    assert load_side("spec.json", cwd=tmp_path).document == load_side("spec.json.gz", cwd=tmp_path).document


def test_git_revision_side(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text((BREAKING / "base.yaml").read_text())

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", "spec.yaml")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "spec")
    spec.write_text((BREAKING / "revision.yaml").read_text())
    assert load_side("HEAD:spec.yaml", cwd=tmp_path).document["openapi"] == "3.1.0"
    with pytest.raises(SpecError):
        load_side("HEAD~1:spec.yaml", cwd=tmp_path)


def test_bundled_sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "openapi.yaml").write_text((BREAKING / "base.yaml").read_text())
    (folder / "openapi.v2.yaml").write_text((BREAKING / "revision.yaml").read_text())
    monkeypatch.setattr(load_module, "specs_dir", lambda: tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert load_side("acme", cwd=elsewhere).path == folder / "openapi.yaml"
    assert load_side("acme@2", cwd=elsewhere).path == folder / "openapi.v2.yaml"
    with pytest.raises(SpecError, match="no bundled version 3"):
        load_side("acme@3", cwd=elsewhere)
    with pytest.raises(SpecError, match="bundled: acme"):
        load_side("nosuchapi", cwd=elsewhere)
