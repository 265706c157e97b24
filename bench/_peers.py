"""Peers the benches run beside us: processes on free loopback ports, always stopped; Prism's mock."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: Callable[[], int], alive: Callable[[], bool], timeout: float) -> None:
    """Until something listens on loopback `port()` (0: not known yet), while `alive()` says the server runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError("server exited during startup")
        if not port():
            time.sleep(0.02)
            continue
        try:
            with socket.create_connection(("127.0.0.1", port()), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port()} after {timeout}s")


@contextmanager
def peer_process(command: list[str], port: int, timeout: float) -> Iterator[None]:
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_for_port(lambda: port, lambda: process.poll() is None, timeout)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def prism_command(port: int, spec: Path) -> list[str] | None:
    if shutil.which("prism"):
        return ["prism", "mock", str(spec), "--host", "127.0.0.1", "--port", str(port), "--errors", "false"]
    if shutil.which("npx"):
        probe = subprocess.run(["npx", "--no-install", "prism", "--version"], capture_output=True, timeout=60)
        if probe.returncode == 0:
            return ["npx", "--no-install", "prism", "mock", str(spec), "--host", "127.0.0.1", "--port", str(port)]
    return None
