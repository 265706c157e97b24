"""The adapter registry: one module per API, keyed by the spec's `x-api.id`. A new API is one line here."""

from __future__ import annotations

from types import MappingProxyType

from . import floatless, flowglad, leanrails, stripe
from .base import Adapter

ADAPTERS: MappingProxyType[str, Adapter] = MappingProxyType(
    {
        "leanrails": leanrails,
        "stripe": stripe,
        "floatless": floatless,
        "flowglad": flowglad,
    }
)
