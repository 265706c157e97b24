"""The check registry: built-ins and third-party checks (entry-point group `invoice_conformance.checks`)
register through the same decorator; a check's function name is its id in config, CLI and reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from conformance.errors import UsageError

if TYPE_CHECKING:
    from .context import CheckContext

CheckFunction = Callable[["CheckContext"], None]
ENTRY_POINT_GROUP = "invoice_conformance.checks"


@dataclass(frozen=True)
class RegisteredCheck:
    name: str
    function: CheckFunction
    description: str

    def __call__(self, ctx: CheckContext) -> None:
        self.function(ctx)


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, RegisteredCheck] = {}

    def register(self, function: CheckFunction) -> CheckFunction:
        name = function.__name__
        known = self._checks.get(name)
        if known is not None and known.function.__module__ != function.__module__:
            raise UsageError(f"check {name!r} is already registered by {known.function.__module__}")
        doc = (function.__doc__ or "").strip().splitlines()
        self._checks[name] = RegisteredCheck(name, function, doc[0] if doc else "")
        return function

    def all(self) -> list[RegisteredCheck]:
        return [self._checks[name] for name in sorted(self._checks)]

    def select(self, names: Iterable[str] = (), exclude: Iterable[str] = ()) -> list[RegisteredCheck]:
        wanted, unwanted = set(names), set(exclude)
        unknown = (wanted | unwanted) - set(self._checks) - {n for n in wanted | unwanted if n.startswith("schema")}
        if unknown:
            raise UsageError(f"unknown check(s): {', '.join(sorted(unknown))} (known: {', '.join(self._checks)})")
        return [c for c in self.all() if (not wanted or c.name in wanted) and c.name not in unwanted]


REGISTRY = Registry()
check = REGISTRY.register


def load_plugins() -> None:
    """Import built-in checks and every installed plugin module; importing registers them."""
    from . import builtin  # noqa: F401

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        entry.load()
