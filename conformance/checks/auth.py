"""Auth and tenancy: no operation answers without valid credentials; one tenant never sees another's invoices."""

from __future__ import annotations

import copy

from conformance.transport.auth import auth_headers

from .context import CheckContext
from .preconditions import needs_second_tenant
from .registry import check


def _bad_credentials(ctx: CheckContext) -> dict[str, dict[str, str]]:
    """Missing, malformed, and well-formed-looking keys of the wrong shape, each sent in the API's own scheme."""
    scheme_header = next(iter(ctx.target.headers))
    return {
        "no credentials": {},
        "malformed credentials": {scheme_header: "%%% not a key %%%"},
        "key of the wrong shape": auth_headers(ctx.spec, "xx_test_" + ctx.target.key[-16:]),
    }


@check
def auth_required(ctx: CheckContext) -> None:
    """Every operation rejects missing, malformed and wrongly shaped credentials with the declared 401, also
    where the id is of the right shape, so that a lookup before the key check cannot hide behind a 404."""
    unknown_id = ctx.unknown_id()
    for label, headers in _bad_credentials(ctx).items():
        client = ctx.new_client(headers)
        for operation_id, operation in sorted(ctx.spec.operations.items()):
            needs_id = "{" in operation.path
            body = ctx.create_body() if operation_id == ctx.x.resource.operations["create"] else None
            answer = ctx.call(operation_id, unknown_id if needs_id else None, body=body, client=client)
            ctx.expect_error(answer, ctx.x.auth.unauthenticated, f"accepted {label}", operation_id)


@check
@needs_second_tenant
def tenant_isolation(ctx: CheckContext) -> None:
    """A second tenant cannot retrieve, list, update or act on the first tenant's invoice (404, never 403)."""
    invoice_id, _ = ctx.create_invoice()
    other = ctx.other
    ops = ctx.x.resource.operations
    not_found = ctx.x.errors.not_found
    ctx.expect_error(ctx.retrieve(invoice_id, client=other), not_found, "other tenant can read", ops["retrieve"])
    listing = ctx.call(
        ops["list"], client=other, query={ctx.x.pagination.limit.parameter: ctx.x.pagination.limit.maximum}
    )
    ctx.expect(listing, 200, "other tenant cannot list", ops["list"])
    items = ctx.list_items(listing)
    if any(isinstance(i, dict) and i.get(ctx.x.resource.id_field) == invoice_id for i in items):
        raise ctx.fail("other tenant can list", f"{invoice_id} appears in another tenant's list", listing)
    if "update" in ops and ctx.x.resource.update_example:
        body = copy.deepcopy(ctx.spec.example(ctx.x.resource.update_example))
        ctx.expect_error(
            ctx.call(ops["update"], invoice_id, body=body, client=other),
            not_found,
            "other tenant can update",
            ops["update"],
        )
    for transition in ctx.x.lifecycle.transitions:
        answer = ctx.call(transition.operation, invoice_id, body=transition.body, client=other)
        ctx.expect_error(answer, not_found, "other tenant can act", transition.operation)
    owner_view = ctx.expect(ctx.retrieve(invoice_id), 200, "owner lost the invoice", ops["retrieve"])
    if ctx.status_of(owner_view) != ctx.x.lifecycle.initial:
        raise ctx.fail("other tenant changed state", f"status is now {ctx.status_of(owner_view)!r}", owner_view)
