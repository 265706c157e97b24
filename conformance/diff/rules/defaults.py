"""Default values: a client that omits a request field silently gets different behaviour when its default moves."""

from __future__ import annotations

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..schema import SchemaPair, same_type
from .base import REQUEST, RESPONSE, show, table

_MESSAGE = "{direction} default changed: {old} -> {new}"

RULES = table(
    Rule("request-default-changed", Level.WARNING, REQUEST, Location.SCHEMA, Action.CHANGE, _MESSAGE),
    Rule("response-default-changed", Level.INFO, RESPONSE, Location.SCHEMA, Action.CHANGE, _MESSAGE),
)


@same_type
def check(pair: SchemaPair, ctx: Context) -> None:
    old, new = pair.old.get("default"), pair.new.get("default")
    if old == new and type(old) is type(new):
        return
    ctx.report(
        RULES[f"{pair.direction}-default-changed"],
        pair.old.at("default"),
        pair.new.at("default"),
        direction=pair.direction,
        old=show(old),
        new=show(new),
    )
