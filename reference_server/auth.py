"""API keys to tenants, as the spec's security schemes and `x-auth` describe.

Any well-formed *test* key is a tenant of its own, created on first use, so runs need no reset and a
second key is a second tenant. Live keys are refused: this is a sandbox. A tenant id is a hash of the key,
so keys are never stored or logged.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping

from conformance.spec import Spec

from .domain.errors import Unauthenticated

BASIC, BEARER, RAW = "basic", "bearer", "raw"
MEMO_SIZE = 4096


def _schemes(spec: Spec) -> set[str]:
    """How this API's keys travel, from `components.securitySchemes` of the root security requirements."""
    declared = spec.document.get("components", {}).get("securitySchemes") or {}
    names = [name for requirement in spec.document.get("security") or [{}] for name in requirement] or list(declared)
    found: set[str] = set()
    for name in names:
        scheme = spec.deref(declared.get(name) or {})
        kind, http = scheme.get("type"), str(scheme.get("scheme", "")).lower()
        if kind == "http" and http in (BASIC, BEARER):
            found.add(http)
        elif (
            kind == "apiKey" and scheme.get("in") == "header" and str(scheme.get("name", "")).lower() == "authorization"
        ):
            # The raw key in Authorization; a `Bearer ` prefix is accepted as well.
            found |= {RAW, BEARER}
    return found


class Authenticator:
    def __init__(self, spec: Spec) -> None:
        auth = spec.x.auth
        self.schemes = _schemes(spec)
        self.test_prefix = auth.test_key_prefix
        self.live_prefix = auth.live_key_prefix
        self.pattern = re.compile(auth.key_pattern) if auth.key_pattern else None
        self.salt = spec.x.api_id.encode()
        self._tenants: dict[str, str] = {}

    def key(self, headers: Mapping[str, str]) -> str:
        header = headers.get("authorization", "").strip()
        if not header:
            raise Unauthenticated("No API key provided.")
        scheme, _, credentials = header.partition(" ")
        scheme = scheme.lower()
        if scheme == BASIC and BASIC in self.schemes:
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                raise Unauthenticated("Malformed Basic credentials.") from None
            return decoded.partition(":")[0]
        if scheme == BEARER and BEARER in self.schemes:
            return credentials.strip()
        if RAW in self.schemes and " " not in header:
            return header
        raise Unauthenticated("Unsupported authorization scheme.")

    def tenant(self, headers: Mapping[str, str]) -> str:
        key = self.key(headers)
        if self.pattern is not None and not self.pattern.fullmatch(key):
            raise Unauthenticated("Invalid API key provided.")
        if not hmac.compare_digest(key[: len(self.test_prefix)].encode(), self.test_prefix.encode()):
            if key.startswith(self.live_prefix):
                raise Unauthenticated("Live keys are not accepted by the sandbox; use a test key.")
            raise Unauthenticated("Invalid API key provided.")
        if len(key) <= len(self.test_prefix):
            raise Unauthenticated("Invalid API key provided.")
        tenant = self._tenants.get(key)
        if tenant is None:
            if len(self._tenants) >= MEMO_SIZE:
                self._tenants.clear()
            # A one-way id: the key itself is never stored. Memoized, since this runs on every request.
            tenant = hashlib.sha256(self.salt + b":" + key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
            self._tenants[key] = tenant
        return tenant
