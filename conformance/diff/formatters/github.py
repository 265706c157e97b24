"""GitHub Actions workflow commands: breaking = error, warning = warning, info = notice annotations."""

from __future__ import annotations

from pathlib import Path

from ..model import DiffResult, Level
from .base import operations_label

_COMMAND = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: DiffResult) -> str:
    # Annotations attach to the new spec when it is a file in the checkout; pointers carry no line numbers.
    file = f"file={_property(result.new_source)}," if Path(result.new_source).is_file() else ""
    lines = []
    for finding in result.findings:
        title = _property(f"{finding.level.value} {finding.rule.id}")
        message = _data(f"{operations_label(finding)}: {finding.message} (old {finding.old}, new {finding.new})")
        lines.append(f"::{_COMMAND[finding.level]} {file}title={title}::{message}")
    return "\n".join(lines) + "\n" if lines else ""
