"""Typed views of the root-level `x-` blocks (vocabulary: specs/README.md, schema: x-extensions.schema.json).

Parsing assumes the document passed `lint`; a missing required key is a `SpecError`, not a `KeyError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.errors import SpecError
from conformance.types import JsonObject, OperationId


@dataclass(frozen=True)
class ErrorMatch:
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    media_type: str | None = None

    @classmethod
    def parse(cls, raw: JsonObject | None) -> ErrorMatch | None:
        if raw is None:
            return None
        return cls(int(raw["status"]), dict(raw.get("body") or {}), raw.get("media-type"))


@dataclass(frozen=True)
class Auth:
    test_key_prefix: str
    live_key_prefix: str
    key_pattern: str | None
    unauthenticated: ErrorMatch


@dataclass(frozen=True)
class Lines:
    pointer: str
    quantity: str
    unit_amount: str
    amount: str | None
    request_pointer: str | None
    invoice_field: str | None
    request_quantity: str
    request_unit_amount: str


@dataclass(frozen=True)
class Resource:
    name: str
    schema: str
    pointer: str
    id_field: str
    id_parameter: str
    id_pattern: str | None
    operations: dict[str, OperationId]
    create_example: str
    add_line_example: str | None
    update_example: str | None
    echo_fields: tuple[tuple[str, str], ...]
    unique_fields: tuple[str, ...]
    lines: Lines


@dataclass(frozen=True)
class Errors:
    schema: str
    message_pointer: str | None
    not_found: ErrorMatch
    validation: ErrorMatch
    too_large: ErrorMatch | None


@dataclass(frozen=True)
class Transition:
    operation: OperationId
    sources: frozenset[str]
    target: str | None
    target_if_zero: str | None
    body: JsonObject | None


@dataclass(frozen=True)
class Numbering:
    field: str
    assigned_by: OperationId
    pattern: str | None
    sequential: bool


@dataclass(frozen=True)
class Lifecycle:
    status_field: str
    initial: str
    states: tuple[str, ...]
    terminal: frozenset[str]
    time_driven: dict[str, str]
    transitions: tuple[Transition, ...]
    editable_in: frozenset[str]
    frozen_fields: tuple[str, ...]
    numbering: Numbering | None
    rejection: ErrorMatch

    def transition(self, operation: OperationId) -> Transition | None:
        return next((t for t in self.transitions if t.operation == operation), None)

    def allows(self, operation: OperationId, state: str) -> bool:
        t = self.transition(operation)
        if t is None:
            return False
        effective = {state} | {s for s, src in self.time_driven.items() if src == state}
        effective |= {src for s, src in self.time_driven.items() if s == state}
        return bool(t.sources & effective)


@dataclass(frozen=True)
class Idempotency:
    header: str
    methods: frozenset[str]
    required_on: frozenset[OperationId]
    max_length: int | None
    retention: str | None
    mismatch: ErrorMatch
    in_flight: ErrorMatch | None


@dataclass(frozen=True)
class Limit:
    parameter: str
    minimum: int
    maximum: int
    default: int


@dataclass(frozen=True)
class Pagination:
    operations: tuple[OperationId, ...]
    style: str
    limit: Limit
    cursor_parameter: str | None
    before_parameter: str | None
    cursor_from: str | None
    offset_parameter: str | None
    items: str
    has_more: str | None
    next_cursor: str | None
    total: str | None
    order_field: str
    order_descending: bool


@dataclass(frozen=True)
class Money:
    unit: str
    currency_field: str
    fields: tuple[str, ...]
    line_invariants: tuple[str, ...]
    invariants: tuple[str, ...]
    paid_invariants: tuple[str, ...]
    paid_state: str | None


@dataclass(frozen=True)
class Extensions:
    api_id: str
    api_name: str
    source: str
    auth: Auth
    resource: Resource
    errors: Errors
    lifecycle: Lifecycle
    idempotency: Idempotency | None
    pagination: Pagination
    money: Money


def _echo_pairs(raw: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in raw:
        request, _, response = item.partition("=")
        pairs.append((request, response or request))
    return tuple(pairs)


def _parse(doc: JsonObject) -> Extensions:
    api, auth, res, err = doc["x-api"], doc["x-auth"], doc["x-resource"], doc["x-errors"]
    life, pag, money, idem = doc["x-lifecycle"], doc["x-pagination"], doc["x-money"], doc.get("x-idempotency")
    lines = res["lines"]
    numbering = life.get("numbering")
    cursor, offset, env, limit = pag.get("cursor") or {}, pag.get("offset") or {}, pag["envelope"], pag["limit"]
    return Extensions(
        api_id=api["id"],
        api_name=api["name"],
        source=api["source"],
        auth=Auth(
            auth["test-key-prefix"],
            auth["live-key-prefix"],
            auth.get("key-pattern"),
            ErrorMatch.parse(auth["unauthenticated"]) or ErrorMatch(401),
        ),
        resource=Resource(
            name=res["name"],
            schema=res["schema"],
            pointer=res["pointer"],
            id_field=res["id-field"],
            id_parameter=res["id-parameter"],
            id_pattern=res.get("id-pattern"),
            operations=dict(res["operations"]),
            create_example=res["create-example"],
            add_line_example=res.get("add-line-example"),
            update_example=res.get("update-example"),
            echo_fields=_echo_pairs(res.get("echo-fields") or []),
            unique_fields=tuple(res.get("unique-fields") or []),
            lines=Lines(
                lines["pointer"],
                lines["quantity"],
                lines["unit-amount"],
                lines.get("amount"),
                lines.get("request-pointer"),
                lines.get("invoice-field"),
                lines.get("request-quantity", lines["quantity"]),
                lines.get("request-unit-amount", lines["unit-amount"]),
            ),
        ),
        errors=Errors(
            err["schema"],
            err.get("message-pointer"),
            ErrorMatch.parse(err["not-found"]) or ErrorMatch(404),
            ErrorMatch.parse(err["validation"]) or ErrorMatch(400),
            ErrorMatch.parse(err.get("too-large")),
        ),
        lifecycle=Lifecycle(
            status_field=life["status-field"],
            initial=life["initial"],
            states=tuple(life["states"]),
            terminal=frozenset(life["terminal"]),
            time_driven={t["state"]: t["from"] for t in life.get("time-driven") or []},
            transitions=tuple(
                Transition(t["operation"], frozenset(t["from"]), t["to"], t.get("to-if-zero"), t.get("body"))
                for t in life["transitions"]
            ),
            editable_in=frozenset(life["editable-in"]),
            frozen_fields=tuple(life.get("frozen-fields") or []),
            numbering=Numbering(
                numbering["field"],
                numbering["assigned-by"],
                numbering.get("pattern"),
                bool(numbering.get("sequential")),
            )
            if numbering
            else None,
            rejection=ErrorMatch.parse(life["rejection"]) or ErrorMatch(400),
        ),
        idempotency=Idempotency(
            idem["header"],
            frozenset(idem["methods"]),
            frozenset(idem.get("required-on") or []),
            idem.get("max-length"),
            idem.get("retention"),
            ErrorMatch.parse(idem["mismatch"]) or ErrorMatch(400),
            ErrorMatch.parse(idem.get("in-flight")),
        )
        if idem
        else None,
        pagination=Pagination(
            operations=tuple(pag["operations"]),
            style=pag["style"],
            limit=Limit(limit["parameter"], limit["minimum"], limit["maximum"], limit["default"]),
            cursor_parameter=cursor.get("parameter"),
            before_parameter=cursor.get("before-parameter"),
            cursor_from=cursor.get("value-from"),
            offset_parameter=offset.get("parameter"),
            items=env["items"],
            has_more=env.get("has-more"),
            next_cursor=env.get("next-cursor"),
            total=env.get("total"),
            order_field=pag["order"]["field"],
            order_descending=pag["order"]["direction"] == "desc",
        ),
        money=Money(
            unit=money["unit"],
            currency_field=money["currency-field"],
            fields=tuple(money["fields"]),
            line_invariants=tuple(money.get("line-invariants") or []),
            invariants=tuple(money.get("invariants") or []),
            paid_invariants=tuple(money.get("paid-invariants") or []),
            paid_state=money.get("paid-state"),
        ),
    )


def parse_extensions(doc: JsonObject) -> Extensions:
    try:
        return _parse(doc)
    except (KeyError, TypeError) as exc:
        raise SpecError(f"x- extensions incomplete or malformed ({exc}); run `invoice-conformance lint`") from None
