"""Decorators that skip a check when the spec does not declare what it needs, so bodies hold only assertions."""

from __future__ import annotations

import functools
from collections.abc import Callable

from .context import CheckContext
from .failures import CheckSkipped

CheckFunction = Callable[[CheckContext], None]


def needs(predicate: Callable[[CheckContext], bool], reason: str) -> Callable[[CheckFunction], CheckFunction]:
    def decorate(function: CheckFunction) -> CheckFunction:
        @functools.wraps(function)
        def guarded(ctx: CheckContext) -> None:
            if not predicate(ctx):
                raise CheckSkipped(reason)
            function(ctx)

        return guarded

    return decorate


needs_idempotency = needs(lambda ctx: ctx.x.idempotency is not None, "the spec declares no x-idempotency")
needs_second_tenant = needs(lambda ctx: ctx.target.other_key is not None, "no second tenant key (--auth-other)")
needs_delete = needs(lambda ctx: "delete" in ctx.x.resource.operations, "the API has no delete operation")
