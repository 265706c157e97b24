"""The client behavioural checks use: spec-aware serialization, timeouts, a body cap, redaction.

Checks never see `requests`; they get an `Answer` (status, headers, parsed JSON) or a `TransportError`.
"""

from __future__ import annotations

import json
import shlex
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests

from conformance.spec import form_brackets

from .exchange import Exchange
from .redact import Redactor

MAX_BODY_BYTES = 10 * 1024 * 1024


class TransportError(Exception):
    """The target gave no usable HTTP answer: refused, timed out, garbage, oversized, TLS."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str
    exchange: Exchange
    json: Any = None
    is_json: bool = False


@dataclass
class Client:
    base_url: str
    headers: dict[str, str]
    redactor: Redactor
    timeout: float = 10.0
    session: requests.Session = field(default_factory=requests.Session)
    sent: int = 0

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        media_type: str = "application/json",
        query: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        url = self.base_url.rstrip("/") + path
        all_headers = dict(self.headers) | dict(headers or {})
        data: bytes | None = None
        if body is not None:
            data = (
                form_brackets.encode(body)
                if media_type == form_brackets.MEDIA_TYPE
                else json.dumps(body).encode("utf-8")
            )
            all_headers.setdefault("Content-Type", media_type)
        if query:
            url += "?" + urlencode({k: v for k, v in query.items() if v is not None})
        started = time.perf_counter()
        self.sent += 1
        try:
            response = self.session.request(
                method.upper(),
                url,
                data=data,
                headers=all_headers,
                timeout=self.timeout,
                allow_redirects=False,
                stream=True,
            )
            raw = response.raw.read(MAX_BODY_BYTES + 1, decode_content=True)
            response.close()
        except requests.RequestException as exc:
            raise TransportError(failure_reason(exc)) from None
        if len(raw) > MAX_BODY_BYTES:
            raise TransportError(f"response body larger than {MAX_BODY_BYTES // (1024 * 1024)} MB")
        text = raw.decode("utf-8", errors="replace")
        exchange = Exchange(
            method=method.upper(),
            url=self.redactor.text(url),
            request_headers=self.redactor.headers(all_headers),
            request_body=self.redactor.text(data.decode("utf-8", errors="replace")) if data else None,
            status=response.status_code,
            response_headers=self.redactor.headers(dict(response.headers)),
            response_body=self.redactor.text(text[:4000]),
            elapsed=round(time.perf_counter() - started, 4),
        )
        answer = Answer(response.status_code, dict(response.headers), text, exchange)
        try:
            answer.json, answer.is_json = json.loads(text), True
        except ValueError:
            pass
        return answer


def curl_command(exchange: Exchange) -> str:
    """A copy-paste reproduction; secrets are already redacted in `exchange`."""
    parts = ["curl", "-X", exchange.method, shlex.quote(exchange.url)]
    for name, value in exchange.request_headers.items():
        if name.lower() not in ("content-length", "accept-encoding", "connection", "user-agent", "accept"):
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    if exchange.request_body:
        parts += ["--data-raw", shlex.quote(exchange.request_body)]
    return " ".join(parts)


def failure_reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error"
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.ReadTimeout):
        return "timed out"
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc)
        if "Name or service not known" in text or "nodename nor servname" in text or "NameResolution" in text:
            return "DNS lookup failed"
        if "refused" in text.lower():
            return "connection refused"
        return "connection failed"
    return exc.__class__.__name__
