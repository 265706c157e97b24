"""Importing this module registers every built-in behavioural check."""

from __future__ import annotations

from . import auth, errors_shape, idempotency, lifecycle, lifecycle_sweep, money, pagination

__all__ = ["auth", "errors_shape", "idempotency", "lifecycle", "lifecycle_sweep", "money", "pagination"]
