"""`junit.xml`: one testsuite per API, one testcase per check x operation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conformance.model.results import CheckResult, RunReport, Status


def _failure_text(result: CheckResult) -> str:
    parts = []
    for failure in result.failures:
        parts.append(f"{failure.title}: {failure.message}")
        if failure.curl:
            parts.append(f"reproduce: {failure.curl}")
        if failure.seed is not None:
            parts.append(f"seed: {failure.seed}")
    return "\n".join(parts) or (result.reason or "")


def render(report: RunReport) -> str:
    root = ET.Element("testsuites", name="invoice-conformance")
    counts = report.counts()
    root.set("tests", str(counts["total"]))
    root.set("failures", str(counts["failed"]))
    root.set("errors", str(counts["error"]))
    root.set("skipped", str(counts["skipped"]))
    for api in sorted({r.api for r in report.results}):
        results = sorted((r for r in report.results if r.api == api), key=lambda r: r.key)
        suite = ET.SubElement(root, "testsuite", name=api, tests=str(len(results)))
        suite.set("failures", str(sum(r.status is Status.FAILED for r in results)))
        suite.set("errors", str(sum(r.status is Status.ERROR for r in results)))
        suite.set("skipped", str(sum(r.status is Status.SKIPPED for r in results)))
        suite.set("time", f"{sum(r.duration for r in results):.3f}")
        for result in results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{api}.{result.check}",
                name=result.operation,
                time=f"{result.duration:.3f}",
            )
            if result.status is Status.FAILED:
                first = result.failures[0].title if result.failures else "failed"
                ET.SubElement(case, "failure", message=first).text = _failure_text(result)
            elif result.status is Status.ERROR:
                ET.SubElement(case, "error", message=result.reason or "error").text = _failure_text(result)
            elif result.status is Status.SKIPPED:
                ET.SubElement(case, "skipped", message=result.reason or "skipped")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
