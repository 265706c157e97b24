"""The `invoice-conformance` command line: a leaf that nothing else imports."""

from __future__ import annotations

import sys

import click

from conformance import __version__
from conformance.errors import ConformanceError

from .diff import diff
from .lint import lint
from .report import report
from .run import run
from .selftest import selftest
from .serve import serve
from .specs import specs


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="invoice-conformance")
def cli() -> None:
    """Conformance suite for invoice APIs."""


for command in (run, lint, specs, report, serve, diff, selftest):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: known errors become one line and an exit code, never a traceback."""
    try:
        rc = cli.main(args=argv, prog_name="invoice-conformance", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code == 2 else exc.exit_code)
    except ConformanceError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    sys.exit(rc if isinstance(rc, int) else 0)
