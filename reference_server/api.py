"""One mounted API: its spec, compiled validators, domain service and an endpoint per implemented operation.

Which operation does what comes from `x-resource.operations` and `x-lifecycle.transitions`; nothing here
knows an API by name. The adapter module only finishes documents (see `adapters/base.py`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from conformance.spec import Operation, Spec
from conformance.spec.pointer import set_
from conformance.spec.validate import SchemaValidator
from conformance.types import JsonObject

from .adapters.base import Adapter, Extra, OperationRequest
from .adapters.base import present as default_present
from .auth import Authenticator
from .domain.idempotency import IdempotencyKeys
from .domain.invoices import InvoiceService
from .domain.model import Model, success_schema
from .domain.pagination import CursorCodec, Page, envelope, page_request, slice_page
from .pipeline import Call, Handler, Reply, Step, chain
from .responses import JSON_TYPE, ErrorShapes, json_reply
from .storage.base import Storage
from .validation import OperationValidator

ServiceFactory = Callable[[Model, Storage, Adapter, CursorCodec], InvoiceService]
Role = Callable[["Api", Call], Reply]


@dataclass(frozen=True)
class Endpoint:
    operation: Operation
    validator: OperationValidator
    run: Handler


class Api:
    """Everything about one API that can be computed before the first request, and its endpoints."""

    def __init__(self, spec: Spec, adapter: Adapter, storage: Storage, steps: Sequence[Step], service: ServiceFactory):
        x = spec.x
        self.spec, self.adapter, self.x = spec, adapter, x
        self.prefix = f"/{x.api_id}{spec.server_path}"
        self.model = Model.from_spec(spec)
        self.auth = Authenticator(spec)
        self.schemas = SchemaValidator(spec.document)
        self.codec = CursorCodec(self._ids_are_cursors(), x.pagination.order_field)
        self.service = service(self.model, storage, adapter, self.codec)
        self.idempotency = IdempotencyKeys(x.api_id, storage, x.idempotency) if x.idempotency else None
        self.errors = ErrorShapes(spec, self.model.shapes)
        self.list_items_are_records = self._list_items_are_records()
        list_schema = success_schema(spec, x.resource.operations["list"])[1]
        self.list_skeleton = self.model.shapes.fill({}, list_schema)
        self.nullable_cursor = _nullable(self, list_schema)
        paging = {x.pagination.limit.parameter, x.pagination.cursor_parameter, x.pagination.before_parameter}
        paging.add(x.pagination.offset_parameter)
        self.filterable = set(self.model.shapes.properties(self.model.record_schema)[0]) - paging
        # Adapters that show documents as stored let reads skip a JSON decode and re-encode.
        self.shows_stored = adapter.present is default_present
        self.endpoints: list[Endpoint] = []
        for operation_id, role in self._roles().items():
            operation = spec.operations[operation_id]
            status = success_schema(spec, operation_id)[0]
            handler = _handler(self, role, status)
            self.endpoints.append(
                Endpoint(operation, OperationValidator(spec, operation, self.schemas), chain(steps, handler))
            )

    def _roles(self) -> dict[str, Role]:
        ops = self.x.resource.operations
        roles: dict[str, Role] = {t.operation: _transition for t in self.x.lifecycle.transitions}
        named: dict[str, Role] = {
            "create": _create,
            "retrieve": _retrieve,
            "list": _list,
            "update": _update,
            "delete": _delete,
            "add-line": _add_line,
            "list-lines": _list_lines,
        }
        roles.update({ops[name]: role for name, role in named.items() if name in ops})
        roles.update({operation_id: _extra(extra) for operation_id, extra in self.adapter.operations.items()})
        return {op: role for op, role in roles.items() if op in self.spec.operations}

    def _ids_are_cursors(self) -> bool:
        """Whether an invoice id is itself a valid value of the cursor parameter (else cursors are encoded)."""
        parameter = self.x.pagination.cursor_parameter
        operation = self.spec.operations.get(self.x.resource.operations["list"])
        if parameter is None or operation is None:
            return True
        validator = OperationValidator(self.spec, operation, self.schemas)
        sample = self.model.shapes.skeleton(
            self.model.shapes.property(self.model.record_schema, self.x.resource.id_field)
        )
        for param in validator.parameters:
            if param.name == parameter:
                return bool(param.validator.is_valid(sample))
        return True

    def _list_items_are_records(self) -> bool:
        schema = success_schema(self.spec, self.x.resource.operations["list"])[1]
        node: Any = self.model.shapes.schema(schema)
        for token in self.x.pagination.items.lstrip("/").split("/"):
            node = self.model.shapes.property(node, token)
        items = node.get("items") or {}
        return not self.x.resource.pointer or items.get("$ref") == self.x.resource.schema

    # --- shaping responses -------------------------------------------------------------------------
    def show(self, document: JsonObject) -> JsonObject:
        return self.adapter.present(document, self.model)

    def invoice_id(self, call: Call) -> str:
        return call.inputs.path[self.x.resource.id_parameter]

    def projected(self, operation_id: str, document: JsonObject, *sources: JsonObject) -> JsonObject | None:
        """The operation's response when it is not the resource document itself (deleted stub, invoice item)."""
        schema = success_schema(self.spec, operation_id)[1]
        retrieve = success_schema(self.spec, self.x.resource.operations["retrieve"])[1]
        if not schema or schema == retrieve:
            return None
        return self.model.shapes.project(schema, *sources, self.model.record(document))


def _handler(api: Api, role: Role, status: int) -> Handler:
    """The innermost pipeline stage: run the role, answer with the operation's documented success status."""

    def handle(call: Call) -> Reply:
        reply = role(api, call)
        # 204 means no body: sending one breaks the connection (Content-Length 0 vs. the bytes written).
        return Reply(status, reply.content_type, b"" if status == 204 else reply.body)

    return handle


def _extra(extra: Extra) -> Role:
    def run(api: Api, call: Call) -> Reply:
        request = OperationRequest(call.context, call.inputs.path, call.params, call.body)
        return json_reply(0, extra(api.service, request))

    return run


def _body(call: Call) -> JsonObject:
    return call.body if isinstance(call.body, dict) else {}


def _create(api: Api, call: Call) -> Reply:
    return json_reply(0, api.show(api.service.create(call.context, _body(call))))


def _retrieve(api: Api, call: Call) -> Reply:
    stored = api.service.retrieve_stored(call.context, api.invoice_id(call))
    if api.shows_stored:
        return Reply(0, JSON_TYPE, stored.text.encode())
    return json_reply(0, api.show(stored.document))


def _update(api: Api, call: Call) -> Reply:
    document = api.service.update(call.context, call.endpoint.operation.operation_id, api.invoice_id(call), _body(call))
    return json_reply(0, api.show(document))


def _transition(api: Api, call: Call) -> Reply:
    document = api.service.transition(call.context, call.endpoint.operation.operation_id, api.invoice_id(call))
    return json_reply(0, api.show(document))


def _delete(api: Api, call: Call) -> Reply:
    operation_id = call.endpoint.operation.operation_id
    document = api.service.delete(call.context, operation_id, api.invoice_id(call))
    stub = api.projected(operation_id, document)
    return json_reply(0, api.show(document) if stub is None else stub)


def _add_line(api: Api, call: Call) -> Reply:
    operation_id = call.endpoint.operation.operation_id
    document, line = api.service.add_line(call.context, _body(call))
    response = api.projected(operation_id, document, line, _body(call))
    if response is None:
        return json_reply(0, api.show(document))
    api.adapter.line_response(response, line, document, _body(call), api.model)
    return json_reply(0, response)


def _list_lines(api: Api, call: Call) -> Reply:
    """One invoice's lines as it shows them, paged like the invoice list: x-pagination's limit, cursor or
    offset and envelope; a cursor names a line by the resource's id field."""
    lines = api.model.lines(api.show(api.service.retrieve(call.context, api.invoice_id(call))))
    key = api.x.resource.id_field
    request = page_request(api.x.pagination, call.params, CursorCodec(True, key))
    items, more = slice_page(lines, key, request)
    cursor = str(items[-1].get(key)) if more and items else None
    base = api.model.shapes.fill({}, success_schema(api.spec, call.endpoint.operation.operation_id)[1])
    return json_reply(0, envelope(api.x.pagination, Page(items, more, cursor, len(lines), request), base, set_, False))


def _list(api: Api, call: Call) -> Reply:
    pag = api.x.pagination
    request = page_request(pag, call.params, api.codec)
    # Query parameters named after invoice fields filter the list (`status=open`, `created[gte]=...`).
    filters = {name: value for name, value in call.params.items() if name in api.filterable}
    page = api.service.page(call.context, request, filters)
    shown = [api.show(doc) for doc in page.items]
    items = [api.model.record(doc) for doc in shown] if api.list_items_are_records else shown
    base = copy.deepcopy(api.list_skeleton)
    return json_reply(0, envelope(pag, replace(page, items=items), base, set_, api.nullable_cursor))


def _nullable(api: Api, schema: Any) -> bool:
    pointer = api.x.pagination.next_cursor
    if not pointer:
        return False
    node: Any = api.model.shapes.schema(schema)
    for token in pointer.lstrip("/").split("/"):
        node = api.model.shapes.property(node, token)
    return api.model.shapes.nullable(node)
