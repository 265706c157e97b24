"""A target: one API's spec, where it lives and the keys to call it with."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from conformance.model.results import ApiInfo
from conformance.spec import Spec
from conformance.transport.auth import auth_headers
from conformance.transport.base import Transport
from conformance.transport.redact import Redactor


@dataclass(frozen=True)
class Target:
    spec: Spec
    base_url: str
    key: str
    other_key: str | None = None
    transport: Transport = field(default_factory=Transport, compare=False)

    @property
    def headers(self) -> dict[str, str]:
        return auth_headers(self.spec, self.key)

    @property
    def other_headers(self) -> dict[str, str] | None:
        return auth_headers(self.spec, self.other_key) if self.other_key else None

    @property
    def redactor(self) -> Redactor:
        keys = [k for k in (self.key, self.other_key) if k]
        prefixes = [self.spec.x.auth.test_key_prefix, self.spec.x.auth.live_key_prefix]
        return Redactor(keys, prefixes)

    @property
    def info(self) -> ApiInfo:
        return ApiInfo(self.spec.api_id, self.spec.title, self.spec.version, self.base_url)


def sandbox_key(spec: Spec) -> str:
    """A fresh well-formed test key: on the reference server each key is a new, empty tenant."""
    return spec.x.auth.test_key_prefix + "conformance" + secrets.token_hex(12)
