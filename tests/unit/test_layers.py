"""Imports run one way: the spec core at the bottom, then transport, the run model, checks, engine, reporting,
front ends; the reference server stands on the spec core alone. Every import counts, including the lazy ones
inside functions and those under `TYPE_CHECKING`: a back-edge there is still a back-edge."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("conformance", "reference_server")

# module prefix -> the first-party prefixes it may import (besides itself)
ALLOWED: dict[str, tuple[str, ...]] = {
    "conformance.types": (),
    "conformance.errors": (),
    "conformance.spec": ("conformance.types", "conformance.errors"),
    "conformance.transport": ("conformance.types", "conformance.errors", "conformance.spec"),
    "reference_server": ("conformance.types", "conformance.spec"),
}
# module prefix -> first-party prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "conformance.model": ("conformance.checks", "conformance.engine", "conformance.reporting", "conformance.cli"),
    "conformance.checks": ("conformance.engine", "conformance.reporting", "conformance.cli"),
    "conformance.generation": ("conformance.checks", "conformance.engine", "conformance.reporting", "conformance.cli"),
    "conformance.engine": ("conformance.reporting", "conformance.cli"),
    "conformance.reporting": ("conformance.cli",),
    "conformance.diff": ("conformance.checks", "conformance.engine", "conformance.transport", "conformance.cli"),
}
# The suite reaches the reference server only through these modules.
SERVER_SEAMS = ("conformance.embedded", "conformance.selftest")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[str]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            yield target
            # `from conformance import embedded` imports the submodule, not just a name
            yield from (f"{target}.{alias.name}" for alias in node.names)


def _edges() -> list[tuple[str, str]]:
    edges = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _module_name(path)
            for target in _imports(path):
                if target.split(".")[0] in PACKAGES and _is_module(target):
                    edges.append((module, target))
    return edges


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _rule_breaks(source: str, target: str) -> str | None:
    if _within(target, source.split(".")[0]) and _within(target, _owner(source)):
        return None
    for prefix, allowed in ALLOWED.items():
        if _within(source, prefix) and not _within(target, prefix):
            if not any(_within(target, a) for a in allowed):
                return f"{prefix} may import only {', '.join(allowed) or 'nothing first-party'}"
    for prefix, forbidden in FORBIDDEN.items():
        if _within(source, prefix) and any(_within(target, f) for f in forbidden):
            return f"{prefix} must not import {target}"
    if _within(source, "conformance") and _within(target, "reference_server") and source not in SERVER_SEAMS:
        return f"only {', '.join(SERVER_SEAMS)} import the reference server"
    return None


def _owner(module: str) -> str:
    """The layer a module belongs to: the longest rule prefix it falls under, else its top-level package."""
    prefixes = [p for p in (*ALLOWED, *FORBIDDEN) if _within(module, p)]
    return max(prefixes, key=len) if prefixes else module.split(".")[0]


def test_imports_run_one_way() -> None:
    breaks = [f"{source} -> {target}: {why}" for source, target in _edges() if (why := _rule_breaks(source, target))]
    assert not breaks, "\n".join(breaks)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("conformance.spec.load", "conformance.engine.runner"),
        ("conformance.transport.http", "conformance.model.results"),
        ("conformance.checks.context", "conformance.engine.runner"),
        ("reference_server.validation", "conformance.generation.strategies"),
        ("conformance.engine.runner", "reference_server.runner"),
        ("conformance.model.results", "conformance.checks.failures"),
    ],
)
def test_a_back_edge_is_caught(source: str, target: str) -> None:
    assert _rule_breaks(source, target) is not None


def test_the_walk_sees_lazy_imports() -> None:
    assert ("conformance.engine.runner", "conformance.embedded") in _edges()
