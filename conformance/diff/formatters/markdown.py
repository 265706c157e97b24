"""A Markdown table for pull-request comments and docs."""

from __future__ import annotations

from ..model import DiffResult
from .base import operations_label, summary


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(result: DiffResult) -> str:
    lines = [f"### API changes: `{result.old_source}` → `{result.new_source}`", "", summary(result), ""]
    if not result.findings:
        return "\n".join([*lines, "No changes."]) + "\n"
    lines += ["| Level | Rule | Operations | Change | Where (old → new) |", "|---|---|---|---|---|"]
    for finding in result.findings:
        where = f"`{finding.old or '-'}` → `{finding.new or '-'}`"
        cells = (finding.level.value, f"`{finding.rule.id}`", operations_label(finding), finding.message, where)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"
