"""Shared type aliases; imports nothing from the package."""

from __future__ import annotations

from typing import Any, TypeAlias

JsonValue: TypeAlias = Any
JsonObject: TypeAlias = dict[str, Any]
OperationId: TypeAlias = str
ApiId: TypeAlias = str
