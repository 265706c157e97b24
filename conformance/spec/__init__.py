"""Spec loading, the typed `x-` vocabulary, money equations and lint."""

from __future__ import annotations

from .load import Operation, Spec, bundled_api_ids, load_spec

__all__ = ["Operation", "Spec", "bundled_api_ids", "load_spec"]
