"""A stateful reference implementation of every bundled invoice API (see `app.create_app`)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
