"""Broken variants of the reference server, one named fault each, for `invoice-conformance selftest`.

A fault never edits the core: it hands `create_app` other pipeline steps (one swapped or added step, which
may rewrite the replies of some operations, errors included) or an `InvoiceService` subclass overriding one
domain method. What a fault touches (fields, operations, statuses) and which APIs it applies to come from
the spec's `x-` blocks, so a new API's spec gets the same faults with no code change. A fault's docstring is
its description; `caught_by` documents which checks should notice, and the selftest measures which do.
The faults live by family in `replies`, `steps` and `services`; `declared` reads what a spec allows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from conformance.spec import Spec

from ..adapters import ADAPTERS
from ..api import ServiceFactory
from ..domain.invoices import InvoiceService
from ..pipeline import DEFAULT_STEPS, Step


@dataclass(frozen=True)
class Injection:
    """What a fault changes, as `create_app` keyword arguments (the defaults are the unbroken server)."""

    steps: Sequence[Step] = DEFAULT_STEPS
    service: ServiceFactory = InvoiceService


@dataclass(frozen=True)
class Fault:
    id: str
    description: str
    caught_by: tuple[str, ...]
    applies: Callable[[Spec], bool]
    inject: Callable[[Spec], Injection]

    def app_options(self, spec: Spec) -> dict[str, Any]:
        """`running_server` options serving only `spec`'s API, broken by this fault."""
        injection = self.inject(spec)
        return {
            "adapters": {spec.api_id: ADAPTERS[spec.api_id]},
            "steps": injection.steps,
            "service": injection.service,
        }


FAULTS: dict[str, Fault] = {}
Breaker = TypeVar("Breaker", bound=Callable[..., Any])


def fault(
    fault_id: str, caught_by: str, applies: Callable[[Spec], bool] = lambda spec: True
) -> Callable[[Breaker], Breaker]:
    """Register a function `spec -> Injection`, or an `InvoiceService` subclass, as the fault `fault_id`."""

    def register(breaker: Breaker) -> Breaker:
        if isinstance(breaker, type):
            service: ServiceFactory = breaker

            def inject(spec: Spec) -> Injection:
                return Injection(service=service)
        else:
            inject = breaker
        description = " ".join((breaker.__doc__ or "").split())
        if fault_id in FAULTS:
            raise ValueError(f"fault {fault_id!r} is registered twice")
        FAULTS[fault_id] = Fault(fault_id, description, tuple(caught_by.split()), applies, inject)
        return breaker

    return register


# Registered on import, in this order (the selftest's table order): reply rewrites, pipeline steps, services.
from . import replies, steps, services  # noqa: E402, F401, I001

__all__ = ["FAULTS", "Fault", "Injection", "fault"]
