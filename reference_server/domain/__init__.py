"""The invoice domain core: one implementation driven by a spec's `x-` blocks; no HTTP, no SQL."""

from __future__ import annotations
