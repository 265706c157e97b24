"""What a rule family may do while it runs: report a change, or hand a pair of schemas back to the walker."""

from __future__ import annotations

from typing import Any, Protocol

from .model import Direction, Rule


class Context(Protocol):
    def report(
        self,
        rule: Rule,
        old_pointer: str | None,
        new_pointer: str | None,
        /,
        *,
        operation: str | None = None,
        **fields: object,
    ) -> None:
        """Record `rule` at the two pointers; `fields` fill the rule's message template."""

    def schema(self, old: Any, old_pointer: str, new: Any, new_pointer: str, direction: Direction) -> None:
        """Compare two (possibly `$ref`) schemas; referenced pairs are queued and compared once."""
