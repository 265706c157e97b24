"""Shared test helpers for the diff tests (imported by path, tests/ is not a package)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml

from conformance.diff import DiffResult, diff_documents
from conformance.diff.refs import unescape

# Fixtures use sunsets in 2020 (past) and 2030 (future) relative to this day.
TODAY = date(2025, 6, 1)


def parse(text: str) -> Mapping[str, Any]:
    document = yaml.safe_load(text)
    assert isinstance(document, Mapping)
    return document


def diff_texts(old: str, new: str) -> DiffResult:
    return diff_documents(parse(old), parse(new), today=TODAY)


def resolves(document: Any, pointer: str) -> bool:
    """Does an RFC 6901 pointer name a node of `document`?"""
    node = document
    for token in pointer.split("/")[1:]:
        key = unescape(token)
        if isinstance(node, Mapping) and key in node:
            node = node[key]
        elif isinstance(node, Mapping) and key.isdigit() and int(key) in node:
            node = node[int(key)]  # YAML may read a bare status code as an integer key
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return False
    return True
