"""Spec diff: breaking-change detection between two OpenAPI 3.0/3.1 documents.

compare.py   the walk (operations, then each reached pair of `$ref`'d schemas once)
rules/       one module per rule family: its rule table and one `check`
formatters/  text, json, markdown, junit, github
load.py      files, bundled APIs, git revisions;  ignore.py  accepted findings
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from conformance.errors import SpecError

from .compare import compare
from .formatters import FORMATS, render
from .ignore import IgnoreEntry, apply_ignore, load_ignore
from .load import LoadedSpec, load_side
from .model import Action, DiffResult, Direction, Finding, Level, Location, Rule
from .rules import RULES

__all__ = [
    "FORMATS",
    "RULES",
    "Action",
    "DiffResult",
    "Direction",
    "Finding",
    "IgnoreEntry",
    "Level",
    "LoadedSpec",
    "Location",
    "Rule",
    "apply_ignore",
    "diff_documents",
    "diff_sides",
    "load_ignore",
    "load_side",
    "render",
]


def diff_documents(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    old_source: str = "old",
    new_source: str = "new",
    today: date | None = None,
) -> DiffResult:
    """Classify every change from `old` to `new`. `today` decides whether an `x-sunset` date has passed."""
    for source, document in ((old_source, old), (new_source, new)):
        if not isinstance(document, Mapping) or not str(document.get("openapi", "")).startswith("3."):
            raise SpecError(f"{source}: not an OpenAPI 3.x document")
    findings = compare(old, new, today or date.today())
    return DiffResult(old_source, new_source, tuple(findings))


def diff_sides(old: str, new: str, *, today: date | None = None) -> DiffResult:
    """Load both sides (path, bundled `api[@version]`, or git `REV:path`) and diff them."""
    before, after = load_side(old), load_side(new)
    return diff_documents(before.document, after.document, old_source=old, new_source=new, today=today)
