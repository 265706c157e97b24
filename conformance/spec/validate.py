"""JSON Schema validation of values against schemas *located* inside a spec.

Every schema is addressed by its JSON pointer in the document, so `$ref`s inside it resolve against the
whole document and each validator is compiled once.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conformance.types import JsonObject

from .pointer import escape

_BASE = "urn:invoice-conformance:spec"


__all__ = ["SchemaValidator", "escape", "pointer_to"]


def pointer_to(*tokens: str | int) -> str:
    return "".join("/" + escape(str(t)) for t in tokens)


class SchemaValidator:
    """Validators for one spec document, compiled lazily per schema location."""

    def __init__(self, document: JsonObject) -> None:
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_BASE, resource)
        self._cache: dict[str, Draft202012Validator] = {}
        self._format_checker = FormatChecker()

    def validator(self, pointer: str) -> Draft202012Validator:
        found = self._cache.get(pointer)
        if found is None:
            found = Draft202012Validator(
                {"$ref": f"{_BASE}#{pointer}"}, registry=self._registry, format_checker=self._format_checker
            )
            self._cache[pointer] = found
        return found

    def errors(self, instance: Any, pointer: str) -> list[ValidationError]:
        return sorted(self.validator(pointer).iter_errors(instance), key=lambda e: list(e.absolute_path))

    def first_error(self, instance: Any, pointer: str) -> str | None:
        """One line describing the first problem, or None when `instance` is valid."""
        for error in self.errors(instance, pointer):
            where = "/" + "/".join(str(p) for p in error.absolute_path)
            return f"{where}: {error.message}"
        return None
