"""Storage backends behind one repository protocol (`base.Storage`)."""

from __future__ import annotations
