"""`summary.md`: the API x check matrix and the failures, for PR comments and `$GITHUB_STEP_SUMMARY`."""

from __future__ import annotations

from conformance.model.results import RunReport, Status

from .matrix import SYMBOL, matrix


def render(report: RunReport) -> str:
    counts = report.counts()
    verdict = {0: "conformant", 1: "NOT conformant", 2: "run error"}[report.exit_code]
    lines = [
        f"# invoice-conformance: {verdict}",
        "",
        f"Run `{report.run_id}` · profile `{report.profile}` · seed `{report.seed}`"
        + (f" · shard `{report.shard}`" if report.shard else ""),
        "",
        f"**{counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['error']} errors, {counts['skipped']} skipped**",
        "",
    ]
    grid = matrix(report)
    if grid.checks:
        lines.append("| check | " + " | ".join(grid.apis) + " |")
        lines.append("|---|" + "---|" * len(grid.apis))
        for check in grid.checks:
            cells = [SYMBOL[grid.cell(api, check)] if grid.has(api, check) else "" for api in grid.apis]
            lines.append(f"| `{check}` | " + " | ".join(cells) + " |")
        lines.append("")
    bad = [r for r in sorted(report.results, key=lambda r: r.key) if r.status in (Status.FAILED, Status.ERROR)]
    if bad:
        lines += ["## Failures", ""]
    for result in bad:
        lines.append(f"- **{result.api}** `{result.check}` on `{result.operation}`: {result.status.value}")
        if result.reason:
            lines.append(f"  - {result.reason}")
        for failure in result.failures[:3]:
            lines.append(f"  - {failure.title}: {failure.message.splitlines()[0] if failure.message else ''}")
            if failure.curl:
                lines.append(f"    ```\n    {failure.curl}\n    ```")
    for error in report.errors:
        lines.append(f"- run error: {error}")
    return "\n".join(lines) + "\n"
