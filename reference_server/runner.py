"""The reference server embedded in a process: uvicorn in a background thread on a free loopback port.

    with running_server() as root:          # "http://127.0.0.1:PORT"
        httpx.get(root + "/stripe/v1/invoices", auth=("sk_test_x", ""))

The conformance engine uses this as its built-in target; tests use it for real HTTP round trips.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from .app import create_app
from .protocol import uvicorn_config

STARTUP_TIMEOUT = 10.0


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    """A socket bound to a free port (handing the socket to uvicorn avoids a port race).

    The explicit IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on sockets whose proto says TCP, and
    without it keep-alive responses stall ~40 ms on delayed ACKs.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        # Signals belong to the embedding process, not to a server thread.
        return None


@contextmanager
def running_server(database: str | Path | None = None, **app_options: Any) -> Iterator[str]:
    """Serve `create_app(database, **app_options)` until the block exits; yields the root URL.

    Without `database`, a fresh SQLite file in a temporary directory is used and removed afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="reference-server-") as tmp:
        app = create_app(database if database is not None else Path(tmp) / "invoices.db", **app_options)
        sock = free_socket()
        # Errors only: uvicorn warns about every request it refuses before the app runs, and the suite sends
        # such requests on purpose (schemathesis probes NUL bytes in headers); that would spam a CLI run.
        server = _Server(uvicorn_config(app, log_level="error", graceful_shutdown=2))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="reference-server", daemon=True)
        thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                sock.close()
                raise RuntimeError("reference server did not start")
            time.sleep(0.005)
        host, port = sock.getsockname()[:2]
        try:
            yield f"http://{host}:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=STARTUP_TIMEOUT)
            sock.close()
