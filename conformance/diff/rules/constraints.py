"""Validation keywords tightened or loosened, one comparator per keyword.

Tightening a request constraint rejects values clients already send; loosening a response constraint
lets the server send values clients were told would not come (a warning: buffers, column widths).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..schema import SchemaPair, same_type
from .base import REQUEST, RESPONSE, show, table

_S = Location.SCHEMA
_MESSAGE = "{direction} {keyword} {event}: {old} -> {new}"

RULES = table(
    Rule("request-constraint-tightened", Level.BREAKING, REQUEST, _S, Action.SPECIALIZE, _MESSAGE),
    Rule("request-constraint-loosened", Level.INFO, REQUEST, _S, Action.GENERALIZE, _MESSAGE),
    Rule("response-constraint-tightened", Level.INFO, RESPONSE, _S, Action.SPECIALIZE, _MESSAGE),
    Rule("response-constraint-loosened", Level.WARNING, RESPONSE, _S, Action.GENERALIZE, _MESSAGE),
)

Comparator = Callable[[Any, Any], str | None]
TIGHTENED, LOOSENED = "tightened", "loosened"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _flag(old: Any, new: Any) -> str | None:
    """Boolean keywords where true is stricter (uniqueItems, 3.0 exclusiveMinimum/Maximum)."""
    if bool(old) == bool(new):
        return None
    return TIGHTENED if new else LOOSENED


def _bound(upper: bool) -> Comparator:
    def compare(old: Any, new: Any) -> str | None:
        if isinstance(old, bool) or isinstance(new, bool):
            return _flag(old, new) if {type(old), type(new)} <= {bool, type(None)} else None
        if old == new or not (old is None or _number(old)) or not (new is None or _number(new)):
            return None
        if old is None:
            return TIGHTENED
        if new is None:
            return LOOSENED
        return TIGHTENED if (new < old) == upper else LOOSENED

    return compare


def _pattern(old: Any, new: Any) -> str | None:
    # Whether one regex accepts a superset of another is undecidable in general: any change may reject
    # values that matched before, so a changed pattern counts as tightened.
    if old == new:
        return None
    return LOOSENED if new is None else TIGHTENED


def _multiple_of(old: Any, new: Any) -> str | None:
    if old == new:
        return None
    if new is None:
        return LOOSENED
    if old is None or not (_number(old) and _number(new)) or new == 0:
        return TIGHTENED
    # Every multiple of 10 is a multiple of 5: a new divisor that divides the old one accepts more.
    return LOOSENED if (old / new) == int(old / new) else TIGHTENED


_UPPER, _LOWER = _bound(upper=True), _bound(upper=False)
KEYWORDS: dict[str, Comparator] = {
    "maxLength": _UPPER,
    "maxItems": _UPPER,
    "maxProperties": _UPPER,
    "maximum": _UPPER,
    "exclusiveMaximum": _UPPER,
    "minLength": _LOWER,
    "minItems": _LOWER,
    "minProperties": _LOWER,
    "minimum": _LOWER,
    "exclusiveMinimum": _LOWER,
    "pattern": _pattern,
    "multipleOf": _multiple_of,
    "uniqueItems": _flag,
}


@same_type
def check(pair: SchemaPair, ctx: Context) -> None:
    for keyword, compare in KEYWORDS.items():
        old, new = pair.old.get(keyword), pair.new.get(keyword)
        if old is None and new is None:
            continue
        event = compare(old, new)
        if event is None:
            continue
        ctx.report(
            RULES[f"{pair.direction}-constraint-{event}"],
            pair.old.at(keyword),
            pair.new.at(keyword),
            direction=pair.direction,
            keyword=keyword,
            event=event,
            old=show(old),
            new=show(new),
        )
