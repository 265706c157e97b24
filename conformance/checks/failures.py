"""What a behavioural check raises."""

from __future__ import annotations

from conformance.transport.exchange import Exchange


class CheckFailed(AssertionError):
    """The target broke the behaviour the spec declares."""

    def __init__(self, title: str, message: str, *, operation: str = "*", exchanges: tuple[Exchange, ...] = ()) -> None:
        super().__init__(f"{title}: {message}")
        self.title, self.message, self.operation, self.exchanges = title, message, operation, exchanges


class CheckSkipped(Exception):
    """The check does not apply (the spec declares no such behaviour, or a needed input is missing)."""
