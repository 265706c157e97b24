"""The rule families, registered in the order they run, and every rule by id.

Three kinds of family: document (operations added/removed, x-lifecycle), operation (one matched
operation), schema (one pair of schemas, reached from any operation). Each family module exports
`RULES` (its table) and one `check` function.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..model import Rule
from ..operation import DocumentPair, OperationPair
from ..schema import SchemaCheck
from . import (
    composition,
    constraints,
    defaults,
    deprecation,
    enums,
    lifecycle,
    media_types,
    nullable,
    operations,
    parameters,
    properties,
    request_body,
    responses,
    schema_types,
    security,
)

DocumentCheck = Callable[[DocumentPair, Context], None]
OperationCheck = Callable[[OperationPair, Context], None]

DOCUMENT_CHECKS: tuple[DocumentCheck, ...] = (operations.check, lifecycle.check)
OPERATION_CHECKS: tuple[OperationCheck, ...] = (
    deprecation.check,
    parameters.check,
    request_body.check,
    media_types.check,
    responses.check,
    security.check,
)
SCHEMA_CHECKS: tuple[SchemaCheck, ...] = (
    schema_types.check,
    nullable.check,
    properties.check,
    enums.check,
    constraints.check,
    defaults.check,
    composition.check,
)

FAMILIES = (
    operations,
    deprecation,
    parameters,
    request_body,
    media_types,
    responses,
    security,
    properties,
    schema_types,
    nullable,
    enums,
    constraints,
    defaults,
    composition,
    lifecycle,
)


def _registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for family in FAMILIES:
        for rule_id, rule in family.RULES.items():
            if rule_id in rules:
                raise ValueError(f"diff rule id {rule_id!r} is declared by two families")
            rules[rule_id] = rule
    return rules


RULES: dict[str, Rule] = _registry()


def markdown_table() -> str:
    """The rule table of docs/diff.md, generated so the docs cannot drift from the code."""
    lines = ["| Rule id | Level | Direction | Location | Action | Message |", "|---|---|---|---|---|---|"]
    for family in FAMILIES:
        for rule in family.RULES.values():
            message = rule.message.replace("|", "\\|")
            lines.append(
                f"| `{rule.id}` | {rule.level.value} | {rule.direction.value} | {rule.location.value} "
                f"| {rule.action.value} | {message} |"
            )
    return "\n".join(lines)
