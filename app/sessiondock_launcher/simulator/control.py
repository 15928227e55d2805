"""Routes outside ``/api/v1``: ``/openapi.json``, ``/docs`` and the ``/_simulator`` control API.

The control API lets tests in other processes drive the simulator. It is authenticated with the
header ``X-Simulator-Control: <control token>`` (separate from the API token, so rotating the API
token never locks a test out):

- ``GET /_simulator/requests``: the request log (``{method, path, query, body, status, at,
  authorized}``, oldest first); ``DELETE`` clears it.
- ``GET /_simulator/config``; ``PATCH /_simulator/config`` with any ``SimulatorConfig`` field
  (snake_case, e.g. ``{"token": "new", "effective_mode": "read-only", "error_rate": 0.5}``).
- ``POST /_simulator/library`` ``{"size": 1000, "seed": 7}``: replace the library.
"""

from __future__ import annotations

import json
import logging
import secrets
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from sessiondock_launcher.simulator.envelopes import (
    API_PREFIX,
    ApiError,
    data_response,
    error_response,
    origin_of,
)
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.state import ConfigError, SimulatorState

__all__ = ["CONTROL_HEADER", "bundled_spec", "control_routes", "docs_page", "openapi_json"]

logger = logging.getLogger(__name__)

CONTROL_HEADER = "X-Simulator-Control"


class _StringDateLoader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as strings (JSON has no dates)."""


_StringDateLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@lru_cache(maxsize=1)
def bundled_spec() -> dict[str, Any]:
    """The bundled OpenAPI document (``simulator/openapi.yaml``) as a dict."""
    text = (
        resources.files("sessiondock_launcher.simulator")
        .joinpath("openapi.yaml")
        .read_text("utf-8")
    )
    spec = yaml.load(text, Loader=_StringDateLoader)
    if not isinstance(spec, dict):
        raise RuntimeError("bundled openapi.yaml is not a mapping")
    return spec


async def openapi_json(request: Request) -> Response:
    spec = dict(bundled_spec())
    spec["servers"] = [
        {"url": origin_of(request.scope) + API_PREFIX, "description": "SessionDock simulator"}
    ]
    return Response(
        json.dumps(spec, ensure_ascii=False).encode("utf-8"), media_type="application/json"
    )


async def docs_page(_request: Request) -> Response:
    return HTMLResponse(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<title>SessionDock simulator</title></head>"
        "<body><h1>SessionDock Local API (simulator)</h1>"
        "<p>Base URL: <code>/api/v1</code>. Every request needs "
        "<code>Authorization: Bearer &lt;token&gt;</code>.</p>"
        "<p>OpenAPI document: <a href='/openapi.json'>/openapi.json</a></p></body></html>"
    )


def control_routes(state: SimulatorState) -> list[BaseRoute]:
    """Routes of the control API for ``state`` (mounted at ``/_simulator``)."""
    control = _Control(state)
    return [
        Route("/requests", control.requests_log, methods=["GET", "DELETE"]),
        Route("/config", control.config, methods=["GET", "PATCH"]),
        Route("/library", control.library, methods=["POST"]),
    ]


class _Control:
    """Handlers of the control API; each checks the control token first."""

    def __init__(self, state: SimulatorState) -> None:
        self.state = state

    def guard(self, request: Request) -> Response | None:
        supplied = request.headers.get(CONTROL_HEADER, "").encode("utf-8")
        if secrets.compare_digest(supplied, self.state.control_token.encode("utf-8")):
            return None
        return error_response(
            ApiError(401, "unauthorized", f"Provide {CONTROL_HEADER}: <control token>.")
        )

    @staticmethod
    async def body_object(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError.invalid() from exc
        if not isinstance(body, dict):
            raise ApiError.invalid("Request body must be a JSON object.")
        return body

    async def requests_log(self, request: Request) -> Response:
        if (denied := self.guard(request)) is not None:
            return denied
        if request.method == "DELETE":
            self.state.clear_requests()
            return data_response({"cleared": True})
        return data_response(self.state.request_log())

    async def config(self, request: Request) -> Response:
        if (denied := self.guard(request)) is not None:
            return denied
        if request.method == "PATCH":
            try:
                self.state.update_config(await self.body_object(request))
            except ApiError as exc:
                return error_response(exc)
            except ConfigError as exc:
                return error_response(ApiError(400, "invalid_config", str(exc)))
        return data_response(self.state.config.to_dict())

    async def library(self, request: Request) -> Response:
        if (denied := self.guard(request)) is not None:
            return denied
        try:
            body = await self.body_object(request)
        except ApiError as exc:
            return error_response(exc)
        size, seed = body.get("size", 500), body.get("seed", self.state.config.seed)
        if not isinstance(size, int) or not isinstance(seed, int) or size < 0:
            return error_response(ApiError.invalid("size and seed must be integers (size >= 0)."))
        self.state.replace_sessions(generate_library(size, seed, self.state.clock()))
        return data_response({"size": size, "seed": seed})
