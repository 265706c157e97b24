"""`lint`: OpenAPI validity plus our own rules, each finding named by file, JSON pointer and rule id.

Rules (ids are stable; docs in specs/README.md):
  openapi-valid          the document is valid OpenAPI (openapi-spec-validator)
  x-schema               root x- blocks match specs/x-extensions.schema.json; unknown x- keys are errors
  x-references           operations, examples and states named in x- blocks exist
  x-equation             money equations parse
  operation-complete     operationId, summary, description, one tag, security, a 4xx response
  operation-examples     request body and success response carry examples
  example-valid          every example validates against its schema
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi

from conformance.errors import SpecError

from . import equations
from .load import HTTP_METHODS, Spec, read_document, specs_dir
from .validate import SchemaValidator, pointer_to

# Keys our vocabulary allows below the root; everything else starting with x- is a typo.
NESTED_EXTENSIONS = frozenset({"x-assumption", "x-sunset", "x-stability-level"})


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    pointer: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}: {self.rule}: {self.message}"


@cache
def extension_schema() -> Draft202012Validator:
    path = specs_dir() / "x-extensions.schema.json"
    return Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))


def _openapi(spec: Spec) -> Iterator[tuple[str, str, str]]:
    try:
        validate_openapi(spec.document)
    except Exception as exc:  # the validator raises many unrelated types; any of them is a finding
        path = getattr(exc, "json_path", None) or "/".join(str(p) for p in getattr(exc, "path", ()))
        message = str(getattr(exc, "message", exc)).splitlines()[0]
        yield "openapi-valid", "/" + str(path).lstrip("$./").replace(".", "/"), message


def _walk_extensions(node: Any, pointer: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            here = pointer + pointer_to(key)
            if isinstance(key, str) and key.startswith("x-") and key not in NESTED_EXTENSIONS:
                yield (
                    "x-schema",
                    here,
                    f"unknown extension {key!r} (allowed here: {', '.join(sorted(NESTED_EXTENSIONS))})",
                )
            elif key != "example" and key != "examples":
                yield from _walk_extensions(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk_extensions(value, f"{pointer}/{index}")


def _root_extensions(spec: Spec) -> Iterator[tuple[str, str, str]]:
    root = {k: v for k, v in spec.document.items() if isinstance(k, str) and k.startswith("x-")}
    for error in sorted(extension_schema().iter_errors(root), key=lambda e: list(e.absolute_path)):
        yield "x-schema", pointer_to(*error.absolute_path), error.message[:300]


def _nested_extensions(spec: Spec) -> Iterator[tuple[str, str, str]]:
    for key, value in spec.document.items():
        if isinstance(key, str) and not key.startswith("x-"):
            yield from _walk_extensions(value, pointer_to(key))


def _references(spec: Spec) -> Iterator[tuple[str, str, str]]:
    x = spec.x
    named = dict(x.resource.operations)
    named |= {f"transition {t.operation}": t.operation for t in x.lifecycle.transitions}
    named |= {f"pagination {op}": op for op in x.pagination.operations}
    if x.lifecycle.numbering:
        named["numbering"] = x.lifecycle.numbering.assigned_by
    if x.idempotency:
        named |= {f"idempotency {op}": op for op in x.idempotency.required_on}
    for role, op in named.items():
        if op not in spec.operations:
            yield "x-references", "", f"{role} names operation {op!r}, which the spec does not define"
    refs = [x.resource.schema, x.errors.schema, x.resource.create_example]
    refs += [r for r in (x.resource.add_line_example, x.resource.update_example) if r]
    if "add-line" in x.resource.operations and not (x.resource.lines.invoice_field and x.resource.add_line_example):
        yield "x-references", "/x-resource/lines", "add-line needs lines.invoice-field and add-line-example"
    for ref in refs:
        try:
            spec.resolve(ref)
        except (KeyError, TypeError, IndexError):
            yield "x-references", "", f"{ref} does not exist"
    states = set(x.lifecycle.states)
    used = {x.lifecycle.initial} | x.lifecycle.terminal | x.lifecycle.editable_in
    for t in x.lifecycle.transitions:
        used |= t.sources | {s for s in (t.target, t.target_if_zero) if s}
    used |= set(x.lifecycle.time_driven) | set(x.lifecycle.time_driven.values())
    for state in sorted(used - states):
        yield "x-references", "/x-lifecycle/states", f"state {state!r} is used but not listed in states"


def _equations(spec: Spec) -> Iterator[tuple[str, str, str]]:
    m = spec.x.money
    for name, group in (("line-invariants", m.line_invariants), ("invariants", m.invariants)):
        for index, text in enumerate(group + (m.paid_invariants if name == "invariants" else ())):
            try:
                equations.parse(text)
            except SpecError as exc:
                yield "x-equation", f"/x-money/{name}/{index}", str(exc)


def _operations(spec: Spec) -> Iterator[tuple[str, str, str]]:
    has_root_security = bool(spec.document.get("security"))
    for route, item in (spec.document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            op = (item or {}).get(method)
            if not isinstance(op, dict):
                continue
            where = pointer_to("paths", route, method)
            for key in ("operationId", "summary", "description"):
                if not op.get(key):
                    yield "operation-complete", where, f"missing {key}"
            if len(op.get("tags") or []) != 1:
                yield "operation-complete", where, "needs exactly one tag"
            if not (has_root_security or op.get("security")):
                yield "operation-complete", where, "no security requirement"
            codes = [str(c) for c in (op.get("responses") or {})]
            if not any(c.startswith("4") for c in codes):
                yield "operation-complete", where, "no 4xx response documented"
            yield from _operation_examples(spec, op, where, codes)


def _has_example(spec: Spec, media: Any) -> bool:
    media = spec.deref(media)
    return isinstance(media, dict) and ("example" in media or bool(media.get("examples")))


def _operation_examples(spec: Spec, op: Any, where: str, codes: list[str]) -> Iterator[tuple[str, str, str]]:
    body = spec.deref(op.get("requestBody") or {})
    for media_type, media in (body.get("content") or {}).items():
        if not _has_example(spec, media):
            yield (
                "operation-examples",
                where + pointer_to("requestBody", "content", media_type),
                "request has no example",
            )
    for code in (c for c in codes if c.startswith("2")):
        response = spec.deref(op["responses"][code] if code in op["responses"] else op["responses"][int(code)])
        for media_type, media in (response.get("content") or {}).items():
            if not _has_example(spec, media):
                yield "operation-examples", where + pointer_to("responses", code, media_type), "response has no example"


def _media_locations(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """Every object that has both a `schema` and examples (media types and parameters), with its pointer."""
    if isinstance(node, dict):
        if "schema" in node and ("example" in node or "examples" in node):
            yield pointer, node
        for key, value in node.items():
            if key not in ("example", "examples", "schema"):
                yield from _media_locations(value, pointer + pointer_to(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _media_locations(value, f"{pointer}/{index}")


def _examples(spec: Spec) -> Iterator[tuple[str, str, str]]:
    validator = SchemaValidator(spec.document)
    for pointer, media in _media_locations(spec.document, ""):
        samples: list[tuple[str, Any]] = []
        if "example" in media:
            samples.append((pointer + "/example", media["example"]))
        for name, example in (media.get("examples") or {}).items():
            resolved = spec.deref(example)
            if isinstance(resolved, dict) and "value" in resolved:
                samples.append((pointer + pointer_to("examples", name), resolved["value"]))
        for where, value in samples:
            problem = validator.first_error(value, pointer + "/schema")
            if problem:
                yield "example-valid", where, problem[:300]


def lint_spec(spec: Spec) -> list[Finding]:
    file = str(spec.path) if spec.path else "<document>"
    root = list(_root_extensions(spec))
    rules = [_openapi, _nested_extensions, _operations, _examples]
    if not root:  # the cross-reference rules need well-formed x- blocks to read
        rules += [_references, _equations]
    found = root + [finding for rule in rules for finding in rule(spec)]
    return sorted({Finding(file, p, r, m) for r, p, m in found})


def lint_path(path: Path) -> list[Finding]:
    return lint_spec(Spec(read_document(path), path))
