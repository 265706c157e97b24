"""Shared by the bench scripts: the reference server wrapped in a request counter, in its own process.

Its own process so that neither side of a comparison shares an interpreter (and a GIL) with the server:
an in-process client would pay for the server's CPU time, a subprocess peer would not.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from bench._peers import wait_for_port


class Counting:
    def __init__(self, app: Any, count: Synchronized[int]) -> None:
        self.app, self.count = app, count

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            with self.count.get_lock():
                self.count.value += 1
        await self.app(scope, receive, send)


class Counter:
    """The server process' request count, readable and resettable from the bench."""

    def __init__(self, count: Synchronized[int]) -> None:
        self._count = count

    @property
    def count(self) -> int:
        return int(self._count.value)

    def reset(self) -> None:
        with self._count.get_lock():
            self._count.value = 0


def _serve(database: str, port: Any, count: Synchronized[int]) -> None:
    import uvicorn

    from reference_server import create_app
    from reference_server.protocol import uvicorn_config
    from reference_server.runner import free_socket

    sock = free_socket()
    port.value = sock.getsockname()[1]
    uvicorn.Server(
        uvicorn_config(Counting(create_app(database), count), log_level="critical", graceful_shutdown=1)
    ).run(sockets=[sock])


@contextlib.contextmanager
def counting_server(database: Path) -> Iterator[tuple[str, Counter]]:
    context = multiprocessing.get_context("spawn")
    count, port = context.Value("q", 0), context.Value("i", 0)
    process = context.Process(target=_serve, args=(str(database), port, count), daemon=True)
    process.start()
    try:
        wait_for_port(lambda: int(port.value), process.is_alive, timeout=30)
        yield f"http://127.0.0.1:{port.value}", Counter(count)
    finally:
        process.terminate()
        process.join(10)
