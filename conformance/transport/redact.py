"""Secrets never leave the process: one place that scrubs keys from text, headers and URLs."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping

REDACTED = "[REDACTED]"
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})


class Redactor:
    """Scrubs the given secrets (and their Basic-auth encodings) plus anything shaped like a key."""

    def __init__(self, secrets: Iterable[str] = (), key_prefixes: Iterable[str] = ()) -> None:
        literal = {s for s in secrets if s}
        literal |= {base64.b64encode(f"{s}:".encode()).decode("ascii") for s in list(literal)}
        parts = [re.escape(s) for s in sorted(literal, key=len, reverse=True)]
        parts += [re.escape(p) + r"[A-Za-z0-9_\-]*" for p in sorted({p for p in key_prefixes if p})]
        parts += [r"\b(?:sk|rk|fl|lr|pk)_(?:live|test)_[A-Za-z0-9_\-]+"]
        self._pattern = re.compile("|".join(parts))

    def text(self, value: str) -> str:
        return self._pattern.sub(REDACTED, value)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {k: REDACTED if k.lower() in SENSITIVE_HEADERS else self.text(v) for k, v in headers.items()}
