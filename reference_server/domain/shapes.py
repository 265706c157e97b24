"""Values built from a spec's schemas: skeletons of read models, ids from id patterns, numbers, timestamps.

The server fills every field the request does not give from the read-model schema itself (const, default,
null where nullable, the declared example for plain strings), so a new API needs no field list in code.
"""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
import string
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from conformance.types import JsonObject

Schema = dict[str, Any]
Resolve = Callable[[Any], Any]

# `^prefix[class]{n}$`, `^prefix[class]+$` ...: the id and number patterns specs use.
_GENERATED = re.compile(r"^\^([A-Za-z0-9_\-]*)\[([^\]]+)\](\+|\*|\{(\d+)(,(\d*))?\})\$$")
_OPTIONAL_GROUP = re.compile(r"\([A-Za-z0-9_\-]*\)\?")
_ATOM = re.compile(r"(\\d|\[[^\]]+\]|\\.|[^\\\[\]{}()+*?^$|.])(\{(\d+)(?:,\d*)?\}|[+*?])?")
_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")
_ALPHANUMERIC = string.ascii_letters + string.digits
DEFAULT_ID_LENGTH = 24


class Shapes:
    """Schema helpers over one spec document (`resolve` follows local `$ref`s)."""

    def __init__(self, resolve: Resolve) -> None:
        self._resolve = resolve

    def schema(self, node: Any) -> Schema:
        found = self._resolve(node)
        return found if isinstance(found, dict) else {}

    def properties(self, schema: Any) -> tuple[dict[str, Schema], set[str]]:
        """Properties and required names of `schema`, flattening `allOf` (variants of oneOf excluded)."""
        node = self.schema(schema)
        props: dict[str, Schema] = {}
        required: set[str] = set(node.get("required") or [])
        for branch in node.get("allOf") or []:
            branch_props, branch_required = self.properties(branch)
            props.update(branch_props)
            required |= branch_required
        props.update(node.get("properties") or {})
        return props, required

    def property(self, schema: Any, name: str) -> Schema:
        return self.schema(self.properties(schema)[0].get(name))

    def items(self, schema: Any) -> Schema:
        return self.schema(self.schema(schema).get("items"))

    def types(self, schema: Any) -> set[str]:
        node = self.schema(schema)
        declared = node.get("type")
        found = {declared} if isinstance(declared, str) else set(declared or [])
        for key in ("anyOf", "oneOf", "allOf"):
            for branch in node.get(key) or []:
                found |= self.types(branch)
        if "properties" in node:
            found.add("object")
        return found

    def nullable(self, schema: Any) -> bool:
        node = self.schema(schema)
        declared = node.get("type")
        if declared == "null" or (isinstance(declared, list) and "null" in declared):
            return True
        return any(self.nullable(b) for key in ("anyOf", "oneOf") for b in node.get(key) or [])

    def skeleton(self, schema: Any) -> Any:
        """A value valid for `schema` carrying no information: what the server shows for an unset field."""
        node = self.schema(schema)
        if "const" in node:
            return copy.deepcopy(node["const"])
        enum = node.get("enum")
        if isinstance(enum, list) and len(enum) == 1:
            return copy.deepcopy(enum[0])
        if "default" in node:
            return copy.deepcopy(node["default"])
        if self.nullable(node):
            return None
        if "type" not in node and "properties" not in node and "allOf" not in node:
            for key in ("anyOf", "oneOf"):
                if node.get(key):
                    return self.skeleton(node[key][0])
        types = self.types(node)
        if "object" in types:
            props, required = self.properties(node)
            return {name: self.skeleton(props.get(name)) for name in sorted(required) if name in props}
        if "array" in types:
            return []
        if "boolean" in types:
            return False
        if types & {"integer", "number"}:
            return self._smallest_number(node)
        if "string" in types:
            return self._string(node)
        return None

    def _smallest_number(self, node: Schema) -> int:
        for branch in [node, *(self.schema(b) for b in node.get("allOf") or [])]:
            if "minimum" in branch:
                return max(int(branch["minimum"]), 0)
        return 0

    def _string(self, node: Schema) -> Any:
        for branch in [node, *(self.schema(b) for key in ("allOf", "anyOf", "oneOf") for b in node.get(key) or [])]:
            if isinstance(branch.get("enum"), list) and branch["enum"]:
                return branch["enum"][0]
            if id_prefix(branch.get("pattern")):
                return generate_id(branch["pattern"], branch.get("maxLength"))
            if branch.get("format") == "date-time":
                return iso_now()
            if "example" in branch:
                return branch["example"]
        return ""

    def fits(self, value: Any, schema: Any) -> bool:
        """Whether `value`'s JSON type is one `schema` allows (no constraint checks beyond the type)."""
        types = self.types(schema)
        if not types:
            return True
        if value is None:
            return "null" in types
        if isinstance(value, bool):
            return "boolean" in types
        if isinstance(value, int):
            return bool(types & {"integer", "number"})
        kind = {float: "number", str: "string", list: "array", dict: "object"}.get(type(value))
        return kind in types

    def project(self, schema: Any, *sources: JsonObject) -> JsonObject:
        """An object of `schema` taking each field from the first source that has a value of the right type."""
        props, _ = self.properties(schema)
        result: JsonObject = {}
        for name, prop in props.items():
            node = self.schema(prop)
            if "const" in node or len(node.get("enum") or ()) == 1:
                continue
            for source in sources:
                if name in source and self.fits(source[name], node):
                    result[name] = copy.deepcopy(source[name])
                    break
        return self.fill(result, schema)

    def fill(self, value: JsonObject, schema: Any) -> JsonObject:
        """`value` with every required property it lacks set to its skeleton, nested objects included."""
        props, required = self.properties(self.object_schema(schema))
        for name in sorted(required):
            if name not in value and name in props:
                value[name] = self.skeleton(props[name])
        for name, item in value.items():
            if isinstance(item, dict) and name in props:
                self.fill(item, props[name])
        return value

    def object_schema(self, schema: Any) -> Schema:
        """The object-shaped alternative of `schema` (`anyOf: [Price, null]` -> Price)."""
        node = self.schema(schema)
        if "properties" in node or "allOf" in node or "object" in self.types({"type": node.get("type")}):
            return node
        for branch in (self.schema(b) for key in ("anyOf", "oneOf") for b in node.get(key) or []):
            if self.properties(branch)[0]:
                return branch
        return node


def _simplified(pattern: str | None) -> re.Match[str] | None:
    # Optional groups (`^il_(tmp_)?[A-Za-z0-9]+$`) are simply left out of what is generated.
    return _GENERATED.match(_OPTIONAL_GROUP.sub("", pattern or ""))


def id_prefix(pattern: str | None) -> str | None:
    """The literal prefix of an id pattern (`in_` of `^in_[A-Za-z0-9]+$`); None when it is not an id pattern."""
    match = _simplified(pattern)
    return match.group(1) if match and match.group(1) else None


def generate_id(pattern: str, max_length: int | None = None) -> str:
    """A random string matching an id pattern of the form `^prefix[class]{n}` / `+`."""
    match = _simplified(pattern)
    if match is None:
        raise ValueError(f"not an id pattern: {pattern}")
    prefix, klass, quantifier, low, _, high = match.groups()
    alphabet = _alphabet(klass)
    if quantifier.startswith("{"):
        low_n = int(low)
        high_n = low_n if high is None else (int(high) if high else low_n + DEFAULT_ID_LENGTH)
        length = max(low_n, min(high_n, DEFAULT_ID_LENGTH))
    else:
        length = DEFAULT_ID_LENGTH
    if max_length is not None:
        length = max(1, min(length, max_length - len(prefix)))
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def _alphabet(klass: str) -> str:
    chars = []
    i = 0
    while i < len(klass):
        if i + 2 < len(klass) and klass[i + 1] == "-":
            chars += [chr(c) for c in range(ord(klass[i]), ord(klass[i + 2]) + 1)]
            i += 3
        else:
            chars.append(klass[i])
            i += 1
    usable = "".join(c for c in dict.fromkeys(chars) if c in _ALPHANUMERIC)
    return usable or _ALPHANUMERIC


def number_format(pattern: str | None, example: Any) -> Callable[[int, str], str]:
    """How the n-th invoice number of a tenant is written.

    From the pattern when it is a sequence of literals and character classes (`^INV-\\d{4,}$`,
    `^[A-Z0-9]{3,12}-[0-9]{4,}$`): the last digit run is the zero-padded counter and other classes take
    characters derived from the tenant, so a tenant's prefix is stable. Else from the example (`LR-0042`).
    """
    atoms = _atoms(pattern)
    if atoms is not None and any(alphabet == string.digits for alphabet, _, _ in atoms):
        counter = max(i for i, (alphabet, _, _) in enumerate(atoms) if alphabet == string.digits)

        def from_pattern(n: int, seed: str) -> str:
            parts = []
            for i, (alphabet, literal, count) in enumerate(atoms):
                if i == counter:
                    parts.append(f"{n:0{count}d}")
                elif literal is not None:
                    parts.append(literal)
                else:
                    digest = int(hashlib.sha256(f"{seed}:{i}".encode()).hexdigest(), 16)
                    parts.append("".join(alphabet[(digest >> (6 * k)) % len(alphabet)] for k in range(count)))
            return "".join(parts)

        return from_pattern
    found = _TRAILING_DIGITS.match(example) if isinstance(example, str) else None
    if found:
        prefix, width = found.group(1), len(found.group(2))
        return lambda n, seed: f"{prefix}{n:0{width}d}"
    return lambda n, seed: str(n)


def _atoms(pattern: str | None) -> list[tuple[str, str | None, int]] | None:
    """(alphabet, literal, count) per atom of an anchored pattern, or None if it has other constructs."""
    if not pattern or not pattern.startswith("^") or not pattern.endswith("$"):
        return None
    body, pos = pattern[1:-1], 0
    atoms: list[tuple[str, str | None, int]] = []
    while pos < len(body):
        match = _ATOM.match(body, pos)
        if match is None:
            return None
        token, quantifier, low = match.group(1), match.group(2) or "", match.group(3)
        count = int(low) if low else (0 if quantifier in ("*", "?") else 1)
        if token in ("\\d", "[0-9]"):
            atoms.append((string.digits, None, max(count, 1)))
        elif token.startswith("["):
            atoms.append((_alphabet(token[1:-1]), None, max(count, 1)))
        else:
            literal = token[-1]
            atoms.append((literal, literal * max(count, 1), max(count, 1)))
        pos = match.end()
    return atoms


def iso_now() -> str:
    """UTC now, fixed width with milliseconds, so timestamps also sort as strings."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def timestamp(schema: Schema, types: set[str]) -> Any:
    """The current time in the representation a timestamp schema asks for."""
    if "string" in types:
        return datetime.now(UTC).strftime("%Y-%m-%d") if schema.get("format") == "date" else iso_now()
    return int(datetime.now(UTC).timestamp())
