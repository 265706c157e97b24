"""Machine-readable JSON: every field of every finding, operations in full."""

from __future__ import annotations

import json
from typing import Any

from ..model import DiffResult, Finding, Level


def finding_dict(finding: Finding) -> dict[str, Any]:
    rule = finding.rule
    return {
        "rule": rule.id,
        "level": rule.level.value,
        "direction": rule.direction.value,
        "location": rule.location.value,
        "action": rule.action.value,
        "operation": finding.operation,
        "operations": list(finding.operations),
        "old": finding.old,
        "new": finding.new,
        "message": finding.message,
    }


def render(result: DiffResult) -> str:
    document = {
        "old": result.old_source,
        "new": result.new_source,
        "summary": {**{level.value: result.count(level) for level in Level}, "ignored": len(result.ignored)},
        "findings": [finding_dict(finding) for finding in result.findings],
    }
    return json.dumps(document, indent=2) + "\n"
