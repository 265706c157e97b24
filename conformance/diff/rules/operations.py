"""Operations added or removed, with the removal policy: deprecate first, remove after the sunset."""

from __future__ import annotations

from ..context import Context
from ..model import Action, Direction, Level, Location, Rule
from ..operation import DocumentPair, OperationRef, sunset
from ..refs import member
from .base import table

_N, _P = Direction.NONE, Location.PATHS

RULES = table(
    Rule("operation-added", Level.INFO, _N, _P, Action.ADD, "operation added"),
    Rule(
        "operation-removed-without-deprecation",
        Level.BREAKING,
        _N,
        _P,
        Action.REMOVE,
        "operation removed without being deprecated first",
    ),
    Rule(
        "operation-removed-before-sunset",
        Level.BREAKING,
        _N,
        _P,
        Action.REMOVE,
        "deprecated operation removed before its sunset date {sunset}",
    ),
    Rule(
        "operation-removed-after-deprecation",
        Level.INFO,
        _N,
        _P,
        Action.REMOVE,
        "deprecated operation removed (sunset {sunset})",
    ),
)


def _removal(pair: DocumentPair, op: OperationRef) -> tuple[str, str]:
    """The removal rule for `op` and the sunset to show."""
    if op.node.get("deprecated") is not True:
        return "operation-removed-without-deprecation", "none"
    date = sunset(op)
    if date is not None and date > pair.today:
        return "operation-removed-before-sunset", date.isoformat()
    return "operation-removed-after-deprecation", date.isoformat() if date else "none"


def check(pair: DocumentPair, ctx: Context) -> None:
    old_paths, new_paths = member(pair.old.root, "", "paths"), member(pair.new.root, "", "paths")
    for key, old in pair.old_operations.items():
        if key not in pair.new_operations:
            rule, date = _removal(pair, old)
            ctx.report(RULES[rule], old.pointer, new_paths, operation=old.name, sunset=date)
    for key, new in pair.new_operations.items():
        if key not in pair.old_operations:
            ctx.report(RULES["operation-added"], old_paths, new.pointer, operation=new.name)
