"""Security requirements: which credentials an operation accepts.

`security` lists alternatives (any one suffices), each a set of schemes that must all be satisfied.
A missing or empty list is the anonymous alternative `{}`, so "auth became required" is simply the
anonymous alternative disappearing. Alternatives match by their set of scheme names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import Context
from ..model import Action, Level, Location, Rule
from ..operation import OperationPair, OperationRef
from ..refs import Document, join, listing, mapping, member
from .base import REQUEST, table

_B, _I = Level.BREAKING, Level.INFO
_S = Location.SECURITY

RULES = table(
    Rule("security-requirement-added", _B, REQUEST, _S, Action.ADD, "authentication is now required"),
    Rule("security-requirement-removed", _I, REQUEST, _S, Action.REMOVE, "authentication is now optional"),
    Rule("security-alternative-removed", _B, REQUEST, _S, Action.REMOVE, "security alternative {schemes} removed"),
    Rule("security-alternative-added", _I, REQUEST, _S, Action.ADD, "security alternative {schemes} added"),
    Rule("security-scope-added", _B, REQUEST, _S, Action.SPECIALIZE, "scheme {scheme} now also needs scopes {scopes}"),
    Rule(
        "security-scope-removed", _I, REQUEST, _S, Action.GENERALIZE, "scheme {scheme} no longer needs scopes {scopes}"
    ),
    Rule("security-scheme-changed", _B, REQUEST, _S, Action.CHANGE, "security scheme {scheme} changed: {old} -> {new}"),
)

# The fields of a scheme that decide what a client must send.
_SCHEME_FIELDS = ("type", "scheme", "in", "name")
Alternatives = dict[frozenset[str], dict[str, frozenset[str]]]


def _effective(doc: Document, op: OperationRef) -> tuple[Alternatives, str]:
    if "security" in op.node:
        raw, pointer = op.node["security"], join(op.pointer, "security")
    else:
        raw, pointer = doc.root.get("security"), "/security" if "security" in doc.root else op.pointer
    alternatives: Alternatives = {}
    for requirement in listing(raw) or [{}]:
        if isinstance(requirement, Mapping):
            scopes = {str(name): frozenset(map(str, listing(value))) for name, value in requirement.items()}
            alternatives[frozenset(scopes)] = scopes
    return alternatives or {frozenset(): {}}, pointer


def _scheme(doc: Document, name: str) -> tuple[dict[str, Any], str]:
    schemes = mapping(mapping(doc.root.get("components")).get("securitySchemes"))
    node, pointer = doc.resolve(schemes.get(name) or {}, member(schemes, "/components/securitySchemes", name))
    fields = {key: str(node.get(key, "")).lower() for key in _SCHEME_FIELDS} if isinstance(node, Mapping) else {}
    return {key: value for key, value in fields.items() if value}, pointer


def _names(names: frozenset[str]) -> str:
    return "{" + ", ".join(sorted(names)) + "}"


def check(op: OperationPair, ctx: Context) -> None:
    old, old_pointer = _effective(op.old_doc, op.old)
    new, new_pointer = _effective(op.new_doc, op.new)
    anonymous = frozenset[str]()
    if anonymous in old and anonymous not in new:
        ctx.report(RULES["security-requirement-added"], old_pointer, new_pointer)
    elif anonymous in new and anonymous not in old:
        ctx.report(RULES["security-requirement-removed"], old_pointer, new_pointer)
    else:
        # With anonymous access still allowed, dropping a credential alternative hurts nobody.
        if anonymous not in new:
            for names in sorted(old.keys() - new.keys(), key=sorted):
                ctx.report(RULES["security-alternative-removed"], old_pointer, new_pointer, schemes=_names(names))
        for names in sorted(new.keys() - old.keys(), key=sorted):
            ctx.report(RULES["security-alternative-added"], old_pointer, new_pointer, schemes=_names(names))
    for names in old.keys() & new.keys():
        for scheme in sorted(names):
            before, after = old[names][scheme], new[names][scheme]
            for rule_id, scopes in (
                ("security-scope-added", after - before),
                ("security-scope-removed", before - after),
            ):
                if scopes:
                    ctx.report(RULES[rule_id], old_pointer, new_pointer, scheme=scheme, scopes=_names(scopes))
    for scheme in sorted({name for names in old.keys() & new.keys() for name in names}):
        (old_fields, old_at), (new_fields, new_at) = _scheme(op.old_doc, scheme), _scheme(op.new_doc, scheme)
        if old_fields != new_fields:
            shown_old = " ".join(old_fields.values()) or "undefined"
            shown_new = " ".join(new_fields.values()) or "undefined"
            ctx.report(RULES["security-scheme-changed"], old_at, new_at, scheme=scheme, old=shown_old, new=shown_new)
