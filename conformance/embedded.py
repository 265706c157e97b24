"""The suite's one door to the reference server (besides `selftest`): the embedded target and `serve`.

Imported lazily by its callers, so `import conformance.engine` and `invoice-conformance --help` do not load
starlette and uvicorn.
"""

from __future__ import annotations

from reference_server.runner import running_server
from reference_server.serve import serve

__all__ = ["running_server", "serve"]
