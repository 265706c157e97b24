"""`invoice-conformance diff OLD NEW`: classify the changes between two spec versions, for CI gates."""

from __future__ import annotations

from pathlib import Path

import click

from conformance.diff import FORMATS, Level, apply_ignore, diff_sides, load_ignore, render
from conformance.errors import EXIT_FAILURES, EXIT_OK, UsageError

_FAIL_ON = {"breaking": Level.BREAKING, "warning": Level.WARNING, "never": None}


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "format_name", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(tuple(_FAIL_ON)),
    default="breaking",
    show_default=True,
    help="Exit 1 when a finding is at least this level.",
)
@click.option(
    "--ignore",
    "ignore_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML list of accepted findings: rule, operation or path, reason.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.pass_context
def diff(
    ctx: click.Context,
    old: str,
    new: str,
    format_name: str,
    fail_on: str,
    ignore_file: Path | None,
    output: Path | None,
) -> None:
    """Compare OLD and NEW specs and report breaking changes.

    Each side is a file (YAML or JSON, OpenAPI 3.0 or 3.1), a bundled API (`stripe`, `flowglad@2`) or a
    git revision `REV:path`. Exit codes: 0 no finding at the --fail-on level, 1 some, 2 bad input.
    """
    entries = load_ignore(ignore_file) if ignore_file is not None else []
    result = apply_ignore(diff_sides(old, new), entries)
    report = render(format_name, result)
    if output is not None:
        try:
            output.write_text(report, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    else:
        click.echo(report, nl=False)
    ctx.exit(EXIT_FAILURES if result.fails(_FAIL_ON[fail_on]) else EXIT_OK)
