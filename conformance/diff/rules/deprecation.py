"""Deprecation and sunset of operations still present in both documents.

Policy: an operation is deprecated with an `x-sunset` date before it may be removed (see `operations`),
so deprecating without a sunset, or pulling the sunset forward, leaves clients less time than promised.
"""

from __future__ import annotations

from ..context import Context
from ..model import Action, Direction, Level, Location, Rule
from ..operation import OperationPair, sunset
from ..refs import member
from .base import table

_N, _P = Direction.NONE, Location.PATHS

RULES = table(
    Rule("operation-deprecated", Level.INFO, _N, _P, Action.SET, "operation deprecated, sunset {sunset}"),
    Rule(
        "operation-deprecated-without-sunset",
        Level.WARNING,
        _N,
        _P,
        Action.SET,
        "operation deprecated without an x-sunset date",
    ),
    Rule("operation-reactivated", Level.INFO, _N, _P, Action.SET, "operation no longer deprecated"),
    Rule("operation-sunset-moved-earlier", Level.WARNING, _N, _P, Action.CHANGE, "sunset moved from {old} to {new}"),
)


def check(op: OperationPair, ctx: Context) -> None:
    was, now = op.old.node.get("deprecated") is True, op.new.node.get("deprecated") is True
    old_sunset, new_sunset = sunset(op.old), sunset(op.new)
    old_at, new_at = (
        member(op.old.node, op.old.pointer, "deprecated"),
        member(op.new.node, op.new.pointer, "deprecated"),
    )
    if now and not was:
        if new_sunset is None:
            ctx.report(RULES["operation-deprecated-without-sunset"], old_at, new_at)
        else:
            ctx.report(RULES["operation-deprecated"], old_at, new_at, sunset=new_sunset.isoformat())
    elif was and not now:
        ctx.report(RULES["operation-reactivated"], old_at, new_at)
    elif now and old_sunset is not None and new_sunset is not None and new_sunset < old_sunset:
        ctx.report(
            RULES["operation-sunset-moved-earlier"],
            member(op.old.node, op.old.pointer, "x-sunset"),
            member(op.new.node, op.new.pointer, "x-sunset"),
            old=old_sunset.isoformat(),
            new=new_sunset.isoformat(),
        )
