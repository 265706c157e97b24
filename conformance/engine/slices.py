"""How a run's schema phases are cut into slices that run on engines of their own, likely longest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from conformance.model.profiles import Profile
from conformance.spec import Spec, pointer


@dataclass(frozen=True)
class Slice:
    """A part of the schema phases that runs on an engine of its own.

    `operations` None means every operation; `stateful` True runs only the stateful phase, False only the
    per-operation phases (examples, coverage, fuzzing), None all of them.
    """

    operations: tuple[str, ...] | None = None
    stateful: bool | None = None


def plan_slices(spec: Spec, operations: Sequence[str] | None, profile: Profile, workers: int) -> list[Slice]:
    """How to cut one API's schema phases for `workers` processes, likely longest first.

    One worker: a single engine, as schemathesis runs it. More: the stateful phase, and each operation's
    per-operation phases on their own, so the pool balances them. (An operation then no longer reuses
    ids another operation's responses carried; the stateful phase and the behavioural checks follow those
    links.) Longest first, so that no long slice starts last while the other workers idle.
    """
    chosen = tuple(operations) if operations is not None else None
    if workers <= 1:
        return [Slice(chosen)]
    stateful = [Slice(chosen, stateful=True)] if profile.stateful else []
    names = sorted(chosen if chosen is not None else spec.operations)
    by_cost = sorted(names, key=lambda name: -generation_cost(spec, spec.operations[name].definition))
    return [*stateful, *(Slice((name,), stateful=False) for name in by_cost)]


def generation_cost(spec: Spec, node: Any, seen: set[str] | None = None) -> int:
    """A rough size of what generating requests for `node` takes: the characters of its schemas, `$ref`s
    followed once. A regex weighs ten times its length: strings are built from it character by character,
    and the coverage phase also searches for matches at the length bounds."""
    seen = set() if seen is None else seen
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return 0
            seen.add(ref)
            return generation_cost(spec, pointer.get(spec.document, ref.removeprefix("#"), {}), seen)
        total = 0
        for key, value in node.items():
            if key in _NOT_GENERATED:
                continue
            total += (
                10 * len(value) if key == "pattern" and isinstance(value, str) else generation_cost(spec, value, seen)
            )
        return total
    if isinstance(node, list):
        return sum(generation_cost(spec, item, seen) for item in node)
    return len(node) if isinstance(node, str) else 1


_NOT_GENERATED = frozenset({"description", "summary", "example", "examples", "responses", "x-assumption"})
