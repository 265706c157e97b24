"""Faults that swap or add a pipeline step: auth, idempotency, validation and crashes on some input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace

from conformance.spec import Spec

from ..domain.errors import DomainError, Unauthenticated
from ..domain.idempotency import fingerprint
from ..domain.invoices import Context
from ..pipeline import DEFAULT_STEPS, Call, Handler, Reply, Step, authenticate, idempotent, validate
from . import Injection, fault


def _server_error(call: Call) -> DomainError:
    return DomainError(f"Internal error in {call.endpoint.operation.operation_id}.", status=500)


def _swapped(old: Step, new: Step | None) -> Injection:
    """The default pipeline with `old` replaced by `new`, or left out."""
    steps = [new if step is old else step for step in DEFAULT_STEPS]
    return Injection(steps=tuple(step for step in steps if step is not None))


def _inserted(step: Step, *, before: Step) -> Injection:
    steps = list(DEFAULT_STEPS)
    steps.insert(steps.index(before), step)
    return Injection(steps=tuple(steps))


@fault("auth-ignored", "auth_required schema.ignored_auth")
def _auth_ignored(spec: Spec) -> Injection:
    """requests without valid credentials are served as an anonymous tenant"""

    def anyone(call: Call, next_: Handler) -> Reply:
        try:
            call.context = Context(call.api.auth.tenant(call.inputs.headers))
        except Unauthenticated:
            call.context = Context("0" * 32)  # shaped like a real tenant id (a hex digest)
        return next_(call)

    return _swapped(authenticate, anyone)


@fault("idempotency-ignored", "idempotent_replay idempotent_concurrency", lambda spec: spec.x.idempotency is not None)
def _idempotency_ignored(spec: Spec) -> Injection:
    """idempotency keys are ignored: a replay creates a second invoice"""
    return _swapped(idempotent, None)


@fault("idempotency-mismatch-accepted", "idempotency_key_mismatch", lambda spec: spec.x.idempotency is not None)
def _mismatch_accepted(spec: Spec) -> Injection:
    """a key reused with a different request replays the first response instead of the mismatch error"""

    def by_key_only(call: Call, next_: Handler) -> Reply:
        keys = call.api.idempotency
        key = call.inputs.headers.get(keys.declared.header.lower()) if keys else None
        if keys is None or key is None or call.endpoint.operation.method.upper() not in keys.declared.methods:
            return next_(call)
        # A fingerprint without path or body: any request with a known key counts as "the same".
        same = fingerprint(call.endpoint.operation.operation_id, {}, None)
        return keys.run(call.context.tenant, key, same, lambda: next_(call))

    return _swapped(idempotent, by_key_only)


def _server_error_when(broken: Callable[[Call], bool]) -> Injection:
    """A step, ahead of idempotency, that fails with 500 on the calls `broken` picks."""

    def crash(call: Call, next_: Handler) -> Reply:
        if broken(call):
            raise _server_error(call)
        return next_(call)

    return _inserted(crash, before=idempotent)


@fault("unicode-500", "schema.not_a_server_error")
def _unicode_500(spec: Spec) -> Injection:
    """any non-ASCII text in the parameters or the body makes the handler fail with 500"""
    return _server_error_when(
        lambda call: not json.dumps([call.params, call.body], ensure_ascii=False, default=str).isascii()
    )


@fault("server-error-at-limit-maximum", "schema.not_a_server_error pagination_walk tenant_isolation")
def _limit_500(spec: Spec) -> Injection:
    """listing with the largest documented page size fails with 500 (an off-by-one buffer)"""
    limit = spec.x.pagination.limit
    return _server_error_when(lambda call: call.params.get(limit.parameter) == limit.maximum)


@fault("limit-out-of-range-accepted", "pagination_limits schema.invalid_request_rejected")
def _limit_clamped(spec: Spec) -> Injection:
    """page sizes outside the documented range are clamped into it instead of refused"""
    limit = spec.x.pagination.limit

    def clamp(value: str) -> str:
        return str(min(max(int(value), limit.minimum), limit.maximum)) if re.fullmatch(r"-?\d+", value) else value

    def clamp_limit(call: Call, next_: Handler) -> Reply:
        query = [(k, clamp(v) if k == limit.parameter else v) for k, v in call.inputs.query]
        call.inputs = replace(call.inputs, query=query)
        return next_(call)

    return _inserted(clamp_limit, before=validate)
