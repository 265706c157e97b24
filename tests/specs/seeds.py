"""Parse the scraped seed pages in ../shared/seeds (never copy their lists by hand)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

_ENDPOINT_PATTERNS = (
    re.compile(r"--request (GET|POST|PUT|PATCH|DELETE)\s*\\?\s*--url \S+?(/(?:api/)?v1/[\w/{}:.-]+)"),
    re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (?:\{\{baseUrl\}\})?(/(?:api/)?v1/[\w/{}:.-]+)", re.M),
    re.compile(r"curl (?:https?://\S+?)(/v1/[\w/{}:.-]+) .*?-X (POST|PATCH|PUT|DELETE)", re.S),
)


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def endpoints(text: str) -> set[tuple[str, str]]:
    """(METHOD, path) pairs the page names, with `:id` style parameters normalised to `{}`."""
    found: set[tuple[str, str]] = set()
    for pattern in _ENDPOINT_PATTERNS:
        for a, b in pattern.findall(text):
            method, path = (a, b) if a.isupper() else (b, a)
            found.add((method, normalise(path)))
    return found


def normalise(path: str) -> str:
    return re.sub(r"(\{[^}]*\}|:\w+|inv_\w+)", "{}", path.rstrip("/"))


def json_examples(text: str) -> list[dict[str, Any]]:
    """Every JSON object embedded in the page (curl bodies and response samples)."""
    decoder = json.JSONDecoder()
    found, index = [], 0
    while (index := text.find("{", index)) != -1:
        try:
            value, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            index += 1
            continue
        if isinstance(value, dict) and len(value) > 1:
            found.append(value)
            index = end
        else:
            index += 1
    return found


def key_paths(value: Any, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Paths of object keys; array items are transparent."""
    paths: set[tuple[str, ...]] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            paths.add((*prefix, key))
            paths |= key_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for item in value:
            paths |= key_paths(item, prefix)
    return paths


def option_blocks(text: str) -> list[list[str]]:
    """The values of every `Available options:` block (mintlify pages)."""
    blocks = []
    for chunk in text.split("Available options:")[1:]:
        lines = chunk.strip().splitlines()
        if not lines:
            continue
        values = [lines[0].strip().rstrip(",")]
        for line in lines[1:]:
            stripped = line.strip()
            if stripped.startswith(","):
                values.append(stripped.lstrip(", ").strip())
            elif stripped.endswith(",") and len(values) >= 1 and "," in lines[0]:
                values.append(stripped.rstrip(","))
            elif values and lines[0].strip().endswith(",") and re.fullmatch(r"[a-z_]+,?", stripped):
                values.append(stripped.rstrip(","))
                if not stripped.endswith(","):
                    break
            else:
                break
        blocks.append([v for v in values if v])
    return blocks


def form_parameters(text: str) -> set[tuple[str, ...]]:
    """Stripe's bracket parameter names as key paths, numeric indexes dropped."""
    paths = set()
    for name in re.findall(r'"name"=>"([^"]+)"', text):
        parts = re.findall(r"[^\[\]]+", name)
        paths.add(tuple(p for p in parts if not p.isdigit()))
    return paths
