"""An ASGI app as a target, in-process: the same client stack, no socket, no server thread.

`AsgiTransport(app)` hands out `requests` sessions whose adapter calls `app` directly, so a behavioural check
runs unchanged against a reference server (or a broken variant of it) built in the test. The app runs on one
event loop in a background thread (an anyio blocking portal), opened on first use and closed by `close()`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

import anyio
import anyio.from_thread
import requests
import urllib3
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from .base import Transport

ASGIApp = Any  # a callable (scope, receive, send) -> awaitable; typed loosely so this layer needs no starlette


class AsgiTransport(Transport):
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._portal: anyio.from_thread.BlockingPortal | None = None
        self._portal_context: Any = None

    def session(self) -> requests.Session:
        session = requests.Session()
        adapter = _AsgiAdapter(self)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def portal(self) -> anyio.from_thread.BlockingPortal:
        if self._portal is None:
            self._portal_context = anyio.from_thread.start_blocking_portal()
            self._portal = self._portal_context.__enter__()
        return self._portal

    def close(self) -> None:
        if self._portal_context is not None:
            self._portal_context.__exit__(None, None, None)
            self._portal = self._portal_context = None


class _AsgiAdapter(BaseAdapter):
    def __init__(self, transport: AsgiTransport) -> None:
        super().__init__()
        self.transport = transport

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        seconds = timeout[1] if isinstance(timeout, tuple) else timeout
        body = request.body.encode("utf-8") if isinstance(request.body, str) else (request.body or b"")
        scope = _scope(request)
        try:
            status, headers, content = self.transport.portal().call(_call, self.transport.app, scope, body, seconds)
        except TimeoutError:
            raise requests.exceptions.ReadTimeout(f"no answer within {seconds} s", request=request) from None
        response = requests.Response()
        response.status_code = status
        response.headers = CaseInsensitiveDict(headers)
        response.raw = urllib3.HTTPResponse(
            body=io.BytesIO(content), headers=headers, status=status, preload_content=False, decode_content=False
        )
        response.url = request.url or ""
        response.request = request
        response.reason = ""
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        return response

    def close(self) -> None:
        """The portal belongs to the transport, which outlives any one session."""


def _scope(request: requests.PreparedRequest) -> dict[str, Any]:
    url = urlsplit(request.url or "")
    host = url.hostname or "testserver"
    port = url.port or (443 if url.scheme == "https" else 80)
    headers = [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in request.headers.items()]
    if not any(name == b"host" for name, _ in headers):
        headers.append((b"host", (url.netloc or host).encode("latin-1")))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": (request.method or "GET").upper(),
        "scheme": url.scheme or "http",
        "path": unquote(url.path) or "/",
        "raw_path": (url.path or "/").encode("latin-1"),
        "query_string": url.query.encode("latin-1"),
        "root_path": "",
        "headers": headers,
        "server": (host, port),
        "client": ("127.0.0.1", 50000),
        "extensions": {},
    }


async def _call(
    app: ASGIApp, scope: dict[str, Any], body: bytes, timeout: float | None
) -> tuple[int, dict[str, str], bytes]:
    sent = False
    finished = anyio.Event()
    status = 500
    headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await finished.wait()  # like a client that hangs up once it has the whole response
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
            for name, value in message.get("headers", ()):
                key = name.decode("latin-1")
                text = value.decode("latin-1")
                headers[key] = f"{headers[key]}, {text}" if key in headers else text
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                finished.set()

    with anyio.fail_after(timeout):
        await app(scope, receive, send)
    return status, headers, b"".join(chunks)
