"""The request pipeline every operation runs through, declared as data: a list of steps around a handler.

A step is `step(call, next_handler) -> Reply`; `DEFAULT_STEPS` is auth → tenant, request validation,
idempotency. Steps run synchronously once the body is read, so one request's storage transaction is never
interleaved with another's. A fault-injection variant passes its own list (or wraps one step) to
`create_app` without touching the core.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .domain.idempotency import Outcome, fingerprint
from .domain.invoices import Context
from .validation import Inputs

if TYPE_CHECKING:
    from .api import Api, Endpoint


@dataclass
class Call:
    """One request on its way through the steps; steps fill in `context`, `params` and `body`."""

    api: Api
    endpoint: Endpoint
    inputs: Inputs
    context: Context = field(default_factory=lambda: Context(""))
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None


Reply = Outcome
Handler = Callable[[Call], Reply]
Step = Callable[[Call, Handler], Reply]


def authenticate(call: Call, next_: Handler) -> Reply:
    """The API key becomes the tenant; everything after this step acts for that tenant only."""
    call.context = Context(call.api.auth.tenant(call.inputs.headers))
    return next_(call)


def validate(call: Call, next_: Handler) -> Reply:
    validator = call.endpoint.validator
    call.params = validator.parameters_of(call.inputs)
    call.body = validator.body_of(call.inputs)
    return next_(call)


def idempotent(call: Call, next_: Handler) -> Reply:
    keys = call.api.idempotency
    if keys is None or call.endpoint.operation.method.upper() not in keys.declared.methods:
        return next_(call)
    key = call.inputs.headers.get(keys.declared.header.lower())
    if key is None:
        return next_(call)
    print_ = fingerprint(call.endpoint.operation.operation_id, dict(call.inputs.path), call.body)
    return keys.run(call.context.tenant, key, print_, lambda: next_(call))


DEFAULT_STEPS: tuple[Step, ...] = (authenticate, validate, idempotent)


def chain(steps: Sequence[Step], handler: Handler) -> Handler:
    """`handler` wrapped by `steps`, the first step outermost."""
    wrapped = handler
    for step in reversed(steps):
        wrapped = _bind(step, wrapped)
    return wrapped


def _bind(step: Step, next_: Handler) -> Handler:
    def run(call: Call) -> Reply:
        return step(call, next_)

    return run
