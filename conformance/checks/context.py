"""What a behavioural check gets: clients for each identity and invoice helpers driven by `x-resource`."""

from __future__ import annotations

import copy
import random
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from conformance.model.profiles import Profile
from conformance.model.target import Target
from conformance.spec import Spec, pointer
from conformance.spec.extensions import ErrorMatch
from conformance.spec.validate import SchemaValidator, pointer_to
from conformance.transport.http import Answer, Client, TransportError

from .failures import CheckFailed, CheckSkipped

_TAIL = 8
_SHIFTS = (
    str.maketrans("0123456789", "1234567890"),
    str.maketrans("abcdefghijklmnopqrstuvwxyz", "bcdefghijklmnopqrstuvwxyza"),
    str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "BCDEFGHIJKLMNOPQRSTUVWXYZA"),
)


def shaped_like(known: str, pattern: str | None) -> str | None:
    """Another id that `pattern` still matches: digits, then also letters, of `known`'s tail shifted by one.

    Digits alone first, so hex ids stay hex; None when no shift both changes the id and keeps it matching."""
    head = known[:-_TAIL]
    for count in range(1, len(_SHIFTS) + 1):
        tail = known[-_TAIL:]
        for shift in _SHIFTS[:count]:
            tail = tail.translate(shift)
        candidate = head + tail
        if candidate != known and (pattern is None or re.search(pattern, candidate)):
            return candidate
    return None


@dataclass
class CheckContext:
    target: Target
    profile: Profile
    seed: int
    timeout: float = 10.0
    touched: set[str] = field(default_factory=set)
    clients: list[Client] = field(default_factory=list)
    broken: str | None = None

    def __post_init__(self) -> None:
        self.spec: Spec = self.target.spec
        self.x = self.spec.x
        self.random = random.Random(self.seed)
        self.client = self.new_client(self.target.headers)
        self.validator = SchemaValidator(self.spec.document)

    def new_client(self, headers: dict[str, str]) -> Client:
        client = Client(
            self.target.base_url,
            headers,
            self.target.redactor,
            timeout=self.timeout,
            session=self.target.transport.session(),
        )
        self.clients.append(client)
        return client

    @property
    def other(self) -> Client:
        headers = self.target.other_headers
        if headers is None:
            raise CheckSkipped("no second tenant key (--auth-other)")
        return self.new_client(headers)

    @property
    def requests_sent(self) -> int:
        return sum(c.sent for c in self.clients)

    def close(self) -> None:
        for client in self.clients:
            client.session.close()

    # -- calling operations -------------------------------------------------------------------------------------

    def label(self, operation_id: str) -> str:
        return self.spec.operations[operation_id].label

    def call(
        self,
        operation_id: str,
        invoice_id: str | None = None,
        *,
        body: Any = None,
        query: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        client: Client | None = None,
    ) -> Answer:
        operation = self.spec.operations[operation_id]
        self.touched.add(operation.label)
        path = operation.path
        if invoice_id is not None:
            path = path.replace("{" + self.x.resource.id_parameter + "}", _quote(invoice_id))
        media_type = "application/json"
        request_body = self.spec.deref(operation.definition.get("requestBody") or {})
        if request_body.get("content"):
            media_type = next(iter(request_body["content"]))
        all_headers = dict(headers or {})
        idempotency = self.x.idempotency
        if idempotency and operation.method.upper() in idempotency.methods and idempotency.header not in all_headers:
            all_headers[idempotency.header] = str(uuid.uuid4())
        if self.broken:  # a dead target fails fast, so shrinking a state machine does not wait out every timeout
            raise TransportError(self.broken)
        try:
            return (client or self.client).request(
                operation.method, path, body=body, media_type=media_type, query=query, headers=all_headers
            )
        except TransportError as exc:
            self.broken = f"{operation.label}: {exc}"
            raise TransportError(self.broken) from None

    def fail(
        self, title: str, message: str, answer: Answer | None = None, *, operation: str | None = None
    ) -> CheckFailed:
        label = operation or (f"{answer.exchange.method} {_template_of(self, answer)}" if answer else "*")
        return CheckFailed(title, message, operation=label, exchanges=(answer.exchange,) if answer else ())

    def expect(self, answer: Answer, status: int | set[int], title: str, operation_id: str) -> Answer:
        wanted = {status} if isinstance(status, int) else status
        if answer.status not in wanted:
            detail = (answer.text or "")[:200]
            raise self.fail(
                title,
                f"expected HTTP {sorted(wanted)}, got {answer.status}: {detail}",
                answer,
                operation=self.label(operation_id),
            )
        return answer

    def expect_error(self, answer: Answer, match: ErrorMatch, title: str, operation_id: str) -> None:
        """Status, the declared body values and the API's error schema."""
        label = self.label(operation_id)
        if answer.status != match.status:
            raise self.fail(
                title,
                f"expected HTTP {match.status}, got {answer.status}: {answer.text[:200]}",
                answer,
                operation=label,
            )
        if match.media_type is not None:
            media_type = answer.headers.get("content-type", "").split(";")[0].strip()
            if media_type != match.media_type:
                raise self.fail(title, f"expected {match.media_type}, got {media_type!r}", answer, operation=label)
            return
        if not answer.is_json:
            raise self.fail(title, f"error body is not JSON: {answer.text[:200]!r}", answer, operation=label)
        problem = self.validator.first_error(answer.json, self.x.errors.schema[1:])
        if problem:
            raise self.fail(
                title, f"error body breaks {self.x.errors.schema}: {problem[:300]}", answer, operation=label
            )
        for where, value in match.body.items():
            actual = pointer.get(answer.json, where, None)
            if actual != value:
                raise self.fail(title, f"error body {where} is {actual!r}, expected {value!r}", answer, operation=label)

    # -- invoices ------------------------------------------------------------------------------------------------

    def resource(self, answer: Answer) -> dict[str, Any]:
        found = pointer.get(answer.json, self.x.resource.pointer, None)
        return found if isinstance(found, dict) else {}

    def lines(self, answer: Answer) -> list[Any]:
        found = pointer.get(answer.json, self.x.resource.lines.pointer, None)
        return found if isinstance(found, list) else []

    def list_items(self, answer: Answer) -> list[Any]:
        found = pointer.get(answer.json, self.x.pagination.items, None)
        return found if isinstance(found, list) else []

    def invoice_id(self, answer: Answer) -> str:
        value = self.resource(answer).get(self.x.resource.id_field)
        if not isinstance(value, str) or not value:
            raise self.fail("no invoice id", f"{self.x.resource.id_field!r} missing from the response", answer)
        return value

    def status_of(self, answer: Answer) -> Any:
        return self.resource(answer).get(self.x.lifecycle.status_field)

    def create_body(self, *, quantity: int | None = None, unit_amount: int | None = None) -> Any:
        """The spec's create example, with line values replaced when lines are inline."""
        body = copy.deepcopy(self.spec.example(self.x.resource.create_example))
        for where in self.x.resource.unique_fields:
            pointer.set_(body, where, f"{pointer.get(body, where, 'U')}-{uuid.uuid4().hex[:10]}")
        lines_at = self.x.resource.lines.request_pointer
        if lines_at is not None and quantity is not None:
            lines = pointer.get(body, lines_at, [])
            for line in lines:
                pointer.set_path(line, self.x.resource.lines.request_quantity, quantity)
                pointer.set_path(line, self.x.resource.lines.request_unit_amount, unit_amount)
        return body

    def create_invoice(
        self,
        *,
        quantity: int = 2,
        unit_amount: int = 1250,
        lines: int = 1,
        client: Client | None = None,
        title: str = "create failed",
    ) -> tuple[str, Answer]:
        """A draft with `lines` lines of `unit_amount` each, the first of `quantity`, the next of one more each
        (so that lines differ); returns its id and the latest representation.

        Lines are added one by one where the spec declares `add-line`, else sent in the create body."""
        create = self.x.resource.operations["create"]
        body = self.create_body(quantity=quantity, unit_amount=unit_amount)
        inline_at, spec_lines = self.x.resource.lines.request_pointer, self.x.resource.lines
        if inline_at is not None and lines > 1:
            given = pointer.get(body, inline_at, [])
            repeated = [copy.deepcopy(given[i % len(given)]) for i in range(lines)] if given else []
            for extra, line in enumerate(repeated):
                pointer.set_path(line, spec_lines.request_quantity, quantity + extra)
            pointer.set_(body, inline_at, repeated)
        answer = self.call(create, body=body, client=client)
        self.expect(answer, {200, 201}, title, create)
        invoice_id = self.invoice_id(answer)
        add_line = self.x.resource.operations.get("add-line")
        invoice_field = spec_lines.invoice_field
        if add_line and self.x.resource.add_line_example and invoice_field:
            for extra in range(lines):
                line = copy.deepcopy(self.spec.example(self.x.resource.add_line_example))
                pointer.set_path(line, invoice_field, invoice_id)
                pointer.set_path(line, spec_lines.request_quantity, quantity + extra)
                pointer.set_path(line, spec_lines.request_unit_amount, unit_amount)
                self.expect(self.call(add_line, body=line, client=client), {200, 201}, title, add_line)
            answer = self.retrieve(invoice_id, client=client)
        return invoice_id, answer

    def unknown_id(self) -> str:
        """An id of the shape the target issues that names no invoice: a new invoice's id, its tail changed.

        A made-up id of the wrong shape tests only path validation; this one reaches the lookup."""
        invoice_id, _ = self.create_invoice()
        last = "1" if invoice_id.endswith("0") else "0"
        return shaped_like(invoice_id, self.x.resource.id_pattern) or invoice_id[:-1] + last

    def retrieve(self, invoice_id: str, *, client: Client | None = None) -> Answer:
        return self.call(self.x.resource.operations["retrieve"], invoice_id, client=client)

    def schema_problem(self, value: Any, schema_ref: str) -> str | None:
        return self.validator.first_error(value, schema_ref[1:])


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _template_of(ctx: CheckContext, answer: Answer) -> str:
    """The operation path template an answer's URL matched, for reporting."""
    path = answer.exchange.url.split("?")[0]
    for operation in ctx.spec.operations.values():
        if operation.method.upper() != answer.exchange.method:
            continue
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(operation.path)) + "$"
        if re.search(pattern, path):
            return operation.path
    return path


__all__ = ["CheckContext", "pointer_to"]
