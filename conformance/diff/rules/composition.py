"""`oneOf` / `anyOf` variants added or removed; matched variants are compared as schemas.

Variants are matched by identity first (the `$ref` target name, else `title`, else the declared type), then
leftovers pairwise in order when both sides have the same number left: that is how a `$ref` renamed to
an identical schema still matches. A request may accept more variants; a response that adds one is a
warning for clients that switch exhaustively over the variants.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..refs import is_ref, join
from ..schema import SchemaPair, same_type
from .base import REQUEST, RESPONSE, table

_S = Location.SCHEMA
_ADDED = "{direction} {keyword} variant {label} added"
_REMOVED = "{direction} {keyword} variant {label} removed"

RULES = table(
    Rule("request-variant-added", Level.INFO, REQUEST, _S, Action.GENERALIZE, _ADDED),
    Rule("request-variant-removed", Level.BREAKING, REQUEST, _S, Action.SPECIALIZE, _REMOVED),
    Rule("response-variant-added", Level.WARNING, RESPONSE, _S, Action.GENERALIZE, _ADDED),
    Rule("response-variant-removed", Level.INFO, RESPONSE, _S, Action.SPECIALIZE, _REMOVED),
)

KEYWORDS = ("oneOf", "anyOf")


class Variant(NamedTuple):
    raw: Any
    pointer: str
    position: int


def _identity(raw: Any) -> str:
    if is_ref(raw):
        return "ref:" + str(raw["$ref"]).rsplit("/", 1)[-1]
    if isinstance(raw, Mapping):
        title = raw.get("title")
        if isinstance(title, str):
            return "title:" + title
        declared = raw.get("type")
        if declared is not None:
            return "type:" + ("|".join(sorted(map(str, declared))) if isinstance(declared, list) else str(declared))
    return ""


def _label(variant: Variant) -> str:
    identity = _identity(variant.raw)
    return identity.split(":", 1)[1] if identity else f"#{variant.position}"


def match(old: list[Variant], new: list[Variant]) -> tuple[list[tuple[Variant, Variant]], list[Variant], list[Variant]]:
    """Pair variants; returns (matched pairs, removed, added)."""
    pending: dict[str, list[Variant]] = {}
    for variant in new:
        pending.setdefault(_identity(variant.raw), []).append(variant)
    pairs: list[tuple[Variant, Variant]] = []
    removed: list[Variant] = []
    for variant in old:
        candidates = pending.get(_identity(variant.raw))
        if candidates:
            pairs.append((variant, candidates.pop(0)))
        else:
            removed.append(variant)
    matched = {id(new_variant) for _, new_variant in pairs}
    added = [variant for variant in new if id(variant) not in matched]
    if len(removed) == len(added):
        pairs.extend(zip(removed, added, strict=True))
        return pairs, [], []
    return pairs, removed, added


def _variants(raw: Any, pointer: str) -> list[Variant]:
    if not isinstance(raw, list):
        return []
    return [Variant(item, join(pointer, index), index) for index, item in enumerate(raw)]


@same_type
def check(pair: SchemaPair, ctx: Context) -> None:
    direction = pair.direction
    for keyword in KEYWORDS:
        old_where, new_where = pair.old.at(keyword), pair.new.at(keyword)
        old, new = _variants(pair.old.get(keyword), old_where), _variants(pair.new.get(keyword), new_where)
        if not old and not new:
            continue
        pairs, removed, added = match(old, new)
        for old_variant, new_variant in pairs:
            ctx.schema(old_variant.raw, old_variant.pointer, new_variant.raw, new_variant.pointer, direction)
        fields = {"direction": direction, "keyword": keyword}
        for variant in removed:
            ctx.report(
                RULES[f"{direction}-variant-removed"], variant.pointer, new_where, label=_label(variant), **fields
            )
        for variant in added:
            ctx.report(RULES[f"{direction}-variant-added"], old_where, variant.pointer, label=_label(variant), **fields)
