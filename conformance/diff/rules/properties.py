"""Object properties added, removed, or changing required-ness.

A client sends request properties and reads response properties, so the same event is breaking in one
direction and harmless in the other. `readOnly` properties are skipped in requests, `writeOnly` in responses.
"""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..model import Action, Direction, Level, Location, Rule
from ..schema import Property, SchemaPair, SchemaView, same_type
from .base import REQUEST, RESPONSE, table

_B, _I = Level.BREAKING, Level.INFO
_P = Location.PROPERTIES

RULES = table(
    Rule("request-property-added-required", _B, REQUEST, _P, Action.ADD, "required request property '{name}' added"),
    Rule("request-property-added-optional", _I, REQUEST, _P, Action.ADD, "optional request property '{name}' added"),
    Rule("request-property-removed", _B, REQUEST, _P, Action.REMOVE, "request property '{name}' removed"),
    Rule(
        "request-property-became-required",
        _B,
        REQUEST,
        _P,
        Action.SPECIALIZE,
        "request property '{name}' became required",
    ),
    Rule(
        "request-property-became-optional",
        _I,
        REQUEST,
        _P,
        Action.GENERALIZE,
        "request property '{name}' became optional",
    ),
    Rule("response-property-added", _I, RESPONSE, _P, Action.ADD, "response property '{name}' added"),
    Rule("response-property-removed", _B, RESPONSE, _P, Action.REMOVE, "response property '{name}' removed"),
    Rule(
        "response-property-became-optional",
        _B,
        RESPONSE,
        _P,
        Action.GENERALIZE,
        "response property '{name}' became optional",
    ),
    Rule(
        "response-property-became-required",
        _I,
        RESPONSE,
        _P,
        Action.SPECIALIZE,
        "response property '{name}' became required",
    ),
)

# The keyword that hides a property from one side of the exchange.
_HIDDEN_BY = {REQUEST: "readOnly", RESPONSE: "writeOnly"}


def _hidden(view: SchemaView, raw: Any, direction: Direction) -> bool:
    keyword = _HIDDEN_BY.get(direction)
    if keyword is None:
        return False
    if isinstance(raw, dict) and raw.get(keyword) is True:
        return True
    node, _ = view.doc.resolve(raw, view.pointer)
    return isinstance(node, dict) and node.get(keyword) is True


def _visible(view: SchemaView, direction: Direction) -> dict[str, Property]:
    return {name: prop for name, prop in view.properties.items() if not _hidden(view, prop.raw, direction)}


@same_type
def check(pair: SchemaPair, ctx: Context) -> None:
    direction = pair.direction
    old, new = _visible(pair.old, direction), _visible(pair.new, direction)
    if not old and not new:
        return
    old_required, new_required = pair.old.required, pair.new.required
    for name, prop in old.items():
        counterpart = new.get(name)
        if counterpart is None:
            ctx.report(RULES[f"{direction}-property-removed"], prop.pointer, pair.new.home(prop.owner), name=name)
            continue
        was, now = name in old_required, name in new_required
        if was != now:
            event = "became-required" if now else "became-optional"
            ctx.report(RULES[f"{direction}-property-{event}"], prop.pointer, counterpart.pointer, name=name)
        ctx.schema(prop.raw, prop.pointer, counterpart.raw, counterpart.pointer, direction)
    for name, prop in new.items():
        if name in old:
            continue
        if direction is RESPONSE:
            event = "added"
        else:
            event = "added-required" if name in new_required else "added-optional"
        ctx.report(RULES[f"{direction}-property-{event}"], pair.old.home(prop.owner), prop.pointer, name=name)
