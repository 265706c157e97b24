"""How uvicorn runs the app: httptools for speed, h11 for the requests httptools cannot parse.

httptools refuses request targets over 64 KiB (its URL parser keeps offsets in 16 bits) and answers them
itself with a plain-text `400 Invalid HTTP request received.` before the app runs. Such requests are valid
HTTP, and the conformance suite sends them (a query parameter filled up to its maxLength), so the
connection is handed to uvicorn's h11 protocol instead, which parses the same bytes and lets the app answer
in the API's own error shape. What h11 refuses as well (a NUL byte in a header value, raw non-ASCII in the
request target) is not HTTP/1.1 at all: uvicorn answers it with its plain-text 400, no app can.
"""

from __future__ import annotations

from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# The largest request head (request line and headers) served. The suite's coverage phase builds query
# strings past 1 MiB (Stripe's `expand[]`: any number of items of up to 5000 characters, each one four
# percent-encoded bytes), and a head past the limit gets uvicorn's plain-text 400, not the API's JSON.
MAX_HEAD = 16 * 1024 * 1024


class FallbackProtocol(HttpToolsProtocol):
    """httptools, keeping the raw bytes of each request head until it is parsed, to replay them to h11."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The current request's head so far; None once it is parsed (body bytes are not kept) or too large.
        self._head: bytearray | None = bytearray()

    def data_received(self, data: bytes) -> None:
        if self._head is not None:
            self._head += data
            if len(self._head) > MAX_HEAD:
                self._head = None
        super().data_received(data)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._head = None

    def on_message_complete(self) -> None:
        super().on_message_complete()
        # Clients wait for a response before the next request, so the next bytes start a new head. (A
        # pipelined request in the same packet is not kept and gets no fallback: httptools' own 400.)
        self._head = bytearray()

    def send_400_response(self, msg: str) -> None:
        if not self._head:
            super().send_400_response(msg)
            return
        head, self._head = bytes(self._head), None
        h11 = H11Protocol(self.config, self.server_state, self.app_state, self.loop)
        self.connections.discard(self)
        h11.connection_made(self.transport)
        self.transport.set_protocol(h11)
        h11.data_received(head)


def uvicorn_config(app: Any, *, log_level: str, graceful_shutdown: int) -> uvicorn.Config:
    """The one uvicorn configuration, for the embedded runner and the foreground server alike."""
    return uvicorn.Config(
        app,
        http=FallbackProtocol,
        h11_max_incomplete_event_size=MAX_HEAD,
        log_level=log_level,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=graceful_shutdown,
    )
