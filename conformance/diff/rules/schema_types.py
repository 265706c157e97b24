"""Type and format changes, classified as widening, narrowing or incompatible.

A request schema may widen (the server accepts more) but not narrow; a response schema may narrow (the
server sends less variety) but not widen. integer is a subset of number; dropping a format widens.
"""

from __future__ import annotations

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..schema import SchemaPair, SchemaView
from .base import REQUEST, RESPONSE, table

_B, _I = Level.BREAKING, Level.INFO
_S = Location.SCHEMA
_MESSAGE = "{direction} {what} {event}: {old} -> {new}"

RULES = table(
    Rule("request-type-narrowed", _B, REQUEST, _S, Action.SPECIALIZE, _MESSAGE),
    Rule("request-type-widened", _I, REQUEST, _S, Action.GENERALIZE, _MESSAGE),
    Rule("request-type-changed", _B, REQUEST, _S, Action.CHANGE, _MESSAGE),
    Rule("response-type-narrowed", _I, RESPONSE, _S, Action.SPECIALIZE, _MESSAGE),
    Rule("response-type-widened", _B, RESPONSE, _S, Action.GENERALIZE, _MESSAGE),
    Rule("response-type-changed", _B, RESPONSE, _S, Action.CHANGE, _MESSAGE),
)

# (narrower, wider) formats: every value of the first is a value of the second.
_WIDER_FORMATS = frozenset({("int32", "int64"), ("float", "double"), ("int32", "double"), ("date", "date-time")})


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Does type set `wide` accept every value of `narrow`? None means any type."""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(name in wide or (name == "integer" and "number" in wide) for name in narrow)


def _show(types: frozenset[str] | None, format_name: str | None) -> str:
    shown = "any" if types is None else "|".join(sorted(types))
    return f"{shown} ({format_name})" if format_name else shown


def _format(view: SchemaView) -> str | None:
    value = view.get("format")
    return value if isinstance(value, str) else None


def _type_event(old: frozenset[str] | None, new: frozenset[str] | None) -> str | None:
    if old == new:
        return None
    if _covers(new, old):
        return "widened"
    if _covers(old, new):
        return "narrowed"
    return "changed"


def _format_event(old: str | None, new: str | None) -> str | None:
    if old == new:
        return None
    if new is None or (old, new) in _WIDER_FORMATS:
        return "widened"
    if old is None or (new, old) in _WIDER_FORMATS:
        return "narrowed"
    return "changed"


def check(pair: SchemaPair, ctx: Context) -> None:
    old_types, new_types = pair.old.types, pair.new.types
    old_format, new_format = _format(pair.old), _format(pair.new)
    event = _type_event(old_types, new_types)
    if event is not None:
        what, keyword = "type", "type"
        shown_old, shown_new = _show(old_types, old_format), _show(new_types, new_format)
    else:
        event = _format_event(old_format, new_format)
        what, keyword = "format", "format"
        shown_old, shown_new = str(old_format or "none"), str(new_format or "none")
    if event is not None:
        ctx.report(
            RULES[f"{pair.direction}-type-{event}"],
            pair.old.at(keyword),
            pair.new.at(keyword),
            direction=pair.direction,
            what=what,
            event=event,
            old=shown_old,
            new=shown_new,
        )
