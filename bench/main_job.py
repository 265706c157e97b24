"""The README's main job, timed: `invoice-conformance run` (every API, embedded server, reports written).

    python bench/main_job.py [--workers N] [-- extra run options]

Prints the wall time and the peak memory of the whole process tree (the CLI, its embedded server thread and
its worker processes, sampled from /proc every 50 ms) as summed RSS and as PSS, beside the budget the engine
issue sets: 120 s and 400 MB on 2 cores. Linux only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET_SECONDS, BUDGET_MB = 120, 400


def tree_memory_kb(root: int) -> tuple[int, int]:
    """Resident and proportional (PSS: shared pages split between their users) KiB of `root` and all its
    descendants. Summed RSS counts the shared libraries every worker maps once per process; PSS does not."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields["PPid"]), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    resident, proportional, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        resident += rss.get(pid, 0)
        proportional += _pss_kb(pid)
        todo += children.get(pid, [])
    return resident, proportional


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int)
    parser.add_argument("extra", nargs="*", help="more `run` options, after --")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as reports:
        command = [sys.executable, "-m", "conformance", "run", "--report-dir", reports, *args.extra]
        if args.workers:
            command += ["--workers", str(args.workers)]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        peak_rss = peak_pss = 0
        while process.poll() is None:
            resident, proportional = tree_memory_kb(process.pid)
            peak_rss, peak_pss = max(peak_rss, resident), max(peak_pss, proportional)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        output = process.stdout.read() if process.stdout else ""
    lines = output.strip().splitlines()
    # The run line (with the seed), any failure, and the verdict: enough to replay a failure with --seed.
    print("\n".join(line for line in lines if line.startswith(("invoice-conformance run", "  FAILED", "  ERROR"))))
    print(lines[-2] if len(lines) > 1 else "(no output)")
    print(f"exit code {process.returncode}")
    print(f"wall time      {seconds:6.1f} s   (budget {BUDGET_SECONDS} s)")
    print(f"peak tree RSS  {peak_rss / 1024:6.0f} MB  (budget {BUDGET_MB} MB)")
    print(f"peak tree PSS  {peak_pss / 1024:6.0f} MB  (shared pages counted once)")


if __name__ == "__main__":
    main()
