"""`invoice-conformance selftest`: run the suite against broken reference servers and print the kill table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from conformance.model.profiles import PROFILE_NAMES

if TYPE_CHECKING:
    from conformance.selftest import Fault, Outcome, SelftestReport
    from conformance.spec import Spec


@click.command()
@click.option("--api", "apis", multiple=True, metavar="NAME", help="API to break (repeatable; default: all).")
@click.option("--fault", "faults", multiple=True, metavar="ID", help="Fault to inject (repeatable; default: all).")
@click.option("--profile", type=click.Choice(PROFILE_NAMES), default="quick", show_default=True, help="Suite profile.")
@click.option("--seed", type=int, help="Seed for every run (default: the selftest's fixed seed).")
@click.option("--jobs", type=click.IntRange(1), default=2, show_default=True, help="Runs in parallel (processes).")
@click.option("--all-checks", is_flag=True, help="Schema phases for every fault, not only schema-level ones.")
@click.option("--list", "list_only", is_flag=True, help="List the faults and the APIs each applies to, then exit.")
@click.option("--markdown", is_flag=True, help="Print the kill table as Markdown.")
@click.pass_context
def selftest(
    ctx: click.Context,
    /,
    apis: tuple[str, ...],
    faults: tuple[str, ...],
    profile: str,
    seed: int | None,
    jobs: int,
    all_checks: bool,
    list_only: bool,
    markdown: bool,
) -> None:
    """Prove the suite catches bugs: each fault x API gets a broken reference server and a full suite run.

    Exit codes: 0 every fault killed, 1 some fault survived, 2 errors (a failing baseline, a crashed run).
    """
    # Imported here so `invoice-conformance --help` does not load the reference server.
    from conformance import selftest as st

    if list_only:
        _list(*st.plan(apis, faults))
        return
    chosen_seed = st.SEED if seed is None else seed
    report = st.selftest(
        apis, faults, profile=profile, seed=chosen_seed, jobs=jobs, all_checks=all_checks, progress=_progress
    )
    if markdown:
        click.echo(report.markdown(), nl=False)
    else:
        _print(report)
    ctx.exit(report.exit_code)


def _progress(outcome: Outcome) -> None:
    job = outcome.job
    click.echo(f"  {job.fault} on {job.api}: {len(outcome.failed)} failure(s) in {outcome.seconds:.0f} s", err=True)


def _list(specs: list[Spec], faults: list[Fault]) -> None:
    width = max(len(f.id) for f in faults)
    for fault in faults:
        applies = ", ".join(s.api_id for s in specs if fault.applies(s)) or "no API"
        click.echo(f"{fault.id:<{width}}  {fault.description}")
        click.echo(f"{'':<{width}}  applies to {applies}; expected to be caught by {', '.join(fault.caught_by)}")


def _print(report: SelftestReport) -> None:
    """One line per fault x API: plain enough for CI logs, with survivors and errors in colour on a terminal."""
    width = max((len(f) for f in report.faults), default=0)
    for fault in report.faults:
        for api in report.apis:
            cell = report.cell(fault, api)
            if cell is None:
                continue
            colour = "green" if cell.killed else "red" if cell.survived else "yellow"
            click.echo(f"{fault:<{width}}  {api:<10}  " + click.style(cell.verdict, fg=colour))
    for error in report.errors:
        click.echo(click.style("error: ", fg="yellow") + error)
    summary = f"{report.summary} (profile {report.profile}, seed {report.seed}, {report.seconds:.0f} s)"
    click.echo(click.style(summary, bold=True))
