"""The request body as a whole: appearing, disappearing, or changing required-ness."""

from __future__ import annotations

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..operation import OperationPair, Side
from .base import REQUEST, table

_B = Location.BODY

RULES = table(
    Rule(
        "request-body-became-required", Level.BREAKING, REQUEST, _B, Action.SPECIALIZE, "request body became required"
    ),
    Rule("request-body-became-optional", Level.INFO, REQUEST, _B, Action.GENERALIZE, "request body became optional"),
    Rule("request-body-added", Level.INFO, REQUEST, _B, Action.ADD, "optional request body added"),
    Rule("request-body-removed", Level.WARNING, REQUEST, _B, Action.REMOVE, "request body removed"),
)


def _required(side: Side | None) -> bool:
    return side is not None and side.node.get("required") is True


def check(op: OperationPair, ctx: Context) -> None:
    old, new = op.request_bodies
    old_pointer = old.pointer if old else op.old.pointer
    new_pointer = new.pointer if new else op.new.pointer
    if old is not None and new is None:
        ctx.report(RULES["request-body-removed"], old_pointer, new_pointer)
    elif _required(old) != _required(new):
        rule = "request-body-became-required" if _required(new) else "request-body-became-optional"
        ctx.report(RULES[rule], old_pointer, new_pointer)
    elif old is None and new is not None:
        ctx.report(RULES["request-body-added"], old_pointer, new_pointer)
