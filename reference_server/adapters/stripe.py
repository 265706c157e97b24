"""Stripe: lines in a list object with its own url, invoice items with prices, status timestamps, and the
three operations only Stripe has (list lines, search, preview)."""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from conformance.spec.equations import derive, parse
from conformance.types import JsonObject

from ..domain.errors import MissingReference
from ..domain.invoices import Context, InvoiceService
from ..domain.model import Model
from ..domain.pagination import Cursor, CursorCodec, PageRequest, page_request, slice_page
from ..domain.shapes import generate_id
from . import stripe_search
from .base import Extra, OperationRequest, present

__all__ = ["derived", "entered", "line_response", "operations", "prepare", "prepare_line", "present", "touch"]

LINES_URL = "/v1/invoices/{id}/lines"
SEARCH_URL = "/v1/invoices/search"
PREVIEW_PREFIX = "upcoming_"
PREVIEW_LINE_PREFIX = "il_tmp_"
AMOUNT_DUE = "amount_due"
# The status_transitions timestamp set when an invoice enters each state.
TRANSITION_STAMPS = {"paid": "paid_at", "void": "voided_at", "uncollectible": "marked_uncollectible_at"}


def prepare(document: JsonObject, model: Model, context: Context) -> None:
    invoice_id = model.document_id(document)
    document["lines"] = {"object": "list", "data": [], "has_more": False, "url": LINES_URL.format(id=invoice_id)}
    document["period_start"] = document["period_end"] = document["created"]


def derived(document: JsonObject, model: Model) -> None:
    """Stripe never asks for less than nothing: credit lines past the total leave amount_due at 0 (the rest
    goes to the customer's balance, which the sandbox does not keep); the equations after it then rerun."""
    record = model.record(document)
    amount_due = record.get(AMOUNT_DUE)
    if not isinstance(amount_due, int) or amount_due >= 0:
        return
    record[AMOUNT_DUE] = 0
    invariants = model.x.money.invariants
    rest = next((i + 1 for i, text in enumerate(invariants) if parse(text).target == AMOUNT_DUE), len(invariants))
    derive(record, model.lines(document), invariants[rest:])


def touch(document: JsonObject, model: Model) -> None:
    for holder in (document, *model.lines(document)):
        _discount_ids(holder)


def _discount_ids(holder: JsonObject) -> None:
    """A requested discount (`{coupon}`, `{promotion_code}`, `{discount}`) becomes a discount object, shown by its
    id. The sandbox keeps no discounts, so each gets a new id, even one naming an existing discount."""
    found = holder.get("discounts")
    if isinstance(found, list):
        holder["discounts"] = [d if isinstance(d, str) else generate_id("^di_[A-Za-z0-9]+$") for d in found]


def prepare_line(line: JsonObject, document: JsonObject, model: Model, context: Context) -> None:
    _discount_ids(line)
    now = int(time.time())
    line["invoice"] = model.document_id(document)
    line["invoice_item"] = generate_id("^ii_[A-Za-z0-9]+$")
    line["period"] = {"start": now, "end": now}
    line.setdefault("discountable", True)
    if not isinstance(line.get("price"), dict) and isinstance(line.get("amount"), int):
        # An item given as a plain amount is one unit of a price of that amount (negative for a credit).
        line["price"] = {"unit_amount": line["amount"]}
        if not isinstance(line.get("quantity"), int):
            line["quantity"] = 1
    price = line.get("price")
    if isinstance(price, dict):
        # Invoice items given a unit_amount get an inline one-time price of their own.
        price.update(
            id=generate_id("^price_[A-Za-z0-9]+$"),
            currency=line.get("currency"),
            created=now,
            active=False,
            type="one_time",
            billing_scheme="per_unit",
            product=generate_id("^prod_[A-Za-z0-9]+$"),
            unit_amount_decimal=str(price.get("unit_amount")),
        )


def entered(document: JsonObject, state: str, model: Model) -> None:
    transitions = document.get("status_transitions")
    if not isinstance(transitions, dict):
        return
    now = int(time.time())
    if transitions.get("finalized_at") is None and state != "draft":
        transitions["finalized_at"] = now
    if state in TRANSITION_STAMPS:
        transitions[TRANSITION_STAMPS[state]] = now
    document["paid"] = state == "paid"


def line_response(response: JsonObject, line: JsonObject, document: JsonObject, body: JsonObject, model: Model) -> None:
    # The invoice item behind the new line: its own id and date, the line's price and period.
    found = line.get("price")
    price: JsonObject | None = found if isinstance(found, dict) else None
    response.update(
        id=line["invoice_item"],
        date=int(time.time()),
        period=line["period"],
        price=price,
        unit_amount=(price or {}).get("unit_amount"),
        unit_amount_decimal=(price or {}).get("unit_amount_decimal"),
        metadata=line.get("metadata") or {},
    )


def list_lines(service: InvoiceService, request: OperationRequest) -> JsonObject:
    invoice_id = request.path[service.x.resource.id_parameter]
    lines = service.model.lines(service.retrieve(request.context, invoice_id))
    page = page_request(service.x.pagination, request.params, CursorCodec(True, "id"))
    data, has_more = slice_page(lines, "id", page)
    url = LINES_URL.format(id=invoice_id)
    return {"object": "list", "data": data, "has_more": has_more, "url": url, "total_count": len(lines)}


def search(service: InvoiceService, request: OperationRequest) -> JsonObject:
    """Invoices matching `query` (see `stripe_search`); eventual consistency is not simulated.

    The page token is Stripe's shape, base64 of `[created, id]` of the page's last match, so paging is
    stable while invoices are created; an unknown id resumes after that creation time.
    """
    query = stripe_search.parse(str(request.params.get("query", "")))
    limit = request.params.get("limit", service.x.pagination.limit.default)
    matches = [doc for doc in _all(service, request.context) if query.matches(doc)]
    start = _resume(matches, request.params.get("page"), service.x.pagination.order_field)
    data = matches[start : start + limit]
    more = start + limit < len(matches)
    token = _token(data[-1], service.x.pagination.order_field) if more and data else None
    return {"object": "search_result", "url": SEARCH_URL, "has_more": more, "next_page": token, "data": data}


def preview(service: InvoiceService, request: OperationRequest) -> JsonObject:
    """The invoice create would make, with `invoice_items` as lines; nothing is stored."""
    body = dict(request.body or {})
    items = body.pop("invoice_items", None) or []
    document = service.build(request.context, body)
    document["id"] = PREVIEW_PREFIX + str(document["id"])
    for item in items:
        line = service.attach_line(document, item, request.context)
        line["id"] = PREVIEW_LINE_PREFIX + str(line["id"]).removeprefix("il_")
        line["invoice"] = None
    service.derive(document)
    document["lines"]["url"] = LINES_URL.format(id=document["id"])
    return document


operations: Mapping[str, Extra] = MappingProxyType(
    {"listInvoiceLines": list_lines, "searchInvoices": search, "createInvoicePreview": preview}
)


def _token(document: JsonObject, order_field: str) -> str:
    return base64.b64encode(json.dumps([document.get(order_field), document.get("id")]).encode()).decode()


def _resume(matches: list[JsonObject], token: Any, order_field: str) -> int:
    """Index of the first match after the one `token` names (matches are newest first)."""
    if token is None:
        return 0
    try:
        created, last_id = json.loads(base64.b64decode(str(token).encode(), validate=True))
    except (binascii.Error, UnicodeError, ValueError, TypeError):
        # The spec lets `page` be any string: an opaque token this server never issued names no page, a
        # missing reference like a `starting_after` naming no invoice (a 400 saying `resource_missing`).
        raise MissingReference("no such page: the page token was not issued by a search", param="page") from None
    ids = [doc.get("id") for doc in matches]
    if last_id in ids:
        return ids.index(last_id) + 1
    return next((i for i, doc in enumerate(matches) if _older(doc.get(order_field), created)), len(matches))


def _older(value: Any, than: Any) -> bool:
    return isinstance(value, int) and isinstance(than, int) and value < than


def _all(service: InvoiceService, context: Context) -> list[JsonObject]:
    found: list[JsonObject] = []
    maximum = service.x.pagination.limit.maximum
    after: Cursor | None = None
    while True:
        page = service.page(context, PageRequest(limit=maximum, after=after))
        found += page.items
        if not page.has_more or not page.items:
            return found
        after = Cursor(service.model.document_id(page.items[-1]))
