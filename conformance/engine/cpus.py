"""How many CPUs this process may really use: its affinity mask, capped by a cgroup CPU quota.

A CI container started with `--cpus=2` (Docker) or a CPU limit (Kubernetes, GitLab runners) on a 64-core
host still sees 64 cores in its affinity mask; one worker per core would then start up to one process per
operation, each 100 MB or more, for CPU time the quota never grants. Linux only; elsewhere the core count.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def available_cpus(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    quota = cpu_quota(root, proc_cgroup)
    return max(1, min(cores, math.ceil(quota))) if quota else cores


def cpu_quota(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> float | None:
    """CPUs the cgroup quota grants (quota / period; cgroup v2 `cpu.max` or v1 `cpu.cfs_quota_us`), or None
    where there is no quota or no cgroup to read."""
    for controllers, path in _memberships(proc_cgroup):
        if controllers == "":
            found = _v2(root, path)
        elif "cpu" in controllers.split(","):
            found = _v1(root / controllers, path) or _v1(root / "cpu", path)
        else:
            continue
        if found:
            return found
    return None


def _memberships(proc_cgroup: Path) -> list[tuple[str, str]]:
    """(controllers, path) per line of /proc/self/cgroup; controllers "" is the cgroup v2 hierarchy."""
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        return []
    return [(parts[1], parts[2]) for parts in (line.split(":", 2) for line in lines) if len(parts) == 3]


def _v2(root: Path, path: str) -> float | None:
    for directory in (root / path.lstrip("/"), root):
        text = _read(directory / "cpu.max")
        if text is not None:
            quota, _, period = text.partition(" ")
            return _ratio(quota, period)
    return None


def _v1(directory: Path, path: str) -> float | None:
    for base in (directory / path.lstrip("/"), directory):
        quota = _read(base / "cpu.cfs_quota_us")
        if quota is not None:
            return _ratio(quota, _read(base / "cpu.cfs_period_us") or "")
    return None


def _ratio(quota: str, period: str) -> float | None:
    try:
        granted, every = int(quota), int(period)
    except ValueError:  # "max": no quota
        return None
    return granted / every if granted > 0 and every > 0 else None


def _read(file: Path) -> str | None:
    try:
        return file.read_text().strip()
    except OSError:
        return None
