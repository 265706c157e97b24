"""The API x check grid every human-facing report draws."""

from __future__ import annotations

from dataclasses import dataclass

from conformance.model.results import RunReport, Status

SYMBOL = {Status.PASSED: "✅", Status.FAILED: "❌", Status.ERROR: "⚠️", Status.SKIPPED: "➖"}


@dataclass(frozen=True)
class Matrix:
    apis: list[str]
    checks: list[str]
    cells: dict[tuple[str, str], Status]

    def has(self, api: str, check: str) -> bool:
        return (api, check) in self.cells

    def cell(self, api: str, check: str) -> Status:
        return self.cells[(api, check)]


def matrix(report: RunReport) -> Matrix:
    """Worst status per (api, check) across operations; a check that only skipped shows as skipped."""
    cells: dict[tuple[str, str], Status] = {}
    for result in report.results:
        key = (result.api, result.check)
        if key not in cells or result.status.rank > cells[key].rank:
            cells[key] = result.status
    apis = sorted({r.api for r in report.results} | {a.id for a in report.apis})
    checks = sorted({r.check for r in report.results})
    return Matrix(apis, checks, cells)
