"""Our engine vs plain `schemathesis run`: same spec, same server, same example budget, side by side.

    python bench/suite.py [--api floatless]... [--max-examples 20] [--seed 1]

For each API, prints requests/s for our engine (default workers: one process per core, and `--workers 1`
for what one process does) and for `schemathesis run` both as it comes and with `--workers auto` (its
threads), then the ratio of our default to the faster of the two. The reference server runs in a process
of its own, so that neither side shares an interpreter with it. Loopback only; stops by itself.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._counting import Counter, counting_server
from conformance.config import RunConfig
from conformance.engine.runner import run
from conformance.spec import Spec, load_spec
from conformance.transport.auth import auth_headers


def ours(spec: Spec, base_url: str, key: str, args: argparse.Namespace, reports: Path, workers: int | None) -> None:
    config = RunConfig(
        workers=workers,
        apis=(spec.api_id,),
        base_url=base_url,
        auth=key,
        profile="standard",
        seed=args.seed,
        max_examples=args.max_examples,
        checks=("schema",),
        report_dir=reports,
    )
    run(config)


def schemathesis_run(spec: Spec, base_url: str, key: str, args: argparse.Namespace, workers: str) -> None:
    header = "{}: {}".format(*next(iter(auth_headers(spec, key).items())))
    command = [
        shutil.which("schemathesis") or "schemathesis",
        "run",
        str(spec.path),
        "--url",
        base_url,
        "-H",
        header,
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--workers",
        workers,
        "--no-color",
        "--generation-database",
        "none",
    ]
    subprocess.run(command, capture_output=True, timeout=1800, check=False)


def measure(counter: Counter, job: object, *job_args: object) -> tuple[int, float]:
    counter.reset()
    started = time.perf_counter()
    job(*job_args)  # type: ignore[operator]
    return counter.count, time.perf_counter() - started


def bench(api: str, args: argparse.Namespace) -> float:
    spec = load_spec(api)
    key = spec.x.auth.test_key_prefix + "bench0000000000000000"
    with tempfile.TemporaryDirectory() as tmp, counting_server(Path(tmp) / "bench.sqlite3") as (root, counter):
        base_url = f"{root}/{spec.api_id}{spec.server_path}"
        rows = {
            "invoice-conformance": measure(counter, ours, spec, base_url, key, args, Path(tmp) / "reports", None),
            "invoice-conformance --workers 1": measure(counter, ours, spec, base_url, key, args, Path(tmp) / "r1", 1),
            "schemathesis run": measure(counter, schemathesis_run, spec, base_url, key, args, "1"),
            "schemathesis run --workers auto": measure(counter, schemathesis_run, spec, base_url, key, args, "auto"),
        }
    rates = {name: requests / seconds for name, (requests, seconds) in rows.items()}
    print(f"api={api} max_examples={args.max_examples} seed={args.seed}")
    for name, (requests, seconds) in rows.items():
        print(f"  {name:32s} {requests:6d} requests in {seconds:6.1f} s = {rates[name]:7.1f} req/s")
    peer = max(rate for name, rate in rates.items() if name.startswith("schemathesis"))
    ratio = rates["invoice-conformance"] / peer
    print(f"  ratio (ours / faster schemathesis): {ratio:.2f}x")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", action="append", help="API to bench (repeatable; default: floatless)")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ratios = [bench(api, args) for api in args.api or ["floatless"]]
    if len(ratios) > 1:
        product = 1.0
        for ratio in ratios:
            product *= ratio
        print(f"geometric mean ratio over {len(ratios)} APIs: {product ** (1 / len(ratios)):.2f}x")


if __name__ == "__main__":
    main()
