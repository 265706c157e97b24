"""The suite against Prism's mock of the Stripe spec: a stateless mock must be reported non-conformant.

    python bench/prism_conformance.py [--profile quick]

Prism (`@stoplight/prism-cli`) answers every request from the spec's examples: any id gets the same
canned invoice and nothing it is told is kept. Schema checks alone cannot tell; the behavioural checks
must, and the report must say why. Loopback only; Prism is stopped before exit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._peers import free_port, peer_process, prism_command
from conformance.config import RunConfig
from conformance.engine.runner import run
from conformance.model.results import Status
from conformance.spec import load_spec


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default="quick")
    args = parser.parse_args()
    spec = load_spec("stripe")
    port = free_port()
    command = prism_command(port, spec.path or Path())
    if command is None:
        print("prism: not installed (npm install -g @stoplight/prism-cli)")
        return 2
    with tempfile.TemporaryDirectory() as tmp, peer_process(command, port, 60):
        config = RunConfig(
            apis=("stripe",),
            base_url=f"http://127.0.0.1:{port}",  # Prism serves the paths without the server URL's path
            auth="sk_test_prism0000000000000000",
            auth_other="sk_test_prism1111111111111111",
            profile=args.profile,
            seed=1,
            report_dir=Path(tmp),
        )
        report = run(config)
    verdict = {0: "conformant", 1: "NOT conformant", 2: "run error"}[report.exit_code]
    print(f"prism mock of the Stripe spec: {verdict}")
    reasons: dict[str, str] = {}
    for result in sorted(report.results, key=lambda r: r.key):
        if result.status is Status.FAILED and not result.check.startswith("schema.") and result.check not in reasons:
            first = result.failures[0]
            reasons[result.check] = f"{first.title}: {first.message.splitlines()[0][:160]}"
    for check, why in reasons.items():
        print(f"  {check:<26} {why}")
    schema_failed = sorted(
        {r.check for r in report.results if r.status is Status.FAILED and r.check.startswith("schema.")}
    )
    print(f"  schema checks failed: {', '.join(schema_failed) or 'none'}")
    return 0 if report.exit_code == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
