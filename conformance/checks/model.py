"""The lifecycle as a model: which state an action should lead to, and how to reach a state."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from conformance.spec.extensions import Lifecycle, Transition

DELETED = "<deleted>"


def outcome(lifecycle: Lifecycle, transition: Transition, state: str, *, zero_total: bool) -> str | None:
    """The state after `transition` from `state`, DELETED, or None when the transition is illegal there."""
    if not lifecycle.allows(transition.operation, state):
        return None
    if transition.target is None:
        return DELETED
    if zero_total and transition.target_if_zero:
        return transition.target_if_zero
    return transition.target


def path_to(lifecycle: Lifecycle, goal: str, *, zero_total: bool = False) -> list[Transition] | None:
    """Shortest sequence of transitions from the initial state to `goal`, or None when unreachable."""
    queue: deque[tuple[str, list[Transition]]] = deque([(lifecycle.initial, [])])
    seen = {lifecycle.initial}
    while queue:
        state, path = queue.popleft()
        if state == goal:
            return path
        for transition in lifecycle.transitions:
            after = outcome(lifecycle, transition, state, zero_total=zero_total)
            if after is not None and after != DELETED and after not in seen:
                seen.add(after)
                queue.append((after, [*path, transition]))
    return None


def number_order(value: Any) -> tuple[int, str]:
    """Invoice numbers in issue order: INV-0010 after INV-0009, INV-10 after INV-9."""
    digits = re.findall(r"\d+", str(value))
    return (int(digits[-1]) if digits else -1, str(value))
