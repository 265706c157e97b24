"""Idempotency keys as `x-idempotency` declares them: first response replayed byte for byte, mismatch refused.

The lookup, the work and the saved response share one storage transaction, so two requests with one key
can never both create an invoice: the second waits for the first and then replays its response.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.spec.extensions import Idempotency

from ..storage.base import IdempotencyRecord, Storage
from .errors import IdempotencyMismatch, Invalid

_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
DEFAULT_RETENTION = 24 * 3600.0
MISMATCH_MESSAGE = "Keys for idempotent requests can only be used with the same parameters they were first used with."


@dataclass(frozen=True)
class Outcome:
    """A response as idempotency sees it: status, media type and the exact bytes sent."""

    status: int
    content_type: str
    body: bytes


def retention_seconds(duration: str | None) -> float:
    match = _DURATION.match(duration or "")
    if not match or not any(match.groups()):
        return DEFAULT_RETENTION
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return float(((days * 24 + hours) * 60 + minutes) * 60 + seconds)


def fingerprint(operation: str, path_params: dict[str, Any], body: Any) -> str:
    """What "the same request" means: same operation, same path parameters, same (parsed) body."""
    canonical = json.dumps([operation, path_params, body], sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyKeys:
    def __init__(self, api: str, storage: Storage, declared: Idempotency) -> None:
        self.api = api
        self.storage = storage
        self.declared = declared
        self.retention = retention_seconds(declared.retention)

    def check_key(self, key: str) -> None:
        limit = self.declared.max_length
        if not key or (limit is not None and len(key) > limit):
            raise Invalid(f"{self.declared.header} must be 1 to {limit} characters", param=self.declared.header)

    def run(self, tenant: str, key: str, print_: str, work: Callable[[], Outcome]) -> Outcome:
        """The saved outcome for `key`, or `work()`'s, saved when it succeeded (2xx)."""
        self.check_key(key)
        with self.storage.transaction():
            saved = self.storage.idempotency_get(self.api, tenant, key)
            if saved is not None and time.time() - saved.created < self.retention:
                if saved.fingerprint != print_:
                    raise IdempotencyMismatch(MISMATCH_MESSAGE)
                return Outcome(saved.status, saved.content_type, saved.body)
            outcome = work()
            if 200 <= outcome.status < 300:
                record = IdempotencyRecord(print_, outcome.status, outcome.content_type, outcome.body, time.time())
                self.storage.idempotency_put(self.api, tenant, key, record)
            return outcome
