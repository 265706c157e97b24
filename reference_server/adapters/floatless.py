"""Floatless: `overdue` is a posted invoice past its due date, shown at read time (the clock moves it)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from conformance.types import JsonObject

from ..domain.model import Model
from .base import derived, entered, line_response, operations, prepare, prepare_line, touch

__all__ = ["derived", "entered", "line_response", "operations", "prepare", "prepare_line", "present", "touch"]

DUE_FIELD = "due_date"


def present(document: JsonObject, model: Model) -> JsonObject:
    """`x-lifecycle.time-driven` says overdue is entered from posted; its `when` is prose, so it lives here."""
    status_field = model.x.lifecycle.status_field
    record = model.record(document)
    due = record.get(DUE_FIELD)
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    for state, source in model.x.lifecycle.time_driven.items():
        if record.get(status_field) == source and isinstance(due, str) and due < today:
            shown = copy.deepcopy(document)
            model.record(shown)[status_field] = state
            return shown
    return document
