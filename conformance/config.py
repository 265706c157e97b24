"""The typed run configuration and where it comes from.

Precedence, highest first: command line > `INVOICE_CONFORMANCE_*` environment variables >
`conformance.toml` > `[tool.invoice-conformance]` in `pyproject.toml` > defaults.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.errors import UsageError
from conformance.model.profiles import PROFILE_NAMES

ENV_PREFIX = "INVOICE_CONFORMANCE_"


@dataclass(frozen=True)
class Shard:
    index: int
    total: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        try:
            k, n = (int(p) for p in text.split("/"))
        except ValueError:
            raise UsageError(f"--shard {text!r}: expected K/N, e.g. 1/4") from None
        if not 1 <= k <= n:
            raise UsageError(f"--shard {text!r}: K must be between 1 and N")
        return cls(k, n)

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


@dataclass(frozen=True)
class RunConfig:
    apis: tuple[str, ...] = ()
    base_url: str | None = None
    auth: str | None = None
    auth_other: str | None = None
    profile: str = "standard"
    seed: int | None = None
    max_examples: int | None = None
    workers: int | None = None
    report_dir: Path = Path("reports")
    junit_xml: Path | None = None
    shard: Shard | None = None
    allow_live: bool = False
    timeout: float = 10.0
    checks: tuple[str, ...] = ()
    exclude_checks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.profile not in PROFILE_NAMES:
            raise UsageError(f"profile {self.profile!r}: choose one of {', '.join(PROFILE_NAMES)}")
        if (
            (self.workers is not None and self.workers < 1)
            or (self.max_examples is not None and self.max_examples < 1)
            or self.timeout <= 0
        ):
            raise UsageError("workers, max-examples and timeout must be positive")
        if self.base_url is not None and len(self.apis) != 1 and "{api}" not in self.base_url:
            raise UsageError("--base-url serves one API; name exactly one --api, or put {api} in the URL")


_FIELDS = {f.name: f for f in dataclasses.fields(RunConfig)}


def _coerce(name: str, value: Any) -> Any:
    kind = str(_FIELDS[name].type)
    if name == "shard":
        return value if isinstance(value, Shard) or value is None else Shard.parse(str(value))
    if value is None:
        return None
    if "tuple" in kind:
        items = value.split(",") if isinstance(value, str) else list(value)
        return tuple(str(i).strip() for i in items if str(i).strip())
    if "Path" in kind:
        return Path(value)
    if kind.startswith("bool"):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
    try:
        if kind.startswith("int"):
            return int(value)
        if kind.startswith("float"):
            return float(value)
    except ValueError:
        raise UsageError(f"{name}: {value!r} is not a number") from None
    return str(value)


def _normalise(source: str, values: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for raw, value in values.items():
        name = raw.replace("-", "_").lower()
        if name not in _FIELDS:
            raise UsageError(f"{source}: unknown option {raw!r}")
        out[name] = _coerce(name, value)
    return out


def _file_values(directory: Path) -> list[tuple[str, dict[str, Any]]]:
    found = []
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        section = _read_toml(pyproject).get("tool", {}).get("invoice-conformance")
        if section:
            found.append((f"{pyproject} [tool.invoice-conformance]", section))
    standalone = directory / "conformance.toml"
    if standalone.is_file():
        found.append((str(standalone), _read_toml(standalone)))
    return found


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: {exc}") from None


def load_config(
    cli: Mapping[str, Any], directory: Path | None = None, env: Mapping[str, str] | None = None
) -> RunConfig:
    """Merge every source; `cli` holds only options the user actually gave (None = not given)."""
    merged: dict[str, Any] = {}
    for source, values in _file_values(directory or Path.cwd()):
        merged |= _normalise(source, values)
    environ = os.environ if env is None else env
    from_env = {k[len(ENV_PREFIX) :]: v for k, v in environ.items() if k.startswith(ENV_PREFIX)}
    merged |= _normalise("environment", from_env)
    merged |= _normalise("command line", {k: v for k, v in cli.items() if v is not None and v != ()})
    return RunConfig(**merged)
