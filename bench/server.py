"""Reference server vs Prism's mock, side by side on the Stripe spec: req/s and p50/p99 latency.

    python bench/server.py [--requests 3000] [--concurrency 16] [--time-cap 20]

Bounded: a fixed number of requests per scenario and a time cap; loopback only; every server it starts
is stopped before it exits. Scenarios: GET one invoice, list invoices, create an invoice. Prism
(`@stoplight/prism-cli`, `prism mock specs/stripe/openapi.yaml`) is used when `prism` or `npx` finds it;
otherwise only our numbers are printed, with a note.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._peers import free_port, peer_process, prism_command  # noqa: E402

SPEC = REPO / "specs" / "stripe" / "openapi.yaml"
KEY = "sk_test_" + "bench0000000000000000"
AUTH = "Basic " + base64.b64encode(f"{KEY}:".encode()).decode()
CREATE_BODY = b"customer=cus_Q3yRf2kVb8TnLp&currency=usd&collection_method=send_invoice&days_until_due=30"


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    body: bytes = b""


@dataclass(frozen=True)
class Result:
    done: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _request(host: str, scenario: Scenario, base: str) -> bytes:
    lines = [
        f"{scenario.method} {base}{scenario.path} HTTP/1.1",
        f"Host: {host}",
        f"Authorization: {AUTH}",
        "Accept: application/json",
    ]
    if scenario.body:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(scenario.body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + scenario.body


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        elif name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return status


async def _load(url: str, scenario: Scenario, requests: int, concurrency: int, cap: float) -> Result:
    """Keep-alive connections, each sending its share of requests back to back (a raw client, so the
    generator costs little next to the servers)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    payload = _request(f"{host}:{port}", scenario, parts.path)
    latencies: list[float] = []
    errors = 0
    remaining = requests
    deadline = time.perf_counter() + cap

    async def worker() -> None:
        nonlocal remaining, errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                started = time.perf_counter()
                writer.write(payload)
                status = await _read_response(reader)
                latencies.append(time.perf_counter() - started)
                errors += status >= 400
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Result(len(latencies), errors, time.perf_counter() - started, latencies)


def _ours_invoice_id(url: str) -> str:
    """Create one invoice on our server to GET (Prism answers any id with its example)."""
    import json
    import urllib.request

    request = urllib.request.Request(
        url + "/invoices",
        data=CREATE_BODY,
        headers={"Authorization": AUTH, "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["id"])


def _report(target: str, name: str, result: Result) -> None:
    print(
        f"{target:<10} {name:<8} {result.rate:>9.0f} req/s   p50 {result.percentile(0.5):7.2f} ms"
        f"   p99 {result.percentile(0.99):7.2f} ms   ({result.done} requests, {result.errors} errors)"
    )


def _run(url: str, target: str, invoice_id: str, args: argparse.Namespace) -> dict[str, Result]:
    scenarios = [
        Scenario("get", "GET", f"/invoices/{invoice_id}"),
        Scenario("list", "GET", "/invoices?limit=10"),
        Scenario("create", "POST", "/invoices", CREATE_BODY),
    ]
    results = {}
    for scenario in scenarios:
        asyncio.run(_load(url, scenario, min(200, args.requests), args.concurrency, args.time_cap))  # warm-up
        results[scenario.name] = asyncio.run(_load(url, scenario, args.requests, args.concurrency, args.time_cap))
        _report(target, scenario.name, results[scenario.name])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000, help="requests per scenario (default 3000)")
    parser.add_argument("--concurrency", type=int, default=16, help="keep-alive connections (default 16)")
    parser.add_argument("--time-cap", type=float, default=20.0, help="seconds per scenario at most (default 20)")
    args = parser.parse_args()

    ours_port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "reference_server", "--port", str(ours_port), "--db", f"{tmp}/bench.db"]
        with peer_process(command, ours_port, 30):
            url = f"http://127.0.0.1:{ours_port}/stripe/v1"
            ours = _run(url, "reference", _ours_invoice_id(url), args)

    prism_port = free_port()
    prism = prism_command(prism_port, SPEC)
    if prism is None:
        print("prism: not available (npm install -g @stoplight/prism-cli); only our numbers are shown")
        return
    with peer_process(prism, prism_port, 60):
        # Prism serves the spec's paths at its root, without the server URL's /v1.
        theirs = _run(f"http://127.0.0.1:{prism_port}", "prism", "in_1PDqRZLkdIwHu7ixeF2QYtJZ", args)
    for name in ours:
        ratio = ours[name].rate / theirs[name].rate if theirs[name].rate else float("inf")
        print(f"ratio {name:<8} {ratio:5.2f}x  (reference req/s / prism req/s)")


if __name__ == "__main__":
    main()
