"""Find and read specs: bundled API names or paths, YAML or JSON, into an indexed `Spec`."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from conformance.errors import SpecError
from conformance.types import ApiId, JsonObject, OperationId

from .extensions import Extensions, parse_extensions

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SPEC_FILE = "openapi.yaml"


def specs_dir() -> Path:
    """The bundled `specs/` folder: packaged data when installed, the repo folder in a source checkout."""
    packaged = Path(str(resources.files("conformance") / "_specs"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "specs"


def bundled_api_ids() -> list[ApiId]:
    root = specs_dir()
    return sorted(p.parent.name for p in root.glob(f"*/{SPEC_FILE}"))


def spec_path(name_or_path: str | Path) -> Path:
    """A bundled API id (`stripe`) or a filesystem path to a spec file."""
    candidate = specs_dir() / str(name_or_path) / SPEC_FILE
    if isinstance(name_or_path, str) and "/" not in name_or_path and candidate.is_file():
        return candidate
    path = Path(name_or_path)
    if not path.exists():
        known = ", ".join(bundled_api_ids())
        raise SpecError(f"{name_or_path}: no such file and not a bundled API (known: {known})")
    return path


def read_document(path: Path) -> JsonObject:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: cannot read: {exc.__class__.__name__}: {exc}") from None
    try:
        # libyaml's CSafeLoader when present: ~10x faster, which the embedded server's startup needs.
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_YAML_LOADER)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SpecError(f"{path}: not valid YAML/JSON: {first_line}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}: top level is {type(data).__name__}, expected a mapping")
    return data


@dataclass(frozen=True)
class Operation:
    operation_id: OperationId
    method: str
    path: str
    definition: JsonObject

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


class Spec:
    """One API contract: the raw document, its operations by id and its typed `x-` blocks."""

    def __init__(self, document: JsonObject, path: Path | None = None) -> None:
        self.document = document
        self.path = path
        self.operations: dict[OperationId, Operation] = {}
        for route, item in (document.get("paths") or {}).items():
            for method in HTTP_METHODS:
                op = (item or {}).get(method)
                if isinstance(op, dict) and op.get("operationId"):
                    self.operations[op["operationId"]] = Operation(op["operationId"], method, route, op)

    @functools.cached_property
    def x(self) -> Extensions:
        return parse_extensions(self.document)

    @property
    def api_id(self) -> ApiId:
        return str(self.document["x-api"]["id"])

    @property
    def title(self) -> str:
        return str(self.document.get("info", {}).get("title", self.api_id))

    @property
    def version(self) -> str:
        return str(self.document.get("info", {}).get("version", ""))

    @property
    def server_path(self) -> str:
        """Path part of the first server URL (`/v1`), the prefix every operation path hangs off."""
        servers = self.document.get("servers") or [{"url": "/"}]
        return str(urlsplit(str(servers[0].get("url", "/"))).path).rstrip("/")

    def resolve(self, ref: str) -> Any:
        """Follow a local `$ref` (`#/components/...`)."""
        if not ref.startswith("#"):
            raise SpecError(f"only local $refs are supported, got {ref!r}")
        node: Any = self.document
        for part in ref[1:].split("/")[1:]:
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def deref(self, node: Any) -> Any:
        """`node` itself, or what its `$ref` points at (one level at a time until none is left)."""
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(f"circular $ref {ref!r}")
            seen.add(ref)
            node = self.resolve(ref)
        return node

    def example(self, ref: str) -> Any:
        return self.deref({"$ref": ref}).get("value")


def load_spec(name_or_path: str | Path) -> Spec:
    path = spec_path(name_or_path)
    return Spec(read_document(path), path)
