"""`invoice-conformance report merge DIR...`: one report from sharded runs."""

from __future__ import annotations

from pathlib import Path

import click

from conformance.reporting.writer import merge_reports, write_reports


@click.group()
def report() -> None:
    """Work with run reports."""


@report.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--report-dir", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def merge(ctx: click.Context, runs: tuple[Path, ...], report_dir: Path) -> None:
    """Merge shard run folders (or results.json files) into one report; exits with the merged verdict."""
    merged = merge_reports(list(runs))
    written = write_reports(merged, report_dir / merged.run_id)
    click.echo(f"merged {len(runs)} run(s): {written}")
    ctx.exit(merged.exit_code)
