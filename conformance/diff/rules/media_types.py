"""Media types of request bodies and responses; schemas under shared media types are compared.

A client keeps sending the media type it was built for, and keeps expecting the one it parses.
"""

from __future__ import annotations

from ..context import Context
from ..model import Action, Direction, Level, Location, Rule
from ..operation import OperationPair, Side, content
from ..refs import Document, join
from .base import REQUEST, RESPONSE, table

_B = Location.BODY

RULES = table(
    Rule("request-media-type-removed", Level.BREAKING, REQUEST, _B, Action.REMOVE, "{media} removed from {where}"),
    Rule("request-media-type-added", Level.INFO, REQUEST, _B, Action.ADD, "{media} added to {where}"),
    Rule("response-media-type-removed", Level.BREAKING, RESPONSE, _B, Action.REMOVE, "{media} removed from {where}"),
    Rule("response-media-type-added", Level.INFO, RESPONSE, _B, Action.ADD, "{media} added to {where}"),
)


def _compare(
    docs: tuple[Document, Document], old: Side, new: Side, direction: Direction, where: str, ctx: Context
) -> None:
    old_media, new_media = content(docs[0], old), content(docs[1], new)
    for media, old_side in old_media.items():
        new_side = new_media.get(media)
        if new_side is None:
            ctx.report(
                RULES[f"{direction}-media-type-removed"], old_side.pointer, new.pointer, media=media, where=where
            )
        elif "schema" in old_side.node and "schema" in new_side.node:
            ctx.schema(
                old_side.node["schema"],
                join(old_side.pointer, "schema"),
                new_side.node["schema"],
                join(new_side.pointer, "schema"),
                direction,
            )
    for media, new_side in new_media.items():
        if media not in old_media:
            ctx.report(RULES[f"{direction}-media-type-added"], old.pointer, new_side.pointer, media=media, where=where)


def check(op: OperationPair, ctx: Context) -> None:
    docs = (op.old_doc, op.new_doc)
    old_body, new_body = op.request_bodies
    if old_body is not None and new_body is not None:
        _compare(docs, old_body, new_body, REQUEST, "the request body", ctx)
    for status, (old, new) in op.responses.items():
        if old is not None and new is not None:
            _compare(docs, old, new, RESPONSE, f"the {status} response", ctx)
