"""Plain text for terminals and logs: worst first, one block per finding."""

from __future__ import annotations

from ..model import DiffResult
from .base import operations_label, summary


def render(result: DiffResult) -> str:
    lines = [f"diff {result.old_source} -> {result.new_source}: {summary(result)}"]
    if not result.findings:
        lines.append("no changes")
    width = max((len(finding.rule.id) for finding in result.findings), default=0)
    for finding in result.findings:
        lines.append("")
        lines.append(f"{finding.level.value:<8}  {finding.rule.id:<{width}}  {operations_label(finding)}")
        lines.append(f"    {finding.message}")
        lines.append(f"    old: {finding.old or '-'}")
        lines.append(f"    new: {finding.new or '-'}")
    return "\n".join(lines) + "\n"
