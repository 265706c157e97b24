"""One base/revision fixture pair per rule id: the rule fires, at the level its verdict comment states."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from diff_helpers import TODAY, parse, resolves

from conformance.diff import RULES, diff_documents

CASES = Path(__file__).parent / "cases"
VERDICT = re.compile(r"^# (breaking|warning|info): \S")
ALSO = re.compile(r"^# also: (.+)$", re.MULTILINE)


def _cases() -> list[str]:
    return sorted(path.name for path in CASES.iterdir() if path.is_dir())


def test_every_rule_has_a_case_and_every_case_a_rule() -> None:
    assert set(_cases()) == set(RULES)


@pytest.mark.parametrize("case", _cases())
def test_rule_fires_at_its_stated_level(case: str) -> None:
    base_text = (CASES / case / "base.yaml").read_text(encoding="utf-8")
    revision_text = (CASES / case / "revision.yaml").read_text(encoding="utf-8")
    verdict = VERDICT.match(revision_text)
    assert verdict, "revision.yaml must open with '# <level>: <why>'"
    also = ALSO.search(revision_text)
    allowed = {case, *(also.group(1).replace(" ", "").split(",") if also else ())}
    base, revision = parse(base_text), parse(revision_text)

    result = diff_documents(base, revision, today=TODAY)

    fired = {finding.rule.id for finding in result.findings}
    assert case in fired
    assert fired <= allowed, f"unexpected rules {sorted(fired - allowed)}"
    finding = next(finding for finding in result.findings if finding.rule.id == case)
    assert finding.level.value == verdict.group(1) == RULES[case].level.value
    for found in result.findings:
        assert found.old is not None and resolves(base, found.old), found.old
        assert found.new is not None and resolves(revision, found.new), found.new


@pytest.mark.parametrize("case", _cases())
def test_no_change_against_itself(case: str) -> None:
    for side in ("base.yaml", "revision.yaml"):
        document = parse((CASES / case / side).read_text(encoding="utf-8"))
        assert diff_documents(document, document, today=TODAY).findings == ()
