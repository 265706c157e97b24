"""The ASGI app: one `Mount("/<api><server path>")` per registered adapter, errors rendered per API.

`create_app` is also the seam for fault injection: a broken variant passes other pipeline `steps`, a
`service` factory subclassing `InvoiceService`, or extra starlette `middleware`, and the core stays as is.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from conformance.spec import load_spec

from .adapters import ADAPTERS
from .adapters.base import Adapter
from .api import Api, Endpoint, ServiceFactory
from .domain.errors import DomainError, Invalid, NotFound, TooLarge
from .domain.invoices import InvoiceService
from .pipeline import DEFAULT_STEPS, Call, Step
from .responses import json_reply
from .storage.base import Storage
from .storage.sqlite import SqliteStorage
from .validation import Inputs

MAX_BODY = 1024 * 1024
# Every route takes all of them and answers 405 itself (see `_endpoint`).
HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]
API_KEY = "reference_server.api"
ENDPOINT_KEY = "reference_server.endpoint"
log = logging.getLogger("reference_server")


class _ApiScope:
    """Marks requests under one API's mount, so error handlers render that API's error shape."""

    def __init__(self, api: Api, app: ASGIApp) -> None:
        self.api, self.app = api, app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[API_KEY] = self.api
        await self.app(scope, receive, send)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit():
        if int(declared) > limit:
            raise TooLarge(f"The request body is larger than {limit} bytes.")
        return await request.body()
    # No length given (chunked): count while reading.
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _endpoint(api: Api, endpoints: dict[str, Endpoint]) -> Callable[[Request], Any]:
    """One route per path, taking every method: dispatch here, so a 405's `Allow` lists every documented method
    and a literal path answers 405 itself rather than letting a templated one take the request (OpenAPI matches
    `/invoices/search` before `/invoices/{invoice}`, whatever the method)."""
    allow = ", ".join([*endpoints, *(["HEAD"] if "GET" in endpoints else [])])

    async def handle(request: Request) -> Response:
        endpoint = endpoints.get(request.method if request.method != "HEAD" else "GET")
        if endpoint is None:
            raise HTTPException(405, headers={"Allow": allow})
        request.scope[ENDPOINT_KEY] = endpoint
        body = await _read_body(request, MAX_BODY)
        inputs = Inputs(
            path=request.path_params,
            query=request.query_params.multi_items(),
            headers=request.headers,
            content_type=request.headers.get("content-type", ""),
            body=body,
        )
        reply = endpoint.run(Call(api, endpoint, inputs))
        return Response(reply.body, status_code=reply.status, media_type=reply.content_type)

    return handle


def _routes(api: Api) -> list[Route]:
    by_path: dict[str, dict[str, Endpoint]] = {}
    for endpoint in api.endpoints:
        by_path.setdefault(endpoint.operation.path, {})[endpoint.operation.method.upper()] = endpoint
    # Literal paths first, so `/invoices/search` is not taken for an invoice id.
    ordered = sorted(by_path.items(), key=lambda item: ("{" in item[0], item[0]))
    return [Route(path, _endpoint(api, endpoints), methods=HTTP_METHODS) for path, endpoints in ordered]


def _api_of(request: Request) -> Api | None:
    found: Api | None = request.scope.get(API_KEY)
    if found is None:
        # Under an API's prefix but matched by no mount: starlette's mount pattern stops at a newline
        # (`/invoices/%0A/pay`); the answer still belongs to that API.
        path = request.url.path
        found = next((a for a in request.app.state.apis.values() if path.startswith(a.prefix + "/")), None)
    return found


def _render(request: Request, error: DomainError, headers: Mapping[str, str] | None = None) -> Response:
    api = _api_of(request)
    if api is None:
        reply = json_reply(error.status or 404, {"error": {"message": error.message}})
    else:
        endpoint: Endpoint | None = request.scope.get(ENDPOINT_KEY)
        reply = api.errors.reply(error, endpoint.operation if endpoint else None)
    return Response(reply.body, status_code=reply.status, media_type=reply.content_type, headers=headers)


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return _render(request, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return _render(request, Invalid("Method not allowed for this URL.", status=405), exc.headers)
    return _render(request, NotFound("Unrecognized request URL.", status=exc.status_code))


async def _unexpected(request: Request, exc: Exception) -> Response:
    # Last resort: the API's error shape with a 500, never a traceback on the wire.
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return _render(request, DomainError("Internal error.", status=500))


def create_app(
    database: str | Path | Storage = ":memory:",
    *,
    adapters: Mapping[str, Adapter] = ADAPTERS,
    steps: Sequence[Step] = DEFAULT_STEPS,
    service: ServiceFactory = InvoiceService,
    middleware: Sequence[Middleware] = (),
) -> Starlette:
    """The reference server for every API in `adapters` (default: all bundled specs with an adapter)."""
    storage = database if not isinstance(database, str | Path) else SqliteStorage(database)
    apis = [Api(load_spec(api_id), adapter, storage, steps, service) for api_id, adapter in adapters.items()]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        storage.close()

    app = Starlette(
        routes=[Mount(api.prefix, app=_ApiScope(api, Router(_routes(api)))) for api in apis],
        middleware=list(middleware),
        exception_handlers={DomainError: _domain_error, HTTPException: _http_error, Exception: _unexpected},
        lifespan=lifespan,
    )
    app.state.apis = {api.x.api_id: api for api in apis}
    app.state.storage = storage
    return app
