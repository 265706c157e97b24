"""Credentials as each API's security scheme says to send them, and the live-key guard."""

from __future__ import annotations

import base64

from conformance.errors import LiveKeyRefused, SpecError
from conformance.spec import Spec


def _first_scheme(spec: Spec) -> dict[str, str]:
    schemes = (spec.document.get("components") or {}).get("securitySchemes") or {}
    for requirement in spec.document.get("security") or []:
        for name in requirement:
            if name in schemes:
                return dict(spec.deref(schemes[name]))
    if schemes:
        return dict(spec.deref(next(iter(schemes.values()))))
    raise SpecError(f"{spec.api_id}: no securitySchemes to send a key with")


def auth_headers(spec: Spec, key: str) -> dict[str, str]:
    """`{header: value}` carrying `key`: Basic key-as-username, Bearer, or the raw key in an apiKey header."""
    scheme = _first_scheme(spec)
    kind, flavour = scheme.get("type"), str(scheme.get("scheme", "")).lower()
    if kind == "http" and flavour == "basic":
        return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode("ascii")}
    if kind == "http" and flavour == "bearer":
        return {"Authorization": f"Bearer {key}"}
    if kind == "apiKey" and scheme.get("in") == "header":
        return {str(scheme["name"]): key}
    raise SpecError(f"{spec.api_id}: unsupported security scheme {kind}/{flavour or scheme.get('in')}")


def refuse_live_key(spec: Spec, key: str, *, allow_live: bool) -> None:
    prefix = spec.x.auth.live_key_prefix
    if not allow_live and (key.startswith(prefix) or "_live_" in key):
        raise LiveKeyRefused(f"{spec.api_id}: the key looks live ({prefix}...); pass --allow-live to test it anyway")
