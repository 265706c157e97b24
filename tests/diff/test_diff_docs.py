"""docs/diff.md documents every rule (its table is generated) and shows the real Flowglad v1 -> v2 report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conformance.diff import RULES, diff_sides, render
from conformance.diff.load import specs_dir
from conformance.diff.rules import markdown_table

DOCS = Path(__file__).resolve().parents[2] / "docs" / "diff.md"


def _block(name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)\n<!-- {name}:end -->", DOCS.read_text(encoding="utf-8"), re.S)
    assert match, f"docs/diff.md lost its {name} markers"
    return match.group(1)


def test_every_rule_id_is_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", _block("diff-rules"), re.M))
    assert documented == set(RULES)


def test_rule_table_is_generated_from_the_rule_tables() -> None:
    assert _block("diff-rules") == markdown_table()


def test_flowglad_report_is_current() -> None:
    folder = specs_dir()
    if folder is None or not (folder / "flowglad" / "openapi.v2.yaml").is_file():
        pytest.skip("flowglad v2 is not bundled")
    report = render("markdown", diff_sides("flowglad", "flowglad@2")).rstrip("\n")
    assert _block("diff-flowglad") == report
