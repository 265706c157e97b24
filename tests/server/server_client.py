"""A spec-driven client for the reference server tests: calls operations by id, checks every response.

Everything API-specific (paths, auth scheme, body encoding, example bodies, field names) is read from the
spec, so each test is written once and parametrized over the four APIs.
"""

from __future__ import annotations

import base64
import copy
import json
import secrets
from collections import deque
from typing import Any
from urllib.parse import quote

import httpx

from conformance.spec import Spec
from conformance.spec.extensions import ErrorMatch
from conformance.spec.pointer import get, set_
from conformance.spec.validate import SchemaValidator, escape
from conformance.types import JsonObject

FORM = "application/x-www-form-urlencoded"


def form_pairs(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Stripe bracket notation for a JSON value."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in form_pairs(v, f"{prefix}[{k}]" if prefix else k)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in form_pairs(v, f"{prefix}[{i}]")]
    if isinstance(value, bool):
        return [(prefix, "true" if value else "false")]
    return [(prefix, "" if value is None else str(value))]


def new_key(spec: Spec, live: bool = False) -> str:
    auth = spec.x.auth
    return (auth.live_key_prefix if live else auth.test_key_prefix) + secrets.token_hex(12)


def auth_headers(spec: Spec, key: str) -> dict[str, str]:
    schemes = spec.document["components"]["securitySchemes"]
    first = schemes[next(iter(spec.document["security"][0]))]
    if first.get("scheme") == "basic":
        return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    if first.get("scheme") == "bearer":
        return {"Authorization": f"Bearer {key}"}
    return {"Authorization": key}


class ApiClient:
    def __init__(self, spec: Spec, http: httpx.Client, root: str, key: str | None = None) -> None:
        self.spec, self.http, self.x = spec, http, spec.x
        self.root = root
        self.base = f"{root}/{spec.api_id}{spec.server_path}"
        self.key = key or new_key(spec)
        self.schemas = SchemaValidator(spec.document)

    def other(self, key: str | None = None) -> ApiClient:
        """The same API as another tenant (a fresh test key unless `key` is given)."""
        return ApiClient(self.spec, self.http, self.root, key)

    # --- raw calls ---------------------------------------------------------------------------------
    def url(self, operation_id: str, **path: str) -> str:
        op = self.spec.operations[operation_id]
        route = op.path
        for name, value in path.items():
            route = route.replace("{" + name + "}", quote(value, safe=""))
        return self.base + route

    def media(self, operation_id: str) -> str | None:
        body = self.spec.deref(self.spec.operations[operation_id].definition.get("requestBody")) or {}
        return next(iter(body.get("content") or {}), None)

    def call(
        self,
        operation_id: str,
        body: Any = None,
        *,
        path: dict[str, str] | None = None,
        query: Any = None,
        headers: dict[str, Any] | None = None,
        content: bytes | None = None,
        auth: bool = True,
        check: bool = True,
    ) -> httpx.Response:
        op = self.spec.operations[operation_id]
        sent: dict[str, Any] = dict(auth_headers(self.spec, self.key) if auth else {})
        if body is not None and content is None:
            if self.media(operation_id) == FORM:
                content = httpx.QueryParams(form_pairs(body)).__str__().encode()
                sent["Content-Type"] = FORM
            else:
                content = json.dumps(body).encode()
                sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        response = self.http.request(
            op.method.upper(), self.url(operation_id, **(path or {})), content=content, params=query, headers=sent
        )
        assert response.status_code < 500, f"{operation_id}: {response.status_code} {response.text[:500]}"
        if check:
            self.check_response(operation_id, response)
        return response

    def check_response(self, operation_id: str, response: httpx.Response) -> None:
        """The response status is documented for the operation and its body validates against the schema."""
        op = self.spec.operations[operation_id]
        responses = op.definition["responses"]
        status = str(response.status_code)
        assert status in responses, f"{operation_id}: undocumented status {status}: {response.text[:300]}"
        content = (self.spec.deref(responses[status]) or {}).get("content") or {}
        if not content:
            return
        media = response.headers.get("content-type", "").split(";")[0].strip()
        assert media in content, f"{operation_id} {status}: content type {media} not in {list(content)}"
        pointer = self._response_pointer(op.path, op.method, status, media)
        value: Any = response.json() if media == "application/json" else response.text
        problem = self.schemas.first_error(value, pointer)
        assert problem is None, f"{operation_id} {status}: response breaks its schema: {problem}"

    def assert_error(self, response: httpx.Response, match: ErrorMatch) -> None:
        """`response` is the error `match` describes: its status and, for JSON errors, its body values."""
        assert response.status_code == match.status, response.text[:300]
        if match.media_type is None:
            body = response.json()
            assert {where: get(body, where, None) for where in match.body} == match.body, body

    def _response_pointer(self, route: str, method: str, status: str, media: str) -> str:
        node = self.spec.document["paths"][route][method]["responses"][status]
        pointer = f"/paths/{escape(route)}/{method}/responses/{status}"
        if "$ref" in node:
            pointer = node["$ref"][1:]
        return f"{pointer}/content/{escape(media)}/schema"

    # --- invoice helpers ---------------------------------------------------------------------------
    def op(self, role: str) -> str:
        return self.x.resource.operations[role]

    def example(self, ref: str | None) -> JsonObject:
        return copy.deepcopy(self.spec.example(ref)) if ref else {}

    def create_body(self) -> JsonObject:
        return self.example(self.x.resource.create_example)

    def create(self, body: JsonObject | None = None, **kwargs: Any) -> JsonObject:
        response = self.call(
            self.op("create"), self.create_body() if body is None else body, headers=self.idem_headers(), **kwargs
        )
        assert response.is_success, response.text
        return self.record(response.json())

    def idem_headers(self) -> dict[str, str]:
        idem = self.x.idempotency
        return {idem.header: secrets.token_hex(8)} if idem else {}

    def record(self, document: JsonObject) -> JsonObject:
        found = get(document, self.x.resource.pointer)
        assert isinstance(found, dict)
        return found

    def id_of(self, record: JsonObject) -> str:
        return str(record[self.x.resource.id_field])

    def path(self, record_or_id: JsonObject | str) -> dict[str, str]:
        invoice_id = record_or_id if isinstance(record_or_id, str) else self.id_of(record_or_id)
        return {self.x.resource.id_parameter: invoice_id}

    def retrieve(self, record_or_id: JsonObject | str) -> httpx.Response:
        return self.call(self.op("retrieve"), path=self.path(record_or_id))

    def get(self, record_or_id: JsonObject | str) -> JsonObject:
        response = self.retrieve(record_or_id)
        assert response.status_code == 200, response.text
        return response.json()

    def status(self, record_or_id: JsonObject | str) -> str:
        return str(self.record(self.get(record_or_id))[self.x.lifecycle.status_field])

    def add_line(self, record: JsonObject) -> httpx.Response:
        body = self.example(self.x.resource.add_line_example)
        body[self.x.resource.lines.invoice_field or "invoice"] = self.id_of(record)
        return self.call(self.op("add-line"), body)

    def funded(self) -> JsonObject:
        """A draft with a non-zero total, lines given inline or added afterwards."""
        record = self.create()
        if "add-line" in self.x.resource.operations:
            assert self.add_line(record).is_success
        return record

    def act(self, operation_id: str, record: JsonObject, **kwargs: Any) -> httpx.Response:
        transition = self.x.lifecycle.transition(operation_id)
        body = copy.deepcopy(transition.body) if transition and transition.body else None
        return self.call(operation_id, body, path=self.path(record), **kwargs)

    def path_to(self, state: str) -> list[str]:
        """Operations that move a fresh funded draft into `state` (breadth-first over x-lifecycle)."""
        life = self.x.lifecycle
        queue: deque[tuple[str, list[str]]] = deque([(life.initial, [])])
        seen = {life.initial}
        while queue:
            current, ops = queue.popleft()
            if current == state:
                return ops
            for t in life.transitions:
                if t.target and t.target not in seen and life.allows(t.operation, current):
                    seen.add(t.target)
                    queue.append((t.target, [*ops, t.operation]))
        raise LookupError(state)

    def in_state(self, state: str) -> JsonObject:
        record = self.funded()
        for operation_id in self.path_to(state):
            assert self.act(operation_id, record).is_success
        return record

    def list_page(self, **query: Any) -> httpx.Response:
        return self.call(self.op("list"), query=query)


def set_pointer(document: JsonObject, pointer: str, value: Any) -> None:
    set_(document, pointer, value)
