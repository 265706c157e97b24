"""invoice-conformance: the open conformance suite for invoice APIs."""

from __future__ import annotations

__version__ = "0.1.0"
