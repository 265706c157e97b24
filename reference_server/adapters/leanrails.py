"""LeanRails: Stripe-like JSON API; everything but the invoice-item response comes from the spec."""

from __future__ import annotations

from conformance.types import JsonObject

from ..domain.model import Model
from .base import derived, entered, operations, prepare, prepare_line, present, touch

__all__ = ["derived", "entered", "line_response", "operations", "prepare", "prepare_line", "present", "touch"]


def line_response(response: JsonObject, line: JsonObject, document: JsonObject, body: JsonObject, model: Model) -> None:
    # The invoice item and the line it creates are one thing with two ids; the line names the item.
    response["id"] = line["invoice_item"]
