"""`report.html`: one self-contained page (no network assets): the API x check matrix, then every
failure with its request, response, a copy-paste curl reproduction and the seed."""

from __future__ import annotations

from html import escape

from conformance.model.results import CheckResult, RunReport, Status
from conformance.transport.exchange import Exchange

from .matrix import matrix

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
.verdict-0{color:#11772f}.verdict-1,.verdict-2{color:#b3261e}
table.matrix{border-collapse:collapse}table.matrix td,table.matrix th{border:1px solid #ccd;padding:.3rem .6rem}
table.matrix th{background:#f1f3f8;text-align:left}td.passed{background:#e6f4ea}td.failed{background:#fce8e6}
td.error{background:#fef7e0}td.skipped{background:#f1f3f4}
.failure{border:1px solid #e0b4b0;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.meta{color:#5f6675}
"""


def _exchange(exchange: Exchange) -> str:
    request = f"{exchange.method} {exchange.url}\n" + "".join(
        f"{k}: {v}\n" for k, v in exchange.request_headers.items()
    )
    if exchange.request_body:
        request += "\n" + exchange.request_body
    response = f"HTTP {exchange.status}\n" + "".join(f"{k}: {v}\n" for k, v in exchange.response_headers.items())
    if exchange.response_body:
        response += "\n" + exchange.response_body
    return (
        f"<h4>Request</h4><pre class='request'>{escape(request)}</pre>"
        f"<h4>Response</h4><pre class='response'>{escape(response)}</pre>"
    )


def _result(result: CheckResult) -> str:
    parts = [
        f"<section class='failure' id='{escape(result.api)}-{escape(result.check)}'>",
        f"<h3>{escape(result.api)} · <code>{escape(result.check)}</code> · <code>{escape(result.operation)}</code>"
        f" — {escape(result.status.value)}</h3>",
    ]
    if result.reason:
        parts.append(f"<p>{escape(result.reason)}</p>")
    for failure in result.failures[:5]:
        parts.append(f"<p><strong>{escape(failure.title)}</strong></p><pre>{escape(failure.message)}</pre>")
        if failure.steps and len(failure.steps) > 1:
            steps = "\n".join(f"{i}. {s}" for i, s in enumerate(failure.steps, 1))
            parts.append(f"<h4>Steps</h4><pre class='steps'>{escape(steps)}</pre>")
        if failure.curl:
            parts.append(f"<h4>Reproduce</h4><pre class='curl'>{escape(failure.curl)}</pre>")
        if failure.seed is not None:
            parts.append(f"<p class='meta'>seed: <code>{failure.seed}</code></p>")
        parts += [_exchange(e) for e in failure.exchanges[:3]]
    parts.append("</section>")
    return "".join(parts)


def render(report: RunReport) -> str:
    counts = report.counts()
    verdict = {0: "conformant", 1: "NOT conformant", 2: "run error"}[report.exit_code]
    grid = matrix(report)
    head = "".join(f"<th>{escape(api)}</th>" for api in grid.apis)
    rows = []
    for check in grid.checks:
        cells = []
        for api in grid.apis:
            if grid.has(api, check):
                status = grid.cell(api, check)
                cells.append(f"<td class='{status.value}' title='{status.value}'>{status.value}</td>")
            else:
                cells.append("<td></td>")
        rows.append(f"<tr><th><code>{escape(check)}</code></th>{''.join(cells)}</tr>")
    bad = [r for r in sorted(report.results, key=lambda r: r.key) if r.status in (Status.FAILED, Status.ERROR)]
    errors = "".join(f"<li>{escape(e)}</li>" for e in report.errors)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>invoice-conformance report {escape(report.run_id)}</title>
<style>{_CSS}</style></head><body>
<h1 class="verdict-{report.exit_code}">invoice-conformance: {verdict}</h1>
<p class="meta">run {escape(report.run_id)} · started {escape(report.started)} · profile {escape(report.profile)}
 · seed {report.seed}{" · shard " + escape(report.shard) if report.shard else ""}</p>
<p id="counts">{counts["passed"]} passed, {counts["failed"]} failed, {counts["error"]} errors,
 {counts["skipped"]} skipped</p>
{f"<ul class='errors'>{errors}</ul>" if errors else ""}
<h2>API × check</h2>
<table class="matrix" id="matrix"><tr><th>check</th>{head}</tr>{"".join(rows)}</table>
<h2>Failures ({len(bad)})</h2>
{"".join(_result(r) for r in bad) or "<p>None.</p>"}
</body></html>
"""
