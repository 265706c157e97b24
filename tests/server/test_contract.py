"""Every operation of every spec, called with its documented example: the answer is documented and valid.

`ApiClient.call` checks each response against the spec (status documented for the operation, body valid
against that response's schema); this sweep makes sure no operation is left out, extras included.
"""

from __future__ import annotations

from typing import Any

from tests.server.server_client import ApiClient


def _request_example(api: ApiClient, operation_id: str) -> Any:
    body = api.spec.deref(api.spec.operations[operation_id].definition.get("requestBody")) or {}
    for media in (body.get("content") or {}).values():
        for example in (media.get("examples") or {}).values():
            return api.spec.deref(example).get("value")
    return None


def _required_query(api: ApiClient, operation_id: str) -> dict[str, Any]:
    query = {}
    for raw in api.spec.operations[operation_id].definition.get("parameters") or []:
        param = api.spec.deref(raw)
        if param.get("in") == "query" and param.get("required"):
            query[param["name"]] = param.get("example", api.spec.deref(param.get("schema", {})).get("example"))
    return query


def test_every_operation_answers_within_its_contract(api: ApiClient) -> None:
    id_parameter = api.x.resource.id_parameter
    invoice_field = api.x.resource.lines.invoice_field
    statuses = {}
    for operation_id, operation in api.spec.operations.items():
        record = api.funded()
        body = _request_example(api, operation_id)
        if isinstance(body, dict) and invoice_field and invoice_field in body:
            body[invoice_field] = api.id_of(record)
        path = {id_parameter: api.id_of(record)} if "{" + id_parameter + "}" in operation.path else {}
        headers = api.idem_headers() if operation.method == "post" else {}
        response = api.call(operation_id, body, path=path, query=_required_query(api, operation_id), headers=headers)
        statuses[operation_id] = response.status_code
    # Each documented example is a valid request, so each answer is a success or a lifecycle rejection.
    rejection = api.x.lifecycle.rejection.status
    assert all(status < 300 or status == rejection for status in statuses.values()), statuses
