"""What an ``/api/v1`` route is: method, path pattern and handler, and the context a handler gets.

:mod:`.server` matches a request against :data:`.routes.ROUTES` and calls the handler with a
:class:`RouteContext`; the handlers live in :mod:`.routes`, :mod:`.routes_previews` and
:mod:`.routes_actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import QueryParams
from starlette.responses import Response

from sessiondock_launcher.simulator.envelopes import ApiError, parse_json_body, require_object
from sessiondock_launcher.simulator.library import render_session
from sessiondock_launcher.simulator.state import SimulatorState

__all__ = ["Handler", "Route", "RouteContext"]


@dataclass
class RouteContext:
    """What a handler gets: the state, path parameters, query, raw body and server origin."""

    state: SimulatorState
    params: dict[str, str]
    query: QueryParams
    raw_body: bytes
    origin: str
    parsed_body: Any = field(default=None)

    def body(self) -> dict[str, Any]:
        self.parsed_body = parse_json_body(self.raw_body)
        return require_object(self.parsed_body)

    def session(self) -> dict[str, Any]:
        found = self.state.sessions.get(self.params["id"])
        if found is None:
            raise ApiError.not_found()
        return found

    def render(self, session: dict[str, Any]) -> dict[str, Any]:
        return render_session(session, self.origin)


Handler = Callable[[RouteContext], Response]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: tuple[str, ...]  # literal segments, "{name}" captures one decoded segment
    handler: Handler
    write: bool = False
