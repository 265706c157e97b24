"""The Adapter protocol: what one API needs beyond its spec's data, as module-level functions.

Each `adapters/<api>.py` binds these names, usually re-exporting the defaults below and overriding the
few its API needs (schemathesis' per-version adapter modules work the same way). Everything an adapter
receives is a plain JSON document; adapters never see HTTP or SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from conformance.types import JsonObject, OperationId

from ..domain.invoices import Context, Hooks, InvoiceService
from ..domain.model import Model


@dataclass(frozen=True)
class OperationRequest:
    """A validated call of an adapter-only operation, as plain data."""

    context: Context
    path: Mapping[str, str]
    params: Mapping[str, Any]
    body: Any


# An operation only one API has (Stripe's search): the service and the request in, the response body out.
Extra = Callable[[InvoiceService, OperationRequest], JsonObject]


class Adapter(Hooks, Protocol):
    """The domain's `Hooks` (prepare, prepare_line, touch, entered, derived) plus how documents are shown."""

    operations: Mapping[OperationId, Extra]
    """Operations the generic core has no role for, by operationId."""

    def present(self, document: JsonObject, model: Model) -> JsonObject:
        """The stored document as the API shows it at this moment."""

    def line_response(
        self, response: JsonObject, line: JsonObject, document: JsonObject, body: JsonObject, model: Model
    ) -> None:
        """The add-line response, projected from the new line, the request and the invoice, finished in place."""


operations: Mapping[OperationId, Extra] = MappingProxyType({})


def prepare(document: JsonObject, model: Model, context: Context) -> None:
    return None


def prepare_line(line: JsonObject, document: JsonObject, model: Model, context: Context) -> None:
    return None


def touch(document: JsonObject, model: Model) -> None:
    return None


def entered(document: JsonObject, state: str, model: Model) -> None:
    return None


def derived(document: JsonObject, model: Model) -> None:
    return None


def present(document: JsonObject, model: Model) -> JsonObject:
    return document


def line_response(response: JsonObject, line: JsonObject, document: JsonObject, body: JsonObject, model: Model) -> None:
    return None
