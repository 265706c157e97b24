"""The x- vocabulary is documented and the specs README table is current."""

from __future__ import annotations

import json
import re
from typing import Any

from conformance.spec.catalog import catalog, markdown_table
from conformance.spec.load import specs_dir


def _property_names(node: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(node, dict):
        names |= {k for k in (node.get("properties") or {}) if isinstance(node.get("properties"), dict)}
        for value in node.values():
            names |= _property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= _property_names(value)
    return names


def test_every_vocabulary_key_is_documented() -> None:
    schema = json.loads((specs_dir() / "x-extensions.schema.json").read_text())
    readme = (specs_dir() / "README.md").read_text()
    undocumented = sorted(n for n in _property_names(schema) if f"`{n}`" not in readme)
    assert not undocumented, f"document these x- keys in specs/README.md: {undocumented}"


def test_readme_table_is_current() -> None:
    readme = (specs_dir() / "README.md").read_text()
    table = re.search(r"<!-- specs-table:start -->\n(.*?)\n<!-- specs-table:end -->", readme, re.S)
    assert table, "specs/README.md lost its table markers"
    assert table.group(1) == markdown_table(catalog()), "run: invoice-conformance specs --markdown"
