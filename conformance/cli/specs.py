"""`invoice-conformance specs`: the bundled APIs with version and operation count."""

from __future__ import annotations

import click

from conformance.spec.catalog import catalog, markdown_table


@click.command()
@click.option("--markdown", is_flag=True, help="Print the specs/README.md table instead.")
def specs(markdown: bool) -> None:
    """List the bundled API specs."""
    rows = catalog()
    if markdown:
        click.echo(markdown_table(rows))
        return
    width = max((len(r.api_id) for r in rows), default=3)
    click.echo(f"{'API':<{width}}  {'VERSION':<12}  OPS  ASSUMPTIONS  TITLE")
    for r in rows:
        click.echo(f"{r.api_id:<{width}}  {r.version:<12}  {r.operations:>3}  {r.assumptions:>11}  {r.title}")
