"""Our `x-lifecycle` block (specs/README.md): the invoice state machine clients drive.

A transition that disappears, accepts fewer from-states or lands elsewhere breaks the clients driving
it; a new state is a warning because clients that switch over `status` meet a value they do not know.
Transitions match by operation and fixed body (APIs that move state through update use one operation
with different bodies).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..context import Context
from ..model import Action, Direction, Level, Location, Rule
from ..operation import DocumentPair
from ..refs import join, listing, member
from .base import show, show_all, table

_B, _W, _I = Level.BREAKING, Level.WARNING, Level.INFO
_N, _L = Direction.NONE, Location.LIFECYCLE
_ROOT = "/x-lifecycle"

RULES = table(
    Rule("lifecycle-transition-removed", _B, _N, _L, Action.REMOVE, "transition {transition} removed"),
    Rule("lifecycle-transition-added", _I, _N, _L, Action.ADD, "transition {transition} added"),
    Rule(
        "lifecycle-transition-from-narrowed",
        _B,
        _N,
        _L,
        Action.SPECIALIZE,
        "transition {transition} no longer allowed from {states}",
    ),
    Rule(
        "lifecycle-transition-from-widened",
        _I,
        _N,
        _L,
        Action.GENERALIZE,
        "transition {transition} now allowed from {states}",
    ),
    Rule(
        "lifecycle-transition-target-changed",
        _B,
        _N,
        _L,
        Action.CHANGE,
        "transition {transition} now leads to {new} (was {old})",
    ),
    Rule("lifecycle-state-added", _W, _N, _L, Action.ADD, "states added: {values}"),
    Rule("lifecycle-state-removed", _I, _N, _L, Action.REMOVE, "states removed: {values}"),
    Rule("lifecycle-editable-narrowed", _B, _N, _L, Action.SPECIALIZE, "no longer editable in {values}"),
    Rule("lifecycle-editable-widened", _I, _N, _L, Action.GENERALIZE, "now also editable in {values}"),
    Rule("lifecycle-frozen-field-added", _B, _N, _L, Action.ADD, "fields frozen after editing ends: {values}"),
    Rule("lifecycle-frozen-field-removed", _I, _N, _L, Action.REMOVE, "fields no longer frozen: {values}"),
    Rule("lifecycle-initial-changed", _B, _N, _L, Action.CHANGE, "initial state changed: {old} -> {new}"),
    Rule("lifecycle-status-field-changed", _B, _N, _L, Action.CHANGE, "status field changed: {old} -> {new}"),
)

# Set-valued keys: (key, rule when members disappear, rule when members appear).
_SETS = (
    ("states", "lifecycle-state-removed", "lifecycle-state-added"),
    ("editable-in", "lifecycle-editable-narrowed", "lifecycle-editable-widened"),
    ("frozen-fields", "lifecycle-frozen-field-removed", "lifecycle-frozen-field-added"),
)
_SCALARS = (("initial", "lifecycle-initial-changed"), ("status-field", "lifecycle-status-field-changed"))

Transition = tuple[Mapping[str, Any], str]


def _block(pair: DocumentPair, new: bool) -> Mapping[str, Any]:
    block = (pair.new if new else pair.old).root.get("x-lifecycle")
    return block if isinstance(block, Mapping) else {}


def _transitions(block: Mapping[str, Any]) -> dict[tuple[str, str], Transition]:
    found: dict[tuple[str, str], Transition] = {}
    for index, transition in enumerate(listing(block.get("transitions"))):
        if isinstance(transition, Mapping):
            key = (str(transition.get("operation")), json.dumps(transition.get("body"), sort_keys=True, default=str))
            found.setdefault(key, (transition, join(_ROOT, "transitions", index)))
    return found


def _members(block: Mapping[str, Any], key: str) -> list[str]:
    """State and field names; anything else in the list is malformed and left to `lint`."""
    return [member for member in listing(block.get(key)) if isinstance(member, str)]


def _where(block: Mapping[str, Any], key: str) -> str:
    return member(block, _ROOT, key)


def _name(key: tuple[str, str]) -> str:
    return key[0] if key[1] == "null" else f"{key[0]} with body {key[1]}"


def _compare_transitions(pair: DocumentPair, old: Mapping[str, Any], new: Mapping[str, Any], ctx: Context) -> None:
    old_transitions, new_transitions = _transitions(old), _transitions(new)
    for key, (transition, where) in old_transitions.items():
        fields: dict[str, Any] = {"operation": pair.operation_named(key[0]), "transition": _name(key)}
        if key not in new_transitions:
            ctx.report(RULES["lifecycle-transition-removed"], where, _where(new, "transitions"), **fields)
            continue
        other, other_where = new_transitions[key]
        old_from, new_from = set(_members(transition, "from")), set(_members(other, "from"))
        for event, states in (("narrowed", old_from - new_from), ("widened", new_from - old_from)):
            if states:
                rule_id = f"lifecycle-transition-from-{event}"
                ctx.report(
                    RULES[rule_id],
                    join(where, "from"),
                    join(other_where, "from"),
                    states=show_all(sorted(states)),
                    **fields,
                )
        if transition.get("to") != other.get("to"):
            old_to, new_to = show(transition.get("to")), show(other.get("to"))
            target_changed = RULES["lifecycle-transition-target-changed"]
            ctx.report(target_changed, join(where, "to"), join(other_where, "to"), old=old_to, new=new_to, **fields)
    for key, (_, where) in new_transitions.items():
        if key not in old_transitions:
            operation = pair.operation_named(key[0])
            rule = RULES["lifecycle-transition-added"]
            ctx.report(rule, _where(old, "transitions"), where, operation=operation, transition=_name(key))


def check(pair: DocumentPair, ctx: Context) -> None:
    old, new = _block(pair, new=False), _block(pair, new=True)
    # A document without the block promises nothing about its state machine (and `lint` flags it).
    if not old or not new:
        return
    _compare_transitions(pair, old, new, ctx)
    for key, removed_rule, added_rule in _SETS:
        old_members, new_members = _members(old, key), _members(new, key)
        old_where, new_where = _where(old, key), _where(new, key)
        removed = [name for name in old_members if name not in new_members]
        added = [name for name in new_members if name not in old_members]
        if removed:
            ctx.report(RULES[removed_rule], old_where, new_where, values=show_all(removed))
        if added:
            ctx.report(RULES[added_rule], old_where, new_where, values=show_all(added))
    for key, rule in _SCALARS:
        if old.get(key) != new.get(key):
            old_value, new_value = show(old.get(key)), show(new.get(key))
            ctx.report(RULES[rule], _where(old, key), _where(new, key), old=old_value, new=new_value)
