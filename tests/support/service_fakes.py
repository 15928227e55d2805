"""Qt-free fakes for the core services: a link owner, a SessionDock behind httpx.MockTransport."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from sessiondock_launcher.api import SessionDockClient
from sessiondock_launcher.core.status import LauncherStatus, Link

TOKEN = "tok-SERVICES"
BASE = "http://127.0.0.1:18432/api/v1"
FULL = LauncherStatus(Link.CONNECTED, "full-automation", "full-automation")
READ_ONLY = LauncherStatus(Link.CONNECTED, "read-only", "full-automation")

Handler = Callable[[httpx.Request], Awaitable[httpx.Response] | httpx.Response]


def session_json(sid: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"id": sid, "title": title, "kind": "Ableton", "status": "draft", **extra}


def error(status: int, code: str, message: str = "nope") -> httpx.Response:
    return httpx.Response(
        status, json={"error": {"status": status, "code": code, "message": message}}
    )


@dataclass
class FakeSessionDock:
    """Answers like SessionDock from a handler; records every request it got."""

    handler: Handler
    requests: list[httpx.Request] = field(default_factory=list)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.handler(request)
        if isinstance(answer, httpx.Response):
            return answer
        return await answer

    def client(self) -> SessionDockClient:
        return SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(self))

    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.path.removeprefix('/api/v1')}" for r in self.requests]

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


@dataclass
class FakeSource:
    """The link owner as the services see it (core.client_source.ClientSource)."""

    client: SessionDockClient | None
    status: LauncherStatus = FULL
    library_ready: bool = True
    failures: list[BaseException] = field(default_factory=list)
    checks: int = 0
    syncs: int = 0

    def note_failure(self, exc: BaseException) -> None:
        self.failures.append(exc)

    def check_now(self) -> None:
        self.checks += 1

    def request_sync(self) -> None:
        self.syncs += 1


def spawn(coro: Any, name: str) -> asyncio.Task[Any]:
    return asyncio.ensure_future(coro)
