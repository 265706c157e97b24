"""Run the reference server in the foreground: bind, print each API's base URL, serve until SIGINT/SIGTERM."""

from __future__ import annotations

import signal
import socket
import sys
from pathlib import Path
from types import FrameType
from typing import TextIO

import uvicorn

from .app import create_app
from .protocol import uvicorn_config


def serve(host: str = "127.0.0.1", port: int = 0, database: str | Path = ":memory:", out: TextIO = sys.stdout) -> None:
    app = create_app(database)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only when the proto says TCP (see runner.free_socket).
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    # Listening before the URLs are printed: a client that reads them can connect at once.
    sock.listen(2048)
    bound_host, bound_port = sock.getsockname()[:2]
    shown_host = f"[{bound_host}]" if family == socket.AF_INET6 else bound_host
    for api in app.state.apis.values():
        print(f"{api.x.api_id}: http://{shown_host}:{bound_port}{api.prefix}", file=out)
    out.flush()
    # uvicorn traps SIGINT/SIGTERM, shuts down gracefully (lifespan closes the database), then re-raises the
    # signal to the handlers found before it: these make that a quiet exit 0 instead of a traceback.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _exit_quietly)
    try:
        uvicorn.Server(uvicorn_config(app, log_level="warning", graceful_shutdown=5)).run(sockets=[sock])
    finally:
        sock.close()


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
