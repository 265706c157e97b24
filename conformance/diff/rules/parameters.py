"""Request parameters (path, query, header, cookie): added, removed, moved, or changing required-ness.

Parameters match by location and name, path parameters by their position in the template, so
reordering the list or renaming `{id}` to `{invoice}` is no change. Parameter schemas are compared
in the request direction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..operation import OperationPair, Side
from ..refs import join, mapping, member
from .base import REQUEST, table

_B, _I = Level.BREAKING, Level.INFO
_P = Location.PARAMETERS

RULES = table(
    Rule(
        "request-parameter-added-required", _B, REQUEST, _P, Action.ADD, "required {location} parameter '{name}' added"
    ),
    Rule(
        "request-parameter-added-optional", _I, REQUEST, _P, Action.ADD, "optional {location} parameter '{name}' added"
    ),
    Rule("request-parameter-removed", _B, REQUEST, _P, Action.REMOVE, "{location} parameter '{name}' removed"),
    Rule(
        "request-parameter-became-required",
        _B,
        REQUEST,
        _P,
        Action.SPECIALIZE,
        "{location} parameter '{name}' became required",
    ),
    Rule(
        "request-parameter-became-optional",
        _I,
        REQUEST,
        _P,
        Action.GENERALIZE,
        "{location} parameter '{name}' became optional",
    ),
    Rule(
        "request-parameter-location-changed",
        _B,
        REQUEST,
        _P,
        Action.CHANGE,
        "parameter '{name}' moved from {old} to {new}",
    ),
)


def _required(side: Side) -> bool:
    return side.node.get("required") is True or side.node.get("in") == "path"


def _name(side: Side) -> str:
    return str(side.node.get("name", "")).lower()


def _schema(side: Side) -> tuple[Any, str] | None:
    """A parameter's schema: `schema`, or the one media type of `content`."""
    if "schema" in side.node:
        return side.node["schema"], join(side.pointer, "schema")
    for media, entry in mapping(side.node.get("content")).items():
        if isinstance(entry, Mapping) and "schema" in entry:
            return entry["schema"], join(side.pointer, "content", media, "schema")
    return None


def check(op: OperationPair, ctx: Context) -> None:
    removed: list[Side] = []
    added: list[Side] = []
    for old, new in op.parameters.values():
        if old is None and new is not None:
            added.append(new)
        elif new is None and old is not None:
            removed.append(old)
        elif old is not None and new is not None:
            if _required(old) != _required(new):
                event = "became-required" if _required(new) else "became-optional"
                rule = RULES[f"request-parameter-{event}"]
                ctx.report(rule, old.pointer, new.pointer, location=new.node.get("in"), name=new.node.get("name"))
            old_schema, new_schema = _schema(old), _schema(new)
            if old_schema is not None and new_schema is not None:
                ctx.schema(*old_schema, *new_schema, REQUEST)
    new_parameters = member(op.new.node, op.new.pointer, "parameters")
    old_parameters = member(op.old.node, op.old.pointer, "parameters")
    for old in removed:
        # The same name disappearing from one location and appearing in another is a move.
        moved = next((new for new in added if _name(new) == _name(old)), None)
        if moved is not None:
            added.remove(moved)
            ctx.report(
                RULES["request-parameter-location-changed"],
                old.pointer,
                moved.pointer,
                name=old.node.get("name"),
                old=old.node.get("in"),
                new=moved.node.get("in"),
            )
        else:
            rule = RULES["request-parameter-removed"]
            ctx.report(rule, old.pointer, new_parameters, location=old.node.get("in"), name=old.node.get("name"))
    for new in added:
        event = "added-required" if _required(new) else "added-optional"
        rule = RULES[f"request-parameter-{event}"]
        ctx.report(rule, old_parameters, new.pointer, location=new.node.get("in"), name=new.node.get("name"))
