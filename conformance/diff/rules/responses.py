"""Response status codes and response headers.

Clients are written against the success statuses they were promised; losing one breaks them, gaining
one is news. Headers are read by clients, so losing one (or its guarantee) breaks them.
"""

from __future__ import annotations

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..operation import OperationPair, Side, paired, sides
from ..refs import join, member
from .base import RESPONSE, table

_B, _I = Level.BREAKING, Level.INFO
_H = Location.HEADERS

RULES = table(
    Rule(
        "response-success-status-removed", _B, RESPONSE, Location.BODY, Action.REMOVE, "success status {status} removed"
    ),
    Rule("response-success-status-added", _I, RESPONSE, Location.BODY, Action.ADD, "success status {status} added"),
    Rule(
        "response-header-removed", _B, RESPONSE, _H, Action.REMOVE, "header {header} removed from the {status} response"
    ),
    Rule("response-header-added", _I, RESPONSE, _H, Action.ADD, "header {header} added to the {status} response"),
    Rule(
        "response-header-became-optional",
        _B,
        RESPONSE,
        _H,
        Action.GENERALIZE,
        "header {header} of the {status} response became optional",
    ),
)


def _success(status: str) -> bool:
    return status.startswith("2")


def _headers(op: OperationPair, old: Side, new: Side, status: str, ctx: Context) -> None:
    # Header names are case-insensitive; Content-Type is described by `content`, never by `headers`.
    old_headers = sides(op.old_doc, old.node.get("headers"), join(old.pointer, "headers"), fold_case=True)
    new_headers = sides(op.new_doc, new.node.get("headers"), join(new.pointer, "headers"), fold_case=True)
    for header, old_header, new_header in paired(old_headers, new_headers):
        if header == "content-type":
            continue
        if new_header is None and old_header is not None:
            ctx.report(RULES["response-header-removed"], old_header.pointer, new.pointer, header=header, status=status)
        elif old_header is None and new_header is not None:
            ctx.report(RULES["response-header-added"], old.pointer, new_header.pointer, header=header, status=status)
        elif old_header is not None and new_header is not None:
            if old_header.node.get("required") is True and new_header.node.get("required") is not True:
                rule = RULES["response-header-became-optional"]
                ctx.report(rule, old_header.pointer, new_header.pointer, header=header, status=status)
            if "schema" in old_header.node and "schema" in new_header.node:
                ctx.schema(
                    old_header.node["schema"],
                    join(old_header.pointer, "schema"),
                    new_header.node["schema"],
                    join(new_header.pointer, "schema"),
                    RESPONSE,
                )


def check(op: OperationPair, ctx: Context) -> None:
    old_responses = member(op.old.node, op.old.pointer, "responses")
    new_responses = member(op.new.node, op.new.pointer, "responses")
    for status, (old, new) in op.responses.items():
        if old is not None and new is not None:
            _headers(op, old, new, status, ctx)
        elif old is not None and _success(status):
            ctx.report(RULES["response-success-status-removed"], old.pointer, new_responses, status=status)
        elif new is not None and _success(status):
            ctx.report(RULES["response-success-status-added"], old_responses, new.pointer, status=status)
