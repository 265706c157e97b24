"""`invoice-conformance serve`: the stateful reference server for every bundled API."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=0, show_default=True, type=click.IntRange(0, 65535), help="Port; 0 picks a free one.")
@click.option(
    "--db",
    "database",
    default=":memory:",
    show_default=True,
    help="SQLite file to keep invoices in across restarts, or :memory:.",
)
def serve(host: str, port: int, database: str) -> None:
    """Serve all bundled invoice APIs and print each one's base URL; stop with Ctrl-C or SIGTERM."""
    # Imported here so `invoice-conformance --help` stays fast and the CLI does not load the server.
    from conformance.embedded import serve as run

    run(host, port, database)
