"""Facts about the bundled specs, for `invoice-conformance specs` and the specs/README.md table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .load import bundled_api_ids, load_spec


@dataclass(frozen=True)
class CatalogEntry:
    api_id: str
    title: str
    version: str
    operations: int
    source: str
    assumptions: int


def _count_key(node: Any, key: str) -> int:
    if isinstance(node, dict):
        return sum((k == key) + _count_key(v, key) for k, v in node.items())
    if isinstance(node, list):
        return sum(_count_key(v, key) for v in node)
    return 0


def catalog() -> list[CatalogEntry]:
    entries = []
    for api_id in bundled_api_ids():
        spec = load_spec(api_id)
        source = str((spec.document.get("x-api") or {}).get("source", ""))
        entries.append(
            CatalogEntry(
                api_id,
                spec.title,
                spec.version,
                len(spec.operations),
                source,
                _count_key(spec.document, "x-assumption"),
            )
        )
    return entries


def markdown_table(entries: list[CatalogEntry]) -> str:
    lines = ["| API | version | operations | source | assumptions |", "|---|---|---|---|---|"]
    for e in entries:
        lines.append(
            f"| [{e.title}]({e.api_id}/openapi.yaml) | {e.version} | {e.operations} | `{e.source}` | {e.assumptions} |"
        )
    return "\n".join(lines)
