"""Diff Stripe's full public spec against a scripted edit of itself.

Every scripted edit must be found, and every finding must come from a scripted edit (edits that
should be invisible, such as a renamed component or a renamed path parameter, must produce nothing).
Prints wall time and peak memory; the goal is <= 3 s and <= 300 MB on 2 cores. If the Optic CLI
(`@useoptic/optic`) is installed, it runs on the same pair for comparison; it is never downloaded here.

    python bench/diff.py
"""

from __future__ import annotations

import gzip
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conformance.diff import Finding, diff_documents

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stripe-openapi-2024-04-10.json.gz"
GOAL_SECONDS, GOAL_MB = 3.0, 300
FORM = "application/x-www-form-urlencoded"
Doc = dict[str, Any]


@dataclass(frozen=True)
class Edit:
    name: str
    apply: Callable[[Doc], None]
    # (rule id, text that must appear in the finding's operations or pointers); empty = must stay invisible
    expect: tuple[tuple[str, str], ...]

    def explains(self, finding: Finding) -> bool:
        return any(_matches(finding, rule, where) for rule, where in self.expect)


def _matches(finding: Finding, rule: str, where: str) -> bool:
    places = (*finding.operations, finding.old or "", finding.new or "")
    return finding.rule.id == rule and any(where in place for place in places)


def schema(doc: Doc, name: str) -> Doc:
    component: Doc = doc["components"]["schemas"][name]
    return component


def form(doc: Doc, path: str, method: str = "post") -> Doc:
    body: Doc = doc["paths"][path][method]["requestBody"]["content"][FORM]["schema"]
    return body


def _remove_delete_invoice(doc: Doc) -> None:
    del doc["paths"]["/v1/invoices/{invoice}"]["delete"]


def _require_description(doc: Doc) -> None:
    form(doc, "/v1/invoices").setdefault("required", []).append("description")


def _drop_send_invoice(doc: Doc) -> None:
    form(doc, "/v1/invoices")["properties"]["collection_method"]["enum"].remove("send_invoice")


def _add_required_parameter(doc: Doc) -> None:
    parameter = {"in": "query", "name": "tenant", "required": True, "schema": {"type": "string"}}
    doc["paths"]["/v1/invoices"]["get"]["parameters"].append(parameter)


def _created_as_string(doc: Doc) -> None:
    schema(doc, "invoice")["properties"]["created"] = {"type": "string", "format": "date-time"}


def _tighten_description(doc: Doc) -> None:
    form(doc, "/v1/invoices")["properties"]["description"]["maxLength"] = 100


def _currency_nullable(doc: Doc) -> None:
    schema(doc, "invoice")["properties"]["currency"]["nullable"] = True


def _pay_returns_202(doc: Doc) -> None:
    responses = doc["paths"]["/v1/invoices/{invoice}/pay"]["post"]["responses"]
    responses["202"] = responses.pop("200")


def _bearer_only(doc: Doc) -> None:
    doc["paths"]["/v1/balance"]["get"]["security"] = [{"bearerAuth": []}]


def _void_takes_json(doc: Doc) -> None:
    content = doc["paths"]["/v1/invoices/{invoice}/void"]["post"]["requestBody"]["content"]
    content["application/json"] = content.pop(FORM)


def _add_pdf_operation(doc: Doc) -> None:
    ok = {"200": {"description": "The PDF.", "content": {"application/pdf": {"schema": {"type": "string"}}}}}
    doc["paths"]["/v1/invoices/{invoice}/pdf"] = {"get": {"operationId": "GetInvoicePdf", "responses": ok}}


def _add_response_property(doc: Doc) -> None:
    schema(doc, "invoice")["properties"]["pdf_version"] = {"type": "integer"}


def _add_status(doc: Doc) -> None:
    schema(doc, "invoice")["properties"]["status"]["enum"].append("archived")


def _add_optional_parameter(doc: Doc) -> None:
    parameter = {"in": "query", "name": "currency", "required": False, "schema": {"type": "string"}}
    doc["paths"]["/v1/invoices"]["get"]["parameters"].append(parameter)


def _rename_component(doc: Doc) -> None:
    old, new = "#/components/schemas/discount", "#/components/schemas/discount_renamed"
    schemas = doc["components"]["schemas"]
    schemas["discount_renamed"] = schemas.pop("discount")
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("$ref") == old:
                node["$ref"] = new
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _rename_path_parameter(doc: Doc) -> None:
    item = doc["paths"].pop("/v1/customers/{customer}")
    for operation in item.values():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] == "customer":
                parameter["name"] = "id"
    doc["paths"]["/v1/customers/{id}"] = item


def _reorder_parameters(doc: Doc) -> None:
    doc["paths"]["/v1/charges"]["get"]["parameters"].reverse()


def _deprecate_upcoming(doc: Doc) -> None:
    operation = doc["paths"]["/v1/invoices/upcoming"]["get"]
    operation["deprecated"] = True
    operation["x-sunset"] = "2030-01-01"


def _reword(doc: Doc) -> None:
    doc["paths"]["/v1/refunds"]["post"]["description"] = "<p>Reworded.</p>"


EDITS = (
    Edit("remove DELETE invoice", _remove_delete_invoice, (("operation-removed-without-deprecation", "DELETE"),)),
    Edit("require description", _require_description, (("request-property-became-required", "POST /v1/invoices"),)),
    Edit("drop send_invoice", _drop_send_invoice, (("request-enum-value-removed", "POST /v1/invoices"),)),
    Edit("required query parameter", _add_required_parameter, (("request-parameter-added-required", "/v1/invoices"),)),
    Edit("created as string", _created_as_string, (("response-type-changed", "invoice/properties/created"),)),
    Edit("tighten description", _tighten_description, (("request-constraint-tightened", "description/maxLength"),)),
    Edit("nullable currency", _currency_nullable, (("response-became-nullable", "invoice/properties/currency"),)),
    Edit(
        "pay answers 202",
        _pay_returns_202,
        (("response-success-status-removed", "/pay"), ("response-success-status-added", "/pay")),
    ),
    Edit("bearer only", _bearer_only, (("security-alternative-removed", "GET /v1/balance"),)),
    Edit(
        "void takes JSON",
        _void_takes_json,
        (("request-media-type-removed", "/void"), ("request-media-type-added", "/void")),
    ),
    Edit("PDF operation", _add_pdf_operation, (("operation-added", "/pdf"),)),
    Edit("response property", _add_response_property, (("response-property-added", "pdf_version"),)),
    Edit("archived status", _add_status, (("response-enum-value-added", "invoice/properties/status"),)),
    Edit("optional parameter", _add_optional_parameter, (("request-parameter-added-optional", "/v1/invoices"),)),
    Edit("deprecate upcoming", _deprecate_upcoming, (("operation-deprecated", "/v1/invoices/upcoming"),)),
    Edit("rename component", _rename_component, ()),
    Edit("rename path parameter", _rename_path_parameter, ()),
    Edit("reorder parameters", _reorder_parameters, ()),
    Edit("reword description", _reword, ()),
)


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _optic(old: Doc, new: Doc) -> None:
    optic = shutil.which("optic")
    if optic is None:
        print("optic: not installed (npm install -g @useoptic/optic); peer skipped")
        return
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / "old.json", Path(folder) / "new.json"]
        for path, doc in zip(paths, (old, new), strict=True):
            path.write_text(json.dumps(doc))
        started = time.perf_counter()
        try:
            completed = subprocess.run(
                [optic, "diff", str(paths[0]), str(paths[1]), "--check"], capture_output=True, text=True, timeout=600
            )
        except subprocess.TimeoutExpired:
            print("optic: gave up after 600 s")
            return
        seconds = time.perf_counter() - started
    if completed.returncode == 0:
        print(f"optic: {seconds:.2f} s, peak {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
        return
    errors = [line.strip() for line in completed.stderr.splitlines() if re.match(r"^\w*Error:", line.strip())]
    reason = errors[0][:160] if errors else "no error message"
    print(f"optic: failed after {seconds:.2f} s with exit {completed.returncode}: {reason}")


def main() -> int:
    if not DATA.is_file():
        print(f"missing {DATA}: the bench needs Stripe's spec in ../shared/data/", file=sys.stderr)
        return 2
    raw = gzip.decompress(DATA.read_bytes())
    # Parsing twice is a deep copy at C speed; copy.deepcopy of 6 MB of JSON takes seconds.
    old, new = json.loads(raw), json.loads(raw)
    for edit in EDITS:
        edit.apply(new)
    operations = sum(1 for item in old["paths"].values() for key in item if key != "parameters")

    started = time.perf_counter()
    result = diff_documents(old, new, old_source="stripe", new_source="stripe+edits")
    seconds = time.perf_counter() - started
    peak = _peak_mb(resource.RUSAGE_SELF)

    missing = [
        f"{edit.name}: {rule} at {where}"
        for edit in EDITS
        for rule, where in edit.expect
        if not any(_matches(finding, rule, where) for finding in result.findings)
    ]
    unexplained = [f for f in result.findings if not any(edit.explains(f) for edit in EDITS)]
    expected = sum(len(edit.expect) for edit in EDITS)
    print(f"stripe: {len(raw) / 1e6:.1f} MB JSON, {operations} operations, {len(EDITS)} scripted edits")
    print(f"ours: {seconds:.2f} s, peak {peak:.0f} MB (goal <= {GOAL_SECONDS:.0f} s, <= {GOAL_MB} MB)")
    print(f"found {expected - len(missing)}/{expected} expected findings, {len(result.findings)} findings in all")
    for line in missing:
        print(f"  MISSING {line}")
    for finding in unexplained:
        print(f"  UNEXPECTED {finding.rule.id} {finding.operation} {finding.old} -> {finding.new}")
    _optic(old, new)
    ok = not missing and not unexplained and seconds <= GOAL_SECONDS and peak <= GOAL_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
