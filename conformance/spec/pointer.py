"""RFC 6901 JSON pointers and dotted field paths over plain JSON values."""

from __future__ import annotations

from typing import Any

MISSING: Any = object()


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


def get(document: Any, pointer: str, default: Any = MISSING) -> Any:
    node = document
    for token in _tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


def set_(document: Any, pointer: str, value: Any) -> None:
    """Set `value` at `pointer`, creating intermediate objects."""
    tokens = _tokens(pointer)
    node = document
    for token in tokens[:-1]:
        node = node.setdefault(token, {})
    node[tokens[-1]] = value


def get_path(obj: Any, dotted: str, default: Any = None) -> Any:
    """`price.unit_amount` style lookup."""
    return get(obj, "/" + dotted.replace(".", "/"), default)


def set_path(obj: Any, dotted: str, value: Any) -> None:
    set_(obj, "/" + dotted.replace(".", "/"), value)


def locate(document: Any, node: Any, where: str) -> tuple[Any, str]:
    """Follow local `$ref`s from `node` (found at `where`), keeping track of where the final node lives."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        where = node["$ref"][1:]
        node = get(document, where, {})
    return node, where
