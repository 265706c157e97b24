"""Our engine vs plain `schemathesis run`: same spec, same server, same example budget, side by side.

    python bench/suite.py [--api leanrails] [--max-examples 20]

Prints requests/s for both and the ratio (ours / schemathesis). Loopback only; stops by itself.
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

from bench._counting import counting_server
from conformance.config import RunConfig
from conformance.engine.runner import run
from conformance.spec import load_spec
from conformance.transport.auth import auth_headers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", default="leanrails")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    spec = load_spec(args.api)
    key = spec.x.auth.test_key_prefix + "bench0000000000000000"
    with tempfile.TemporaryDirectory() as tmp, counting_server(Path(tmp) / "bench.sqlite3") as (root, counter):
        base_url = f"{root}/{spec.api_id}{spec.server_path}"
        config = RunConfig(
            apis=(args.api,),
            base_url=base_url,
            auth=key,
            profile="standard",
            seed=args.seed,
            max_examples=args.max_examples,
            checks=("schema",),
            report_dir=Path(tmp) / "reports",
        )
        started = time.perf_counter()
        run(config)
        ours_time, ours_requests = time.perf_counter() - started, counter.count
        counter.count = 0
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
            "--no-color",
            "--generation-database",
            "none",
        ]
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, timeout=900, check=False)
        peer_time, peer_requests = time.perf_counter() - started, counter.count
    ours_rate, peer_rate = ours_requests / ours_time, peer_requests / peer_time
    print(f"api={args.api} max_examples={args.max_examples}")
    print(f"invoice-conformance: {ours_requests:6d} requests in {ours_time:6.1f} s = {ours_rate:7.1f} req/s")
    print(f"schemathesis run   : {peer_requests:6d} requests in {peer_time:6.1f} s = {peer_rate:7.1f} req/s")
    print(f"ratio (ours / schemathesis): {ours_rate / peer_rate:.2f}x")


if __name__ == "__main__":
    main()
