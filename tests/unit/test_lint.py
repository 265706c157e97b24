"""`lint` passes the bundled specs and names file, pointer and rule for each broken variant."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conformance.cli import main
from conformance.spec import bundled_api_ids, load_spec

BASE = load_spec("leanrails").document


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(["lint", *args])
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_bundled_specs_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 0, out
    assert out.count(": ok") == len(bundled_api_ids())


def _first_op(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/invoices"]["post"]  # type: ignore[no-any-return]


def _drop_operation_id(doc: dict[str, Any]) -> None:
    del _first_op(doc)["operationId"]


def _typo_extension(doc: dict[str, Any]) -> None:
    doc["x-lifecycel"] = doc["x-lifecycle"]


def _wrong_extension_type(doc: dict[str, Any]) -> None:
    doc["x-lifecycle"]["terminal"] = "paid"


def _nested_unknown_extension(doc: dict[str, Any]) -> None:
    _first_op(doc)["x-asumption"] = "typo of x-assumption on an operation"


def _dangling_transition(doc: dict[str, Any]) -> None:
    doc["x-lifecycle"]["transitions"][0]["operation"] = "refundInvoice"


def _unknown_state(doc: dict[str, Any]) -> None:
    doc["x-lifecycle"]["transitions"][0]["to"] = "posted"


def _add_line_without_invoice_field(doc: dict[str, Any]) -> None:
    del doc["x-resource"]["lines"]["invoice-field"]


def _bad_equation(doc: dict[str, Any]) -> None:
    doc["x-money"]["invariants"][0] = "subtotal = sum(amount"


def _no_4xx(doc: dict[str, Any]) -> None:
    responses = _first_op(doc)["responses"]
    for code in [c for c in responses if str(c).startswith("4")]:
        del responses[code]


def _invalid_example(doc: dict[str, Any]) -> None:
    doc["components"]["examples"]["CreateInvoiceRequestExample"]["value"]["currency"] = 42


def _no_example(doc: dict[str, Any]) -> None:
    media = _first_op(doc)["requestBody"]
    media = doc["components"]["requestBodies"][media["$ref"].split("/")[-1]] if "$ref" in media else media
    for content in media["content"].values():
        content.pop("example", None)
        content.pop("examples", None)


def _not_openapi(doc: dict[str, Any]) -> None:
    doc["paths"]["/invoices"]["post"]["responses"] = "none"


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "missing operationId": (_drop_operation_id, "operation-complete"),
    "typo in a root extension": (_typo_extension, "x-schema"),
    "wrong type in an extension": (_wrong_extension_type, "x-schema"),
    "typo in a nested extension": (_nested_unknown_extension, "x-schema"),
    "transition names a missing operation": (_dangling_transition, "x-references"),
    "transition to an unlisted state": (_unknown_state, "x-references"),
    "malformed money equation": (_bad_equation, "x-equation"),
    "add-line without the field naming the invoice": (_add_line_without_invoice_field, "x-references"),
    "operation without a 4xx": (_no_4xx, "operation-complete"),
    "example that breaks its schema": (_invalid_example, "example-valid"),
    "request without an example": (_no_example, "operation-examples"),
    "not valid OpenAPI": (_not_openapi, "openapi-valid"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_spec_is_named_by_file_pointer_and_rule(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutate, rule = BROKEN[case]
    doc = copy.deepcopy(BASE)
    mutate(doc)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    code, out, err = run(capsys, str(path))
    assert code == 1, out + err
    lines = [line for line in out.splitlines() if f": {rule}: " in line]
    assert lines, out
    assert all(line.startswith(f"{path}#") for line in out.splitlines())
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"\xff\xfe\x00bad", "cannot read"),
        (b"a: [unclosed", "not valid YAML"),
        (b"- a list", "expected a mapping"),
    ],
)
def test_unreadable_spec_exits_2_with_one_line(
    content: bytes | None, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "spec.yaml"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, str(path))
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1
