"""Hypothesis must not draw literals from whatever local source is loaded (see `local_constants`)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import conformance

PROBE = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    import local_module_under_probe  # a local module: outside site-packages and the stdlib
    from hypothesis.internal.conjecture import providers
    from conformance.generation.local_constants import local_constants_ignored

    def collected():
        return "local-literal-17" in providers._get_local_constants().strings

    with local_constants_ignored():
        inside = collected()
    print(collected(), inside, collected())
    """
)


def test_local_literals_are_collected_by_hypothesis_and_ignored_only_inside_our_runs(tmp_path: Path) -> None:
    (tmp_path / "local_module_under_probe.py").write_text('MARK = "local-literal-17"\n')
    # In tmp_path, because Hypothesis caches what it collects under ./.hypothesis.
    env = {**os.environ, "PYTHONPATH": str(Path(conformance.__file__).parents[1])}
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env
    )
    assert probe.returncode == 0, probe.stderr
    # Hypothesis collects local literals where we swap it out (an upgrade that moves the collection makes
    # this fail, and the swap must follow it); our generation sees none; the process gets its own way back.
    assert probe.stdout.split() == ["True", "False", "True"]
