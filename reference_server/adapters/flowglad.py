"""Flowglad: line items point back at their invoice, the organization is the tenant, `updatedAt` moves."""

from __future__ import annotations

from conformance.types import JsonObject

from ..domain.invoices import Context
from ..domain.model import Model
from ..domain.shapes import iso_now
from .base import derived, entered, line_response, operations, present

__all__ = ["derived", "entered", "line_response", "operations", "prepare", "prepare_line", "present", "touch"]

ORGANIZATION_PREFIX = "org_"
NANOID_LENGTH = 21


def prepare(document: JsonObject, model: Model, context: Context) -> None:
    record = model.record(document)
    # Each test key is its own organization; derive a stable organization id from the tenant.
    record["organizationId"] = ORGANIZATION_PREFIX + _nanoid(context.tenant)
    if not record.get("invoiceDate"):
        record["invoiceDate"] = record.get("createdAt") or iso_now()


def prepare_line(line: JsonObject, document: JsonObject, model: Model, context: Context) -> None:
    line["invoiceId"] = model.document_id(document)
    line["createdAt"] = line["updatedAt"] = iso_now()


def touch(document: JsonObject, model: Model) -> None:
    model.record(document)["updatedAt"] = iso_now()


def _nanoid(seed: str) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    number = int(seed, 16)
    chars = []
    for _ in range(NANOID_LENGTH):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)
