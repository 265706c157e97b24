"""`invoice-conformance lint [SPEC|API]...`"""

from __future__ import annotations

import click

from conformance.errors import EXIT_FAILURES, EXIT_OK
from conformance.spec.lint import lint_path
from conformance.spec.load import bundled_api_ids, spec_path


@click.command()
@click.argument("targets", nargs=-1, metavar="[SPEC|API]...")
@click.pass_context
def lint(ctx: click.Context, targets: tuple[str, ...]) -> None:
    """Validate specs: OpenAPI validity, the x- vocabulary, completeness and examples.

    With no argument, lints every bundled API. Exit 0 clean, 1 findings, 2 unreadable spec.
    """
    paths = [spec_path(t) for t in (targets or bundled_api_ids())]
    total = 0
    for path in paths:
        findings = lint_path(path)
        total += len(findings)
        for finding in findings:
            click.echo(str(finding))
        if not findings:
            click.echo(f"{path}: ok")
    ctx.exit(EXIT_FAILURES if total else EXIT_OK)
