"""How bytes reach a target, as one seam: a transport hands out the `requests` sessions every client sends with."""

from __future__ import annotations

import requests


class Transport:
    """Over the network: plain `requests` sessions. Subclasses (`asgi.AsgiTransport`) mount other adapters."""

    def session(self) -> requests.Session:
        return requests.Session()

    def close(self) -> None:
        """Release what the transport holds beyond its sessions (nothing, over the network)."""
