"""A hostile or broken target never breaks the suite: a clear one-line verdict, bounded time, no traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from .hostile import closed_port, hostile_server

KEY = "sk_test_hostile0000000000"


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from conformance.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def quick(base_url: str, *extra: str) -> list[str]:
    return [
        "run",
        "--api",
        "leanrails",
        "--base-url",
        base_url,
        "--auth",
        KEY,
        "--timeout",
        "1",
        "--profile",
        "quick",
        "--max-examples",
        "2",
        "-q",
        *extra,
    ]


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert KEY not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"http://127.0.0.1:{closed_port()}/v1", "connection refused"),
        ("http://no-such-host.invalid/v1", "DNS lookup failed"),
        (f"https://127.0.0.1:{closed_port()}/v1", "connection refused"),
    ],
)
def test_unreachable_target_exits_2_with_one_line(url: str, reason: str) -> None:
    result = run_cli(*quick(url))
    assert result.returncode == 2, result.stderr
    assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert_clean(result)


@pytest.mark.parametrize(("mode", "reason"), [("hang", "timed out"), ("garbage", "connection failed")])
def test_hanging_or_garbage_target_is_reported_within_the_timeout(mode: str, reason: str) -> None:
    with hostile_server(mode) as root:
        started = time.monotonic()
        result = run_cli(*quick(root + "/v1"))
    assert time.monotonic() - started < 30
    assert result.returncode == 2, result.stderr
    assert reason in result.stderr
    assert_clean(result)


@pytest.mark.parametrize("mode", ["redirect", "html", "huge"])
def test_misbehaving_target_gets_failure_verdicts_not_a_crash(mode: str, tmp_path: object) -> None:
    with hostile_server(mode) as root:
        result = run_cli(
            *quick(
                root + "/v1", "--checks", "auth_required,not_found_everywhere,schema", "--report-dir", str(tmp_path)
            ),
            timeout=300,
        )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NOT conformant" in result.stderr
    assert_clean(result)


def test_live_key_is_refused_before_any_request() -> None:
    with hostile_server("hang") as root:
        started = time.monotonic()
        result = run_cli("run", "--api", "floatless", "--base-url", root + "/v1", "--auth", "fl_live_abc123")
    assert result.returncode == 2 and "--allow-live" in result.stderr
    assert time.monotonic() - started < 15
    assert "fl_live_abc123" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--profile", "nope"], "profile"),
        (["run", "--api", "nosuchapi"], "not a bundled API"),
        (["run", "--api", "stripe", "--base-url", "http://127.0.0.1:9/v1"], "--auth"),
        (["run", "--shard", "3/2"], "--shard"),
        (["run", "--checks", "no_such_check"], "unknown check"),
        (["frobnicate"], "No such command"),
    ],
)
def test_wrong_flags_exit_2(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert_clean(result)
