"""One side of a diff: a file, a bundled API (`stripe`, `flowglad@2`) or a git revision (`main:specs/x.yaml`)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from conformance.errors import SpecError

_BUNDLED = re.compile(r"^(?P<api>[a-z][a-z0-9_-]*)(?:@(?P<version>[1-9][0-9]*))?$")
_GIT = re.compile(r"^(?P<rev>[^:\s]+):(?P<path>.+)$")
# libyaml's loader is an order of magnitude faster on large specs; the pure-Python one is the fallback.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class LoadedSpec:
    document: Mapping[str, Any]
    source: str
    path: Path | None = None  # the local file, when the side is one (for annotations)


def specs_dir() -> Path | None:
    """Bundled specs: `conformance/_specs` in an installed wheel, `specs/` in a checkout."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[1] / "_specs", here.parents[2] / "specs"):
        if candidate.is_dir():
            return candidate
    return None


def parse(data: bytes, name: str) -> Mapping[str, Any]:
    """Parse YAML (anchors included) or JSON, gzip-compressed when `name` ends in .gz."""
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise SpecError(f"{name}: not valid gzip data ({exc})") from None
        name = name[:-3]
    try:
        if name.endswith(".json"):
            document = json.loads(data)
        else:
            document = yaml.load(data, Loader=_YAML_LOADER)
    except (ValueError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SpecError(f"{name}: not valid YAML or JSON: {first}") from None
    if not isinstance(document, Mapping) or not str(document.get("openapi", "")).startswith("3."):
        raise SpecError(f"{name}: not an OpenAPI 3.x document (no 'openapi: 3.x' at the top)")
    return document


def load_side(side: str, cwd: Path | None = None) -> LoadedSpec:
    """Load `side`: an existing path wins, then a bundled API name, then `REV:path` via `git show`."""
    base = cwd or Path.cwd()
    path = base / side
    if path.is_file():
        return LoadedSpec(parse(_read(path), path.name), side, path)
    bundled = _BUNDLED.match(side)
    if bundled:
        return _load_bundled(side, bundled.group("api"), int(bundled.group("version") or 1))
    git = _GIT.match(side)
    if git:
        return LoadedSpec(parse(_git_show(base, git.group("rev"), git.group("path")), git.group("path")), side)
    raise SpecError(f"{side}: no such file, bundled API (name or name@version) or git REV:path")


def _load_bundled(side: str, api: str, version: int) -> LoadedSpec:
    root = specs_dir()
    folder = root / api if root else None
    if folder is None or not folder.is_dir():
        known = sorted(child.name for child in root.iterdir() if child.is_dir()) if root else []
        raise SpecError(f"{side}: no such file or bundled API (bundled: {', '.join(known) or 'none'})")
    path = folder / ("openapi.yaml" if version == 1 else f"openapi.v{version}.yaml")
    if not path.is_file():
        raise SpecError(f"{side}: {api} has no bundled version {version}")
    return LoadedSpec(parse(_read(path), path.name), side, path)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SpecError(f"{path}: cannot read ({exc.strerror})") from None


def _git_show(cwd: Path, rev: str, path: str) -> bytes:
    try:
        completed = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=cwd, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpecError(f"{rev}:{path}: cannot run git ({exc})") from None
    if completed.returncode != 0:
        reason = completed.stderr.decode(errors="replace").strip().splitlines()
        raise SpecError(f"{rev}:{path}: {reason[0] if reason else 'git show failed'}")
    return completed.stdout
