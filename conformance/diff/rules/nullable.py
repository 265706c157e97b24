"""Nullability (3.0 `nullable: true` or 3.1 `type: [..., "null"]`): a client must send or handle null."""

from __future__ import annotations

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..schema import SchemaPair, SchemaView
from .base import REQUEST, RESPONSE, table

_S = Location.SCHEMA

RULES = table(
    Rule("request-became-nullable", Level.INFO, REQUEST, _S, Action.GENERALIZE, "request value now accepts null"),
    Rule(
        "request-became-non-nullable",
        Level.BREAKING,
        REQUEST,
        _S,
        Action.SPECIALIZE,
        "request value no longer accepts null",
    ),
    Rule("response-became-nullable", Level.BREAKING, RESPONSE, _S, Action.GENERALIZE, "response value may now be null"),
    Rule(
        "response-became-non-nullable", Level.INFO, RESPONSE, _S, Action.SPECIALIZE, "response value is no longer null"
    ),
)


def check(pair: SchemaPair, ctx: Context) -> None:
    was, now = pair.old.nullable, pair.new.nullable
    if was == now:
        return
    event = "became-nullable" if now else "became-non-nullable"
    ctx.report(RULES[f"{pair.direction}-{event}"], _where(pair.old), _where(pair.new))


def _where(view: SchemaView) -> str:
    return view.at("nullable" if view.get("nullable") is not None else "type")
