"""Every error the suite raises on purpose, and the exit code each root maps to.

    ConformanceError                 base; never raised directly
    ├── UsageError                   exit 2: wrong flags or configuration
    ├── SpecError                    exit 2: a spec cannot be read or parsed
    │   └── SpecLintError            exit 1: a readable spec breaks a rule (lint only)
    ├── TargetError                  exit 2: the target cannot be reached at all
    └── LiveKeyRefused               exit 2: a live-looking key without --allow-live

The CLI catches only `ConformanceError` and prints `error: <message>` on one line.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2


class ConformanceError(Exception):
    exit_code = EXIT_USAGE


class UsageError(ConformanceError):
    pass


class SpecError(ConformanceError):
    pass


class SpecLintError(SpecError):
    exit_code = EXIT_FAILURES


class TargetError(ConformanceError):
    pass


class LiveKeyRefused(ConformanceError):
    pass
