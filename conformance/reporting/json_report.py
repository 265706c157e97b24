"""`results.json`: the stable, documented machine format (docs/results-schema.md); shards merge from it."""

from __future__ import annotations

import json

from conformance.model.results import RunReport


def render(report: RunReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
