"""A deliberately hostile HTTP target: hangs, garbage, huge bodies, redirect loops, HTML instead of JSON."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import time
from collections.abc import Iterator

BIG = 50 * 1024 * 1024


class _Handler(socketserver.BaseRequestHandler):
    mode = "garbage"

    def handle(self) -> None:
        self.request.settimeout(5)
        try:
            self.request.recv(65536)
            if self.mode == "hang":
                time.sleep(3)
            elif self.mode == "garbage":
                self.request.sendall(b"\x00\xffthis is not HTTP\r\n\r\n")
            elif self.mode == "redirect":
                self.request.sendall(b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n")
            elif self.mode == "html":
                body = b"<html>hello</html>"
                head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
                self.request.sendall(head.encode() + body)
            elif self.mode == "huge":
                head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {BIG}\r\n\r\n["
                self.request.sendall(head.encode())
                chunk = b"1," * 65536
                sent = 1
                while sent < BIG - len(chunk):
                    self.request.sendall(chunk)
                    sent += len(chunk)
        except OSError:
            pass


@contextlib.contextmanager
def hostile_server(mode: str) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"mode": mode})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
