"""Our engine vs plain `schemathesis run`: same spec, same server, same example and step budget, side by side.

    python bench/suite.py [--api floatless]... [--max-examples 20] [--seed 1 --seed 2 ...]

For each API and seed, prints requests/s for our engine (default workers: one process per core, and
`--workers 1` for what one process does) and for `schemathesis run` as it comes, with `--workers auto`
(its threads) and with our check set (`REPLACED` below), then the ratio of our default to the fastest of
them and to the like-for-like one, and per API the median ratio over the seeds. Several seeds by default,
because one seed is one sample: how long the stateful phase runs depends on the scenarios its seed draws
(our flowglad run took 8.5 to 10.7 s over seeds 1 to 3, most of it in that phase). The reference server
runs in a process of its own, so that neither side shares an interpreter with it. Loopback only; stops by
itself.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._counting import Counter, counting_server
from conformance.config import RunConfig
from conformance.engine.runner import run
from conformance.model.profiles import PROFILES
from conformance.spec import Spec, load_spec
from conformance.transport.auth import auth_headers

# The two checks our engine replaces with `valid_request_accepted` / `invalid_request_rejected`, which judge the
# request as sent. Left on, they report false failures that end stateful scenarios early, so the peer as it
# comes does fewer of the stateful phase's costly steps; this row does the same work as ours.
REPLACED = "positive_data_acceptance,negative_data_rejection"
SAME_CHECKS = "schemathesis run, our check set"


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


def schemathesis_run(
    spec: Spec, base_url: str, key: str, args: argparse.Namespace, config: Path, *options: str
) -> None:
    header = "{}: {}".format(*next(iter(auth_headers(spec, key).items())))
    command = [
        shutil.which("schemathesis") or "schemathesis",
        "--config-file",
        str(config),
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
        *options,
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
        # The same stateful budget as ours: scenarios of up to our profile's steps (schemathesis' default is 6).
        config = Path(tmp) / "schemathesis.toml"
        config.write_text(f"[phases.stateful]\nmax-steps = {PROFILES['standard'].stateful_steps}\n")
        base_url = f"{root}/{spec.api_id}{spec.server_path}"
        rows = {
            "invoice-conformance": measure(counter, ours, spec, base_url, key, args, Path(tmp) / "reports", None),
            "invoice-conformance --workers 1": measure(counter, ours, spec, base_url, key, args, Path(tmp) / "r1", 1),
            "schemathesis run": measure(counter, schemathesis_run, spec, base_url, key, args, config),
            "schemathesis run --workers auto": measure(
                counter, schemathesis_run, spec, base_url, key, args, config, "--workers", "auto"
            ),
            SAME_CHECKS: measure(
                counter, schemathesis_run, spec, base_url, key, args, config, "--exclude-checks", REPLACED
            ),
        }
    rates = {name: requests / seconds for name, (requests, seconds) in rows.items()}
    print(f"api={api} max_examples={args.max_examples} seed={args.seed}")
    for name, (requests, seconds) in rows.items():
        print(f"  {name:32s} {requests:6d} requests in {seconds:6.1f} s = {rates[name]:7.1f} req/s")
    peer = max(rate for name, rate in rates.items() if name.startswith("schemathesis"))
    ratio = rates["invoice-conformance"] / peer
    print(f"  ratio (ours / faster schemathesis): {ratio:.2f}x")
    print(f"  ratio (ours / schemathesis with our check set): {rates['invoice-conformance'] / rates[SAME_CHECKS]:.2f}x")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", action="append", help="API to bench (repeatable; default: floatless)")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, action="append", help="seed (repeatable; default: 1, 2, 3)")
    args = parser.parse_args()
    seeds, medians = args.seed or [1, 2, 3], {}
    for api in args.api or ["floatless"]:
        ratios = [bench(api, argparse.Namespace(max_examples=args.max_examples, seed=seed)) for seed in seeds]
        medians[api] = statistics.median(ratios)
        print(f"api={api} ratios {', '.join(f'{r:.2f}x' for r in ratios)}: median {medians[api]:.2f}x")
    if len(medians) > 1:
        mean = statistics.geometric_mean(medians.values())
        print(f"geometric mean of the medians over {len(medians)} APIs: {mean:.2f}x")


if __name__ == "__main__":
    main()
