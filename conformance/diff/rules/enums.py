"""Enumerations: values added or removed, or the enum constraint itself appearing or disappearing.

A request enum may only grow. A response enum that grows is a warning: strict clients that switch over
the values (generated code, exhaustive matches) meet a value they do not know. `null` is left to nullability.
"""

from __future__ import annotations

import json
from typing import Any

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..schema import SchemaPair, SchemaView, same_type
from .base import REQUEST, RESPONSE, show_all, table

_B, _W, _I = Level.BREAKING, Level.WARNING, Level.INFO
_S = Location.SCHEMA

RULES = table(
    Rule("request-enum-value-removed", _B, REQUEST, _S, Action.SPECIALIZE, "request enum values removed: {values}"),
    Rule("request-enum-value-added", _I, REQUEST, _S, Action.GENERALIZE, "request enum values added: {values}"),
    Rule("response-enum-value-added", _W, RESPONSE, _S, Action.GENERALIZE, "response enum values added: {values}"),
    Rule("response-enum-value-removed", _I, RESPONSE, _S, Action.SPECIALIZE, "response enum values removed: {values}"),
    Rule("request-became-enum", _B, REQUEST, _S, Action.SPECIALIZE, "request value restricted to {values}"),
    Rule("request-no-longer-enum", _I, REQUEST, _S, Action.GENERALIZE, "request value no longer restricted to an enum"),
    Rule("response-became-enum", _I, RESPONSE, _S, Action.SPECIALIZE, "response value restricted to {values}"),
    Rule(
        "response-no-longer-enum", _W, RESPONSE, _S, Action.GENERALIZE, "response value no longer restricted to an enum"
    ),
)


def _values(view: SchemaView) -> dict[str, Any] | None:
    """Enum values keyed by their canonical JSON, so 1 and "1" differ and order does not matter."""
    values = view.get("enum")
    if not isinstance(values, list):
        return None
    return {json.dumps(value, sort_keys=True, default=str): value for value in values if value is not None}


@same_type
def check(pair: SchemaPair, ctx: Context) -> None:
    old, new = _values(pair.old), _values(pair.new)
    if old is None and new is None:
        return
    prefix = pair.direction.value
    where_old, where_new = pair.old.at("enum"), pair.new.at("enum")
    if old is None:
        ctx.report(RULES[f"{prefix}-became-enum"], where_old, where_new, values=show_all((new or {}).values()))
        return
    if new is None:
        ctx.report(RULES[f"{prefix}-no-longer-enum"], where_old, where_new)
        return
    removed = [value for key, value in old.items() if key not in new]
    added = [value for key, value in new.items() if key not in old]
    if removed:
        ctx.report(RULES[f"{prefix}-enum-value-removed"], where_old, where_new, values=show_all(removed))
    if added:
        ctx.report(RULES[f"{prefix}-enum-value-added"], where_old, where_new, values=show_all(added))
