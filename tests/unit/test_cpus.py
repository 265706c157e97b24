"""Workers per run: the cores this process may use, capped by a container's cgroup CPU quota."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conformance.engine.cpus import available_cpus, cpu_quota

CORES = len(os.sched_getaffinity(0))


def _cgroup(tmp_path: Path, membership: str, files: dict[str, str]) -> tuple[Path, Path]:
    root, proc = tmp_path / "cgroup", tmp_path / "proc_self_cgroup"
    tmp_path.mkdir(parents=True, exist_ok=True)
    proc.write_text(membership)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root, proc


V1_THREE_CPUS = {"cpu,cpuacct/cpu.cfs_quota_us": "300000", "cpu,cpuacct/cpu.cfs_period_us": "100000"}


@pytest.mark.parametrize(
    ("membership", "files", "quota"),
    [
        ("0::/\n", {"cpu.max": "200000 100000\n"}, 2.0),  # cgroup v2, docker --cpus=2
        ("0::/ci/job\n", {"ci/job/cpu.max": "150000 100000\n"}, 1.5),  # v2, the process' own group
        ("0::/\n", {"cpu.max": "max 100000\n"}, None),  # v2, no limit
        ("1:cpu,cpuacct:/\n", V1_THREE_CPUS, 3.0),  # cgroup v1, a docker-style combined controller
        ("1:cpu:/\n", {"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"}, None),  # v1, no limit
        ("4:memory:/x\n", {}, None),  # no cpu controller
        ("0::/\n", {}, None),  # nothing readable
    ],
)
def test_the_quota_is_read_from_either_cgroup_version(
    tmp_path: Path, membership: str, files: dict[str, str], quota: float | None
) -> None:
    assert cpu_quota(*_cgroup(tmp_path, membership, files)) == quota


def test_a_quota_caps_the_workers_rounding_up_and_never_below_one(tmp_path: Path) -> None:
    assert available_cpus(*_cgroup(tmp_path / "a", "0::/\n", {"cpu.max": "50000 100000"})) == 1
    assert available_cpus(*_cgroup(tmp_path / "b", "0::/\n", {"cpu.max": "max 100000"})) == CORES
    assert available_cpus(*_cgroup(tmp_path / "c", "0::/\n", {"cpu.max": f"{(CORES + 8) * 100000} 100000"})) == CORES
    if CORES >= 2:
        assert available_cpus(*_cgroup(tmp_path / "d", "0::/\n", {"cpu.max": "150000 100000"})) == 2


def test_no_proc_file_means_the_core_count(tmp_path: Path) -> None:
    assert available_cpus(tmp_path / "none", tmp_path / "missing") == CORES
