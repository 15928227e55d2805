"""The simulator's ASGI application: ``create_app(state) -> Starlette``.

``/api/v1`` is dispatched by :class:`LocalApi` rather than Starlette's router so that session ids
may be any string (including an encoded ``/``): the raw path is split on ``/`` and each segment is
percent-decoded. Per request it applies, in order: latency, the 500 fault, bearer auth (401), route
lookup (404/405), the mode gate (403), the handler, the malformed-JSON fault; then it logs.
Control routes (``/_simulator``), ``/openapi.json`` and ``/docs`` live outside and see no faults.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import Any
from urllib.parse import parse_qs, quote, unquote

from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.types import Receive, Scope, Send

from sessiondock_launcher.simulator import control
from sessiondock_launcher.simulator.envelopes import (
    API_PREFIX,
    MSG_DISABLED,
    MSG_READ_ONLY,
    MSG_UNAUTHORIZED,
    ApiError,
    data_response,
    error_response,
    origin_of,
)
from sessiondock_launcher.simulator.routes import ROUTES
from sessiondock_launcher.simulator.routing import Route as ApiRoute
from sessiondock_launcher.simulator.routing import RouteContext
from sessiondock_launcher.simulator.state import SimulatorState

__all__ = ["API_PREFIX", "LocalApi", "create_app", "origin_of"]

logger = logging.getLogger(__name__)

RECENT_REQUESTS = 20
_ERROR_PAGE = (
    "<!doctype html><html><head><title>500 Internal Server Error</title></head>"
    "<body><h1>Internal Server Error</h1><p>simulated fault</p></body></html>"
)


def _segments(scope: Scope) -> list[str]:
    raw = scope.get("raw_path") or quote(scope.get("path", "")).encode()
    path = raw.decode("latin-1").split("?", 1)[0]
    rest = path[len(API_PREFIX) :] if path.startswith(API_PREFIX) else path
    return [unquote(part) for part in rest.strip("/").split("/")] if rest.strip("/") else []


def _match(route: ApiRoute, segments: list[str]) -> dict[str, str] | None:
    if len(route.pattern) != len(segments):
        return None
    params: dict[str, str] = {}
    for part, value in zip(route.pattern, segments, strict=True):
        if part.startswith("{"):
            params[part[1:-1]] = value
        elif part != value:
            return None
    return params


def _health(state: SimulatorState, origin: str) -> Response:
    config = state.config
    port = int(origin.rsplit(":", 1)[1]) if origin.count(":") >= 2 else 80
    recent = [
        {"method": r["method"], "path": r["path"], "statusCode": r["status"], "at": r["at"]}
        for r in list(state.requests)[-RECENT_REQUESTS:]
    ]
    data: dict[str, Any] = {
        "status": "ok",
        "configuredMode": config.configured_mode,
        "effectiveMode": config.effective_mode,
        "running": True,
        "port": port,
        "baseUrl": origin + API_PREFIX,
        "docsUrl": origin + "/docs",
        "requestCount": state.request_count,
        "recentRequests": recent,
    }
    if state.last_error:
        data["lastError"] = state.last_error
    return data_response(data)


def _log_body(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


class LocalApi:
    """ASGI app for everything under ``/api/v1`` (mounted by :func:`create_app`)."""

    def __init__(self, state: SimulatorState) -> None:
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        raw_body = await request.body()
        state = self.state
        state.begin_request()
        config = state.config
        if config.latency_s > 0:
            await asyncio.sleep(config.latency_s)
        authorized = self._authorized(request)
        if state.roll(config.error_rate):
            response: Response = HTMLResponse(_ERROR_PAGE, status_code=500)
        else:
            response = self._respond(request, raw_body, authorized)
            if state.roll(config.malformed_rate) and response.media_type == "application/json":
                body = bytes(response.body)
                response = Response(
                    body[: max(1, len(body) // 2)],
                    status_code=response.status_code,
                    headers={k: v for k, v in response.headers.items() if k != "content-length"},
                    media_type="application/json",
                )
        state.record(
            {
                "method": request.method,
                "path": request.url.path,
                "query": parse_qs(request.url.query, keep_blank_values=True),
                "body": _log_body(raw_body),
                "status": response.status_code,
                "at": state.now_iso(),
                "authorized": authorized,
            }
        )
        # ``sessiondock-simulator -v``: one line a request (the path is logged as received:
        # a test tool on loopback, but a hostile path must not forge log lines, hence %r).
        logger.info("%s %r -> %d", request.method, request.url.path, response.status_code)
        await response(scope, receive, send)

    def _authorized(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        expected = self.state.config.token
        return scheme.lower() == "bearer" and secrets.compare_digest(
            token.strip().encode("utf-8"), expected.encode("utf-8")
        )

    def _respond(self, request: Request, raw_body: bytes, authorized: bool) -> Response:
        if not authorized:
            return error_response(
                ApiError(401, "unauthorized", MSG_UNAUTHORIZED), {"WWW-Authenticate": "Bearer"}
            )
        segments = _segments(request.scope)
        origin = origin_of(request.scope)
        state = self.state
        try:
            if segments == ["health"]:
                if request.method != "GET":
                    raise ApiError(405, "method_not_allowed", "Method not allowed.")
                with state.lock:
                    return _health(state, origin)
            route, params = _resolve(segments, request.method)
            _check_mode(state.config.effective_mode, write=route.write)
            ctx = RouteContext(state, params, QueryParams(request.url.query), raw_body, origin)
            with state.lock:
                return route.handler(ctx)
        except ApiError as exc:
            return error_response(exc)


def _resolve(segments: list[str], method: str) -> tuple[ApiRoute, dict[str, str]]:
    """The route and path parameters for a request; ApiError 404/405 when there is none."""
    path_matched = False
    for route in ROUTES:
        params = _match(route, segments)
        if params is None:
            continue
        path_matched = True
        if route.method == method:
            return route, params
    if path_matched:
        raise ApiError(405, "method_not_allowed", "Method not allowed.")
    raise ApiError.not_found("route not found")


def _check_mode(mode: str, *, write: bool) -> None:
    if mode == "disabled":
        raise ApiError(403, "disabled", MSG_DISABLED)
    if write and mode != "full-automation":
        raise ApiError(403, "read_only", MSG_READ_ONLY)


async def _unmatched(_request: Request, exc: Exception) -> Response:
    """JSON envelopes for paths no route matches (Starlette's default is text/plain).

    Mount's pattern does not match every path: a session id with a newline in it, say.
    """
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    code = {404: "not_found", 405: "method_not_allowed"}.get(status, "error")
    message = {404: "route not found", 405: "method not allowed"}.get(status, "error")
    return error_response(ApiError(status, code, message))


def create_app(state: SimulatorState) -> Starlette:
    """Build the simulator app serving ``state`` (the Local API, assets, docs and control)."""
    return Starlette(
        exception_handlers={404: _unmatched, 405: _unmatched},
        routes=[
            Route("/openapi.json", control.openapi_json, methods=["GET"]),
            Route("/docs", control.docs_page, methods=["GET"]),
            Mount("/_simulator", routes=control.control_routes(state)),
            Mount(API_PREFIX, app=LocalApi(state)),
        ],
    )
