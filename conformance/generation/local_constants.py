"""Hypothesis without the constants of whatever local source happens to be loaded.

Hypothesis now and then draws a literal (short strings, numbers) from the "local" modules in
`sys.modules`, those outside site-packages and the stdlib, to reach the branches of the code under test.
Our code under test is a remote target, so those literals are noise, and they do harm: the data a seed
generates depends on which local modules are loaded (a source checkout, the user's own test modules
under the pytest plugin, the script that started the run), so one `--seed` sent different requests from
different entry points; adding a few rows to `bench/suite.py` took its flowglad run at seed 2 from 10 s to
24-29 s, all of it in a longer stateful phase; and Hypothesis caches them under `.hypothesis/constants/`
in the user's working directory.

Hypothesis has no setting for this, so `local_constants_ignored` swaps out the private function that
collects them, for the duration of our own generation only: a user's Hypothesis tests in the same pytest
session keep the feature. `tests/unit/test_local_constants.py` fails if an upgrade moves it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants

_NONE = Constants()


def _no_local_constants() -> Constants:
    return _NONE


@contextlib.contextmanager
def local_constants_ignored() -> Iterator[None]:
    """Inside, Hypothesis draws no literal from local modules; on leaving, the process' own way comes back."""
    collect = providers._get_local_constants
    setattr(providers, "_get_local_constants", _no_local_constants)  # setattr: private, and a function
    try:
        yield
    finally:
        setattr(providers, "_get_local_constants", collect)
