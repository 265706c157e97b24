"""Helpers shared by the rule families: rule tables keyed by id, and values rendered for messages."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..model import Direction, Rule

REQUEST = Direction.REQUEST
RESPONSE = Direction.RESPONSE
_LISTED = 8


def table(*rules: Rule) -> dict[str, Rule]:
    """A family's rules by id; a duplicate id is a programming error caught at import."""
    by_id: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in by_id:
            raise ValueError(f"duplicate diff rule id {rule.id!r}")
        by_id[rule.id] = rule
    return by_id


def show(value: Any) -> str:
    """A value as it would appear in the spec (JSON), for messages; absent is "none"."""
    if value is None:
        return "none"
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def show_all(values: Iterable[Any]) -> str:
    shown = [show(value) for value in values]
    if len(shown) > _LISTED:
        return ", ".join(shown[:_LISTED]) + f" (+{len(shown) - _LISTED} more)"
    return ", ".join(shown)
