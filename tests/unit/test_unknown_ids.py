"""Unknown ids of the right shape: they must reach the target's lookup, not stop at path validation."""

from __future__ import annotations

import re

import pytest

from conformance.checks.context import shaped_like


@pytest.mark.parametrize(
    ("known", "pattern"),
    [
        ("in_1PDqRZLkdIwHu7ixeF2QYtJZ", "^in_[A-Za-z0-9]+$"),
        ("inv_0a1b2c3d4e5f6a7b8c9d0", "^inv_[0-9A-Za-z]{21}$"),
        ("tb_abcdefghijklmnopqrst", "^tb_[a-z0-9]{20}$"),
        ("inv_9f3e2d1c0b", "^inv_[0-9a-f]+$"),
        ("inv_zzzzzzzzzz", "^inv_[a-z]{10}$"),
    ],
)
def test_another_id_of_the_same_shape(known: str, pattern: str) -> None:
    other = shaped_like(known, pattern)
    assert other is not None and other != known
    assert re.search(pattern, other) and len(other) == len(known)


def test_digits_shift_first_so_hex_stays_hex() -> None:
    assert shaped_like("inv_abcdef12", "^inv_[0-9a-f]+$") == "inv_abcdef23"


def test_none_when_no_shift_keeps_the_shape() -> None:
    assert shaped_like("inv_abcdefab", "^inv_[a-f]+$") is None
