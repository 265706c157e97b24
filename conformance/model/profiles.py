"""Run profiles: how hard to hammer. One table, read by the schema phases and behavioural checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    max_examples: int
    stateful: bool
    stateful_steps: int
    behaviour_examples: int


PROFILES = {
    "quick": Profile("quick", max_examples=8, stateful=False, stateful_steps=5, behaviour_examples=5),
    "standard": Profile("standard", max_examples=25, stateful=True, stateful_steps=10, behaviour_examples=15),
    "thorough": Profile("thorough", max_examples=150, stateful=True, stateful_steps=25, behaviour_examples=60),
}
PROFILE_NAMES = tuple(PROFILES)
