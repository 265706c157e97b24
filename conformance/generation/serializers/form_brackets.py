"""`application/x-www-form-urlencoded` with bracket notation for nested values (Stripe's wire format).

    {"metadata": {"k": "v"}, "custom_fields": [{"name": "a", "value": "b"}], "expand": ["lines"]}
    -> metadata[k]=v&custom_fields[0][name]=a&custom_fields[0][value]=b&expand[0]=lines

A plain `requests` form post (schemathesis' default) sends only the keys of a nested object and drops
arrays of objects altogether, so the server never sees what was generated.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""  # Stripe's way of unsetting a field
    return str(value)


def flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Key/value pairs in bracket notation, in document order."""
    if isinstance(value, dict):
        pairs: list[tuple[str, str]] = []
        for key, item in value.items():
            pairs += flatten(item, f"{prefix}[{key}]" if prefix else str(key))
        return pairs
    if isinstance(value, list):
        pairs = []
        for index, item in enumerate(value):
            pairs += flatten(item, f"{prefix}[{index}]")
        return pairs
    return [(prefix, _scalar(value))]


def encode(value: Any) -> bytes:
    """The request body for `value`; a non-object body (negative testing) is sent as its text."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, dict):
        return urlencode(flatten(value)).encode("ascii")
    return _scalar(value).encode("utf-8")
