"""Unknown ids are 404 in the API's error shape everywhere, including after delete (use-after-free)."""

from __future__ import annotations

from .context import CheckContext
from .preconditions import needs_delete
from .registry import check

UNKNOWN_ID = "does_not_exist_0000000000"


@check
def not_found_everywhere(ctx: CheckContext) -> None:
    """Every operation on an invoice id that does not exist answers the declared not-found error: an id of the
    shape the target issues (it reaches the lookup) and one of no shape at all (it may stop at validation)."""
    param = "{" + ctx.x.resource.id_parameter + "}"
    unknown = {"well-shaped": ctx.unknown_id(), "malformed": UNKNOWN_ID}
    for operation_id, operation in sorted(ctx.spec.operations.items()):
        if param not in operation.path:
            continue
        transition = ctx.x.lifecycle.transition(operation_id)
        body = transition.body if transition else None
        if operation_id == ctx.x.resource.operations.get("update") and ctx.x.resource.update_example:
            body = ctx.spec.example(ctx.x.resource.update_example)
        for shape, invoice_id in unknown.items():
            answer = ctx.call(operation_id, invoice_id, body=body)
            ctx.expect_error(answer, ctx.x.errors.not_found, f"{shape} unknown id not 404", operation_id)


@check
def validation_error_shape(ctx: CheckContext) -> None:
    """A create body that breaks the schema gets the declared validation error, in the error schema."""
    create = ctx.x.resource.operations["create"]
    answer = ctx.call(create, body={"definitely_not_a_field": {"nested": [1, 2, 3]}})
    ctx.expect_error(answer, ctx.x.errors.validation, "invalid body not rejected as declared", create)


@check
@needs_delete
def use_after_delete(ctx: CheckContext) -> None:
    """A deleted invoice is gone: retrieve and delete again answer not-found."""
    ops = ctx.x.resource.operations
    invoice_id, _ = ctx.create_invoice()
    ctx.expect(ctx.call(ops["delete"], invoice_id), {200, 204}, "delete failed", ops["delete"])
    ctx.expect_error(
        ctx.retrieve(invoice_id), ctx.x.errors.not_found, "deleted invoice still readable", ops["retrieve"]
    )
    ctx.expect_error(ctx.call(ops["delete"], invoice_id), ctx.x.errors.not_found, "deleted twice", ops["delete"])
