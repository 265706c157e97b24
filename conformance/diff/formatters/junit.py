"""JUnit XML for CI test tabs: each finding is a test case, breaking ones fail."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model import DiffResult, Level


def render(result: DiffResult) -> str:
    failures = result.count(Level.BREAKING)
    tests = max(len(result.findings), 1)
    suites = ET.Element("testsuites", name="invoice-conformance diff", tests=str(tests), failures=str(failures))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"{result.old_source} -> {result.new_source}",
        tests=str(tests),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    if not result.findings:
        ET.SubElement(suite, "testcase", classname="diff", name="no changes")
    for finding in result.findings:
        # The message makes names unique where one rule fires twice for the same operation.
        name = f"{finding.rule.id}: {finding.message}"
        case = ET.SubElement(suite, "testcase", classname=finding.operation or "document", name=name)
        details = "\n".join(
            [
                finding.message,
                f"operations: {', '.join(finding.operations) or '(document)'}",
                f"old: {finding.old or '-'}",
                f"new: {finding.new or '-'}",
            ]
        )
        if finding.level is Level.BREAKING:
            failure = ET.SubElement(case, "failure", type=finding.level.value, message=finding.message)
            failure.text = details
        else:
            ET.SubElement(case, "system-out").text = f"{finding.level.value}: {details}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
