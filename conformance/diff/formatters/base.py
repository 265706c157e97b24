"""Small pieces every formatter shares."""

from __future__ import annotations

from ..model import DiffResult, Finding, Level

SHOWN_OPERATIONS = 3


def operations_label(finding: Finding, limit: int = SHOWN_OPERATIONS) -> str:
    """The affected operations, at most `limit` of them, then a count of the rest."""
    if not finding.operations:
        return "(document)"
    shown = ", ".join(finding.operations[:limit])
    rest = len(finding.operations) - limit
    return f"{shown} (+{rest} more)" if rest > 0 else shown


def summary(result: DiffResult) -> str:
    counts = [f"{result.count(level)} {level.value}" for level in Level]
    if result.ignored:
        counts.append(f"{len(result.ignored)} ignored")
    return ", ".join(counts)
