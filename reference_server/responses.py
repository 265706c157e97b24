"""Bodies on the wire: JSON encoding, and domain errors in each API's own error shape.

An error body is built from data only: the message at `x-errors.message-pointer`, the error match's
pointer values, and every other required field from the example the spec documents for that operation
and status (else the schema skeleton). Where the spec documents a plain-text error, plain text is sent.
"""

from __future__ import annotations

import json
from typing import Any

from conformance.spec import Operation, Spec
from conformance.spec.extensions import ErrorMatch
from conformance.spec.pointer import set_

from .domain.errors import DomainError
from .domain.idempotency import Outcome
from .domain.shapes import Shapes

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
MAX_TEXT = 500
MAX_PARAM = 100


def dumps(value: Any) -> bytes:
    # ensure_ascii keeps lone surrogates from client input encodable.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode()


def json_reply(status: int, value: Any) -> Outcome:
    return Outcome(status, JSON_TYPE, dumps(value))


class ErrorShapes:
    """Renders `DomainError`s for one API."""

    def __init__(self, spec: Spec, shapes: Shapes) -> None:
        x = spec.x
        self.spec = spec
        self.shapes = shapes
        self.schema = shapes.schema({"$ref": x.errors.schema})
        self.message_pointer = x.errors.message_pointer
        self.param_pointer = self._param_pointer()
        idem = x.idempotency
        self.matches: dict[str, ErrorMatch] = {
            "unauthenticated": x.auth.unauthenticated,
            "not-found": x.errors.not_found,
            "missing-reference": ErrorMatch(
                x.errors.validation.status, {**x.errors.validation.body, **x.errors.not_found.body}
            ),
            "validation": x.errors.validation,
            "too-large": x.errors.too_large or ErrorMatch(413, x.errors.validation.body),
            "rejection": x.lifecycle.rejection,
            "mismatch": idem.mismatch if idem else x.errors.validation,
        }

    def reply(self, error: DomainError, operation: Operation | None) -> Outcome:
        match = self.matches.get(error.kind, self.matches["validation"])
        responses = (operation.definition.get("responses") or {}) if operation else {}
        status = match.status
        if error.status is not None and (operation is None or error.status >= 500 or str(error.status) in responses):
            status = error.status
        values = match.body
        validation = self.matches["validation"]
        if responses and str(status) not in responses and str(validation.status) in responses and status < 500:
            # Say it with a documented status: an unknown id in a body or a cursor naming no invoice is a bad
            # parameter there. The body keeps what it was, so a client can still tell a missing resource
            # from a malformed request (Stripe's 400 `resource_missing`).
            values, status = {**validation.body, **match.body}, validation.status
        content = (self.spec.deref(responses.get(str(status))) or {}).get("content") or {}
        if content and JSON_TYPE not in content and any(m.startswith("text/") for m in content):
            return Outcome(status, TEXT_TYPE, error.message[:MAX_TEXT].encode("utf-8", "replace") or b"error")
        body: dict[str, Any] = {}
        if self.message_pointer:
            set_(body, self.message_pointer, error.message)
        if self.param_pointer and error.param:
            set_(body, self.param_pointer, error.param[:MAX_PARAM])
        for pointer, value in values.items():
            set_(body, pointer, value)
        self._complete(body, self.schema, _example(self.spec, content.get(JSON_TYPE) or {}), error.code)
        return json_reply(status, body)

    def _param_pointer(self) -> str | None:
        """Where the offending parameter goes: a `param` field beside the message, if the error schema has one."""
        if not self.message_pointer:
            return None
        parent = self.message_pointer.rsplit("/", 1)[0]
        node: Any = self.schema
        for token in [t for t in parent.split("/") if t]:
            node = self.shapes.property(node, token)
        return f"{parent}/param" if "param" in self.shapes.properties(node)[0] else None

    def _complete(self, value: dict[str, Any], schema: Any, example: Any, code: str) -> None:
        """Required fields still missing: from the documented example, else the error's code for a free
        string, else the schema skeleton."""
        props, required = self.shapes.properties(schema)
        for name in sorted(required):
            if name not in value and name in props:
                prop = self.shapes.schema(props[name])
                if isinstance(example, dict) and name in example:
                    value[name] = example[name]
                elif prop.get("type") == "string" and not {"enum", "pattern", "const", "format"} & prop.keys():
                    value[name] = code
                else:
                    value[name] = self.shapes.skeleton(prop)
        for name, item in value.items():
            if isinstance(item, dict) and name in props:
                self._complete(item, props[name], example.get(name) if isinstance(example, dict) else None, code)


def _example(spec: Spec, media: dict[str, Any]) -> Any:
    examples = media.get("examples") or {}
    for example in examples.values():
        return spec.deref(example).get("value")
    return media.get("example")
