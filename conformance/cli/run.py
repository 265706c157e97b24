"""`invoice-conformance run`: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from conformance.config import load_config
from conformance.engine.runner import run as run_engine
from conformance.model.profiles import PROFILE_NAMES
from conformance.reporting.writer import ReportHandler

from .output import ProgressHandler


@click.command()
@click.option("--api", "apis", multiple=True, metavar="NAME", help="Bundled API to test (repeatable; default: all).")
@click.option("--spec", "specs", multiple=True, type=click.Path(dir_okay=False), help="Spec file to test (repeatable).")
@click.option(
    "--base-url",
    help="Target base URL incl. the spec's server path; {api} is replaced by the API id. "
    "Default: the embedded reference server.",
)
@click.option("--auth", help="API key of the tenant under test (env: INVOICE_CONFORMANCE_AUTH).")
@click.option("--auth-other", help="A second tenant's key, for isolation checks.")
@click.option("--profile", type=click.Choice(PROFILE_NAMES), help="How hard to hammer (default: standard).")
@click.option("--seed", type=int, help="Seed for reproducible generation.")
@click.option("--max-examples", type=int, help="Examples per operation (overrides the profile).")
@click.option("--workers", type=int, help="Worker processes for the schema phases (default: one per usable CPU).")
@click.option("--checks", help="Comma-separated check ids to run (default: all).")
@click.option("--exclude-checks", help="Comma-separated check ids to skip.")
@click.option("--report-dir", type=click.Path(file_okay=False), help="Where run folders go (default: reports).")
@click.option("--junit-xml", type=click.Path(dir_okay=False), help="Also write JUnit XML here.")
@click.option("--shard", help="Run only shard K of N (K/N); merge with `report merge`.")
@click.option("--allow-live", is_flag=True, default=None, help="Permit keys that look live.")
@click.option("--timeout", type=float, help="Per-request timeout in seconds (default: 10).")
@click.option("-q", "--quiet", is_flag=True, help="Only the final verdict line.")
@click.pass_context
def run(ctx: click.Context, /, quiet: bool, specs: tuple[str, ...], apis: tuple[str, ...], **options: Any) -> None:
    """Run the conformance suite against a target (default: the embedded reference server, every bundled API).

    Exit codes: 0 conformant, 1 conformance failures, 2 usage, spec or unreachable-target errors.
    """
    options["apis"] = tuple(apis) + tuple(specs)
    config = load_config(options)
    reports = ReportHandler(Path(config.report_dir), config.junit_xml, echo=click.echo)
    progress = ProgressHandler(quiet=quiet)
    report = run_engine(config, [progress, reports])
    if reports.written is not None:
        click.echo(f"reports: {reports.written}", err=True)
    ctx.exit(report.exit_code)
