"""Formatters by name: each turns a `DiffResult` into text. Adding a format is one module and one entry."""

from __future__ import annotations

from collections.abc import Callable

from conformance.errors import UsageError

from ..model import DiffResult
from . import github, json, junit, markdown, text

FORMATTERS: dict[str, Callable[[DiffResult], str]] = {
    "text": text.render,
    "json": json.render,
    "markdown": markdown.render,
    "junit": junit.render,
    "github": github.render,
}
FORMATS = tuple(FORMATTERS)


def render(format_name: str, result: DiffResult) -> str:
    try:
        formatter = FORMATTERS[format_name]
    except KeyError:
        raise UsageError(f"unknown diff format {format_name!r} (choose from {', '.join(FORMATS)})") from None
    return formatter(result)
