"""Checks we add to schemathesis' own, registered through its `@schemathesis.check` decorator.

`strict_status_code` closes the hole a documented `default` response leaves in status checking.
`valid_request_accepted` and `invalid_request_rejected` replace `positive_data_acceptance` and
`negative_data_rejection`: before blaming the target they re-validate the request as it went over the wire
(a form body decoded and typed the way a server must read it) against the spec, because the generator's
label is sometimes wrong: a header that breaks its declared pattern labelled valid, or a boolean that a
form can only send as the text "true" labelled invalid for a string field.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import schemathesis

from conformance.spec import form_brackets, pointer
from conformance.spec.validate import SchemaValidator, pointer_to

ACCEPTABLE = frozenset({401, 403, 404, 409, 429})
# Cache of compiled validators per spec document; keyed by identity, holding the document so ids stay unique.
_validators: dict[int, tuple[Any, SchemaValidator]] = {}


@schemathesis.check
def strict_status_code(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every status must be listed explicitly; `default` and undocumented 404/409/5xx do not pass."""
    if case.method.upper() != case.operation.method.upper():
        return None  # an undeclared method probe: unsupported_method judges those
    documented = {str(code) for code in case.operation.definition.raw.get("responses", {})}
    status = str(response.status_code)
    if status in documented or f"{status[0]}XX" in documented:
        return None
    raise AssertionError(f"Undocumented status {status} (documented: {', '.join(sorted(documented))})")


@schemathesis.check
def valid_request_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request that really is valid against the spec is not refused with a 4xx."""
    status = response.status_code
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not 400 <= status < 500 or status in ACCEPTABLE:
        return None
    raw = case.operation.schema.raw_schema
    if (
        _is_referenced_missing(raw, response)
        or _carries_opaque_cursor(raw, case)
        or _is_state_refusal(raw, case, response)
    ):
        return None
    problem = request_problem(case)
    if problem is not None:
        return None  # the generator produced invalid data; rejecting it is right
    raise AssertionError(f"Valid request rejected with {status}")


@schemathesis.check
def invalid_request_rejected(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request that breaks the spec, as the target receives it, is not answered with a 2xx."""
    meta = case.meta
    if meta is None or meta.generation.mode.is_positive or not 200 <= response.status_code < 300:
        return None
    problem = _parameter_problem(case, _wire_query(response.request)) or _wire_body_problem(case, response.request)
    if problem is None:
        return None  # what went over the wire is valid after all
    raise AssertionError(f"Invalid request accepted with {response.status_code}: {problem}")


def _wire_body_problem(case: Any, sent: Any) -> str | None:
    """What is wrong with the body bytes that were sent, read the way the spec's media type reads them."""
    raw = case.operation.schema.raw_schema
    media = (sent.headers.get("Content-Type") or "").split(";")[0].strip()
    path, method = case.operation.path, case.operation.method.lower()
    body, at = pointer.locate(
        raw, case.operation.definition.raw.get("requestBody") or {}, pointer_to("paths", path, method, "requestBody")
    )
    content = body.get("content") or {}
    if not sent.body:
        return "missing required body" if body.get("required") else None
    if media not in content:
        return f"media type {media!r} is not documented"
    schema, schema_at = pointer.locate(
        raw, content[media].get("schema") or {}, f"{at}/content/{pointer.escape(media)}/schema"
    )
    data = sent.body if isinstance(sent.body, bytes) else str(sent.body).encode()
    try:
        if media == form_brackets.MEDIA_TYPE:
            pairs = parse_qsl(data.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(data))
            value = form_brackets.coerce(
                form_brackets.decode(pairs), schema, lambda node: pointer.locate(raw, node, "")[0]
            )
        else:
            value = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return f"body does not parse as {media}: {exc}"
    problem = _validator(case).first_error(value, schema_at)
    return f"body: {problem}" if problem else None


def _validator(case: Any) -> SchemaValidator:
    raw = case.operation.schema.raw_schema
    found = _validators.get(id(raw))
    if found is None or found[0] is not raw:
        found = _validators[id(raw)] = (raw, SchemaValidator(raw))
    return found[1]


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _coerce(value: Any, schema: Any, resolve: form_brackets.Resolve) -> Any:
    """A parameter as the server reads it: the text that went over the wire, typed by its schema the way the
    form codec types a form (`anyOf` branches, deepObject brackets); one value where an array is wanted is a
    one-item array (`expand=x` is `expand[]=x`)."""
    text = _as_text(value)
    node = resolve(schema)
    if not isinstance(text, list) and "array" in form_brackets.kinds_of(
        node if isinstance(node, dict) else {}, resolve
    ):
        text = [text]
    return form_brackets.coerce(text, schema, resolve)


def _as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return _wire(value)


def request_problem(case: Any) -> str | None:
    """Why the request `case` describes breaks the spec, or None when it is valid."""
    return _parameter_problem(case) or _case_body_problem(case)


def _wire_query(sent: Any) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(str(sent.url)).query, keep_blank_values=True)


def _parameter_problem(case: Any, wire_query: list[tuple[str, str]] | None = None) -> str | None:
    """What is wrong with the parameters; the query as it went over the wire when given (read as the
    server reads it), else as the case holds it."""
    raw = case.operation.schema.raw_schema

    def resolve(found: Any) -> Any:
        return pointer.locate(raw, found, "")[0]

    validator = _validator(case)
    path, method = case.operation.path, case.operation.method.lower()
    item = raw["paths"][path]
    sources = [
        (pointer_to("paths", path), item.get("parameters")),
        (pointer_to("paths", path, method), case.operation.definition.raw.get("parameters")),
    ]
    values = {
        "path": case.path_parameters or {},
        "query": case.query or {},
        "header": {k.lower(): v for k, v in (case.headers or {}).items()},
    }
    for where, parameters in sources:
        for index, param in enumerate(parameters or []):
            node, at = pointer.locate(raw, param, f"{where}/parameters/{index}")
            location, name = node.get("in"), str(node.get("name"))
            bucket = values.get(location)
            if bucket is None:
                continue
            key = name.lower() if location == "header" else name
            schema, schema_at = pointer.locate(raw, node.get("schema") or {}, f"{at}/schema")
            if location == "query" and wire_query is not None:
                kinds = form_brackets.kinds_of(resolve(schema) or {}, resolve)
                deep, array = node.get("style") == "deepObject", "array" in kinds
                try:
                    value = form_brackets.query_value(wire_query, name, deep_object=deep, array=array)
                except form_brackets.FormError as exc:
                    return f"query parameter {name}: {exc}"
                typed = None if value is None else form_brackets.coerce(value, schema, resolve)
            else:
                value = bucket.get(key)
                typed = None if value is None else _coerce(value, schema, resolve)
            if value is None:
                if node.get("required"):
                    return f"missing {location} parameter {name}"
                continue
            problem = validator.first_error(typed, schema_at)
            if problem:
                return f"{location} parameter {name}: {problem}"
    return None


def _case_body_problem(case: Any) -> str | None:
    raw = case.operation.schema.raw_schema
    path, method = case.operation.path, case.operation.method.lower()
    body = getattr(case, "body", None)
    media = case.media_type
    if media and body is not None and type(body).__name__ != "NotSet":
        request_body, at = pointer.locate(
            raw,
            case.operation.definition.raw.get("requestBody") or {},
            pointer_to("paths", path, method, "requestBody"),
        )
        if media in (request_body.get("content") or {}):
            problem = _validator(case).first_error(body, f"{at}/content/{pointer.escape(media)}/schema")
            if problem:
                return f"body: {problem}"
    return None


def _matches(response: Any, match: Any, *, check_status: bool) -> bool:
    """`response` is the error an x- error match describes (status optional, then every body value)."""
    if not match or (check_status and response.status_code != match.get("status")):
        return False
    expected = match.get("body") or {}
    if not expected:
        return check_status
    try:
        body = response.json()
    except Exception:  # any undecodable body simply is not that shape
        return False
    return all(pointer.get(body, where, None) == value for where, value in expected.items())


def _is_referenced_missing(raw: Any, response: Any) -> bool:
    """The API's not-found error body (at any status): a resource the valid request names does not exist."""
    return _matches(response, (raw.get("x-errors") or {}).get("not-found"), check_status=False)


def _is_state_refusal(raw: Any, case: Any, response: Any) -> bool:
    """A valid action the invoice's current state forbids; lifecycle_model judges whether that was right."""
    lifecycle = raw.get("x-lifecycle") or {}
    resource_ops = (raw.get("x-resource") or {}).get("operations") or {}
    stateful = {t.get("operation") for t in lifecycle.get("transitions") or []}
    stateful |= {resource_ops.get("update"), resource_ops.get("delete"), resource_ops.get("add-line")}
    if case.operation.definition.raw.get("operationId") not in stateful:
        return False
    return _matches(response, lifecycle.get("rejection"), check_status=True)


def _carries_opaque_cursor(raw: Any, case: Any) -> bool:
    """An envelope-issued cursor is opaque: a made-up one may rightly be refused."""
    paging = raw.get("x-pagination") or {}
    cursor = paging.get("cursor") or {}
    return cursor.get("value-from") == "envelope" and cursor.get("parameter") in (case.query or {})
