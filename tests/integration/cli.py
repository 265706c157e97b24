"""Run the real CLI in a subprocess, as users and CI do."""

from __future__ import annotations

import subprocess
import sys


def run_cli(*args: str, timeout: float = 300, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from conformance.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, cwd=cwd)
