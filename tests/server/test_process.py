"""The server as a process: `serve` prints base URLs, stops cleanly on SIGTERM, and survives `kill -9`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from conformance.spec import Spec
from tests.server.server_client import ApiClient

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from conformance.cli import main; main()", "serve"]


@contextmanager
def serving(database: Path, command: list[str] = CLI) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [*command, "--port", "0", "--db", str(database)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        urls = {}
        assert process.stdout is not None
        while len(urls) < 4:
            line = process.stdout.readline()
            assert line, f"server exited: {process.stderr.read() if process.stderr else ''}"
            api_id, _, url = line.strip().partition(": ")
            urls[api_id] = url
        yield process, urls
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()


def test_serve_prints_urls_and_stops_on_sigterm(tmp_path: Path) -> None:
    with serving(tmp_path / "db.sqlite", [sys.executable, "-m", "reference_server"]) as (process, urls):
        assert set(urls) == {"leanrails", "stripe", "floatless", "flowglad"}
        assert urls["flowglad"].endswith("/flowglad/api/v1") and urls["stripe"].endswith("/stripe/v1")
        assert httpx.get(urls["stripe"] + "/invoices").status_code == 401
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stderr is not None and "Traceback" not in process.stderr.read()


def test_acknowledged_writes_survive_kill_9(tmp_path: Path, specs: dict[str, Spec]) -> None:
    database = tmp_path / "durable.sqlite"
    acknowledged: dict[tuple[str, str], tuple[str, dict[str, object]]] = {}
    keys = {}
    with serving(database) as (process, urls), httpx.Client(timeout=10) as http:
        stop = threading.Event()

        def write() -> None:
            clients = [
                ApiClient(specs[api_id], http, url[: -len(f"/{api_id}{specs[api_id].server_path}")])
                for api_id, url in urls.items()
            ]
            keys.update({c.spec.api_id: c.key for c in clients})
            while not stop.is_set():
                for client in clients:
                    try:
                        document = client.call(
                            client.op("create"), client.create_body(), headers=client.idem_headers(), check=False
                        )
                        if document.is_success:
                            record = client.record(document.json())
                            acknowledged[(client.spec.api_id, client.id_of(record))] = (client.key, record)
                    except httpx.HTTPError:
                        return

        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + 10
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.kill()  # SIGKILL mid-stream: no shutdown hooks, no flush.
        stop.set()
        writer.join(timeout=10)
    assert len(acknowledged) >= 60
    with serving(database) as (_, urls), httpx.Client(timeout=10) as http:
        for (api_id, invoice_id), (key, record) in acknowledged.items():
            root = urls[api_id][: -len(f"/{api_id}{specs[api_id].server_path}")]
            client = ApiClient(specs[api_id], http, root, key)
            assert client.record(client.get(invoice_id)) == record
