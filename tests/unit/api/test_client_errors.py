"""Failures: server error envelopes, broken bodies, transport errors, and token secrecy."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from sessiondock_launcher.api import (
    ApiError,
    ConnectionLost,
    FocusFailed,
    FocusUnavailable,
    InsecureHostError,
    InvalidRequest,
    InvalidResponse,
    NetworkError,
    NotFound,
    NotRunning,
    OpenFailed,
    ReadOnly,
    RequestTimeout,
    ServerError,
    ServiceUnavailable,
    SessionDockClient,
    SessionDockError,
    Unauthorized,
    UnknownApiError,
)

pytestmark = pytest.mark.asyncio

TOKEN = "tok-ERRORS-5ecret-d00d"
BASE = "http://127.0.0.1:18432/api/v1"

Handler = Callable[[httpx.Request], httpx.Response]


def client_for(handler: Handler, token: str | None = TOKEN) -> SessionDockClient:
    return SessionDockClient(BASE, token, transport=httpx.MockTransport(handler))


def assert_no_token(exc: BaseException) -> None:
    texts = [str(exc), repr(exc), *(str(a) for a in exc.args)]
    if isinstance(exc, SessionDockError):
        texts.append(exc.user_message)
    for text in texts:
        assert TOKEN not in text


async def raised_by(handler: Handler, call: Callable[[SessionDockClient], Awaitable[Any]]) -> Any:
    async with client_for(handler) as client:
        with pytest.raises(SessionDockError) as info:
            await call(client)
    assert_no_token(info.value)
    return info.value


def envelope(status: int, code: str, message: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, json={"error": {"status": status, "code": code, "message": message}}
        )

    return handler


@pytest.mark.parametrize(
    ("status", "code", "message", "cls"),
    [
        (400, "invalid_json", "Request body must be valid JSON.", InvalidRequest),
        (400, "open_failed", "Session project path is unavailable.", OpenFailed),
        (400, "focus_failed", "main window unavailable", FocusFailed),
        (401, "unauthorized", "Provide Authorization: Bearer <token>.", Unauthorized),
        (403, "read_only", "Enable Full Automation to perform this action.", ReadOnly),
        (404, "not_found", "session not found", NotFound),
        (501, "focus_unavailable", "Session focus is unavailable.", FocusUnavailable),
        (501, "waveform_notes_unavailable", "Waveform notes unavailable.", ServiceUnavailable),
        (500, "internal", "boom", ServerError),
        (409, "conflict", "Session already exists.", UnknownApiError),
    ],
)
async def test_error_envelopes_map_to_typed_exceptions(
    status: int, code: str, message: str, cls: type[ApiError]
) -> None:
    exc = await raised_by(envelope(status, code, message), lambda c: c.focus_session("s1"))
    assert type(exc) is cls
    assert (exc.status, exc.code, exc.message) == (status, code, message)
    assert message in str(exc)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, Unauthorized),
        (404, NotFound),
        (501, ServiceUnavailable),
        (502, ServerError),
        (403, UnknownApiError),
        (418, UnknownApiError),
    ],
)
async def test_errors_without_envelope_map_by_status(status: int, cls: type[ApiError]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text="nope")

    exc = await raised_by(handler, lambda c: c.get_session("s1"))
    assert type(exc) is cls
    assert exc.status == status
    assert exc.code == ""
    assert str(status) in exc.message


async def test_json_error_without_envelope_maps_by_status() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"detail": "Not Found"})

    exc = await raised_by(handler, lambda c: c.get_session("s1"))
    assert type(exc) is NotFound
    assert exc.message == "HTTP 404 Not Found"


async def test_envelope_with_wrong_types_is_tolerated() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"error": {"status": "x", "code": 5, "message": None}})

    exc = await raised_by(handler, lambda c: c.patch_notes("s1", "x"))
    assert type(exc) is UnknownApiError
    assert (exc.status, exc.code, exc.message) == (403, "", "HTTP 403 Forbidden")


async def test_html_500_page_is_a_server_error_without_raw_html() -> None:
    html = "<html><body><h1>500 Internal Server Error</h1><pre>Traceback...</pre></body></html>"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, html=html)

    exc = await raised_by(handler, lambda c: c.health())
    assert type(exc) is ServerError
    assert exc.status == 500
    assert "<html>" not in str(exc)
    assert "Traceback" not in exc.user_message
    assert "restart SessionDock" in exc.user_message


@pytest.mark.parametrize(
    ("content", "content_type", "reason"),
    [
        (b'{"data": [{"id": "s1", "title": "Tru', "application/json", "not valid JSON"),
        (b"<html><body>Welcome to nginx</body></html>", "text/html", "not valid JSON"),
        (b"OK", "text/plain", "not valid JSON"),
        (b"", "application/json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "application/json", "not valid JSON"),
        (b'{"sessions": []}', "application/json", "data envelope"),
        (b"[1, 2, 3]", "application/json", "data envelope"),
        (b"null", "application/json", "data envelope"),
    ],
)
async def test_unusable_success_bodies_are_invalid_responses(
    content: bytes, content_type: str, reason: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"Content-Type": content_type})

    exc = await raised_by(handler, lambda c: c.list_sessions())
    assert type(exc) is InvalidResponse
    assert reason in str(exc)
    assert exc.status == 200
    assert "…/api/v1" in exc.user_message


async def test_session_without_id_is_an_invalid_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": {"title": "no id"}})

    exc = await raised_by(handler, lambda c: c.get_session("s1"))
    assert type(exc) is InvalidResponse


@pytest.mark.parametrize(
    ("error", "cls"),
    [
        (httpx.ReadTimeout("timed out"), RequestTimeout),
        (httpx.ConnectTimeout("timed out"), RequestTimeout),
        (httpx.PoolTimeout("timed out"), RequestTimeout),
        (httpx.ConnectError("[Errno 111] Connection refused"), NotRunning),
        (
            httpx.RemoteProtocolError("Server disconnected without sending a response."),
            ConnectionLost,
        ),
        (httpx.ReadError("connection reset"), ConnectionLost),
        (httpx.WriteError("broken pipe"), ConnectionLost),
    ],
)
async def test_transport_errors_are_translated(
    error: httpx.HTTPError, cls: type[NetworkError]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    exc = await raised_by(handler, lambda c: c.health())
    assert type(exc) is cls
    assert isinstance(exc, NetworkError)
    assert exc.__cause__ is error
    assert exc.origin == "http://127.0.0.1:18432"


async def test_not_running_message_is_actionable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    exc = await raised_by(handler, lambda c: c.health())
    assert exc.user_message == (
        "SessionDock isn't running — start it, or check the address in Settings."
    )


def closed_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_connection_refused_on_a_real_closed_port(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    port = closed_loopback_port()
    async with SessionDockClient(f"http://127.0.0.1:{port}/api/v1", TOKEN) as client:
        with pytest.raises(NotRunning) as info:
            await client.health()
    assert_no_token(info.value)
    assert f"127.0.0.1:{port}" in str(info.value)
    assert TOKEN not in caplog.text


@asynccontextmanager
async def raw_server(reply: bytes | None) -> AsyncIterator[int]:
    """A loopback TCP server sending ``reply`` to every request (or never answering)."""
    release = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        if reply is None:
            await release.wait()
        else:
            writer.write(reply)
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        release.set()
        server.close()
        await server.wait_closed()


async def test_server_closing_mid_body_is_connection_lost(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"
    async with raw_server(reply) as port:
        client = SessionDockClient(f"http://127.0.0.1:{port}/api/v1", TOKEN)
        async with client:
            with pytest.raises(ConnectionLost) as info:
                await client.list_sessions()
    assert_no_token(info.value)
    assert TOKEN not in caplog.text


# Python 3.11: the test server's handler task, cancelled at teardown, makes asyncio log its done
# callback's CancelledError (fixed in 3.12); nothing of the client's.
@pytest.mark.log_errors(r"^Exception in callback StreamReaderProtocol\.connection_made")
async def test_real_read_timeout() -> None:
    async with raw_server(None) as port:
        client = SessionDockClient(f"http://127.0.0.1:{port}/api/v1", TOKEN, timeout=0.2)
        async with client:
            with pytest.raises(RequestTimeout) as info:
                await client.health()
    assert_no_token(info.value)


async def test_proxy_environment_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    # With trust_env the request would go to the (dead) proxy instead of the server.
    dead = closed_loopback_port()
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{dead}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    body = b'{"data": {"status": "ok", "running": true}}'
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
    async with raw_server(reply % (len(body), body)) as port:
        client = SessionDockClient(f"http://127.0.0.1:{port}/api/v1", TOKEN)
        async with client:
            health = await client.health()
    assert health.running


async def test_server_echoing_the_token_is_redacted() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        echoed = f"bad token {request.headers['Authorization']}"
        return httpx.Response(401, json={"error": {"code": "unauthorized", "message": echoed}})

    exc = await raised_by(handler, lambda c: c.health())
    assert type(exc) is Unauthorized
    assert exc.message == "bad token Bearer [token]"
    assert exc.user_message.startswith("Token rejected — update it in Settings")


async def test_token_never_in_repr_or_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": {"status": "ok"}})

    client = client_for(handler)
    assert TOKEN not in repr(client)
    assert "token=set" in repr(client)
    async with client:
        await client.health()
        await client.list_sessions(q="x", tags=["a", "b"])
    assert TOKEN not in caplog.text
    assert "Authorization" not in caplog.text
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("sessiondock")]
    assert any("GET /api/v1/health -> 200" in m for m in messages)
    assert any("/api/v1/sessions?q=x&tags=a&tags=b -> 200" in m for m in messages)
    assert "token=missing" in repr(SessionDockClient(BASE, None))


async def test_token_refused_for_a_non_loopback_http_host() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"data": {}})

    with pytest.raises(InsecureHostError) as info:
        SessionDockClient(
            "http://192.168.1.20:18432/api/v1", TOKEN, transport=httpx.MockTransport(handler)
        )
    assert_no_token(info.value)
    with pytest.raises(InsecureHostError):
        SessionDockClient(
            "http://studio.example.com/api/v1",
            TOKEN,
            allow_remote_hosts={"studio.example.com"},
            transport=httpx.MockTransport(handler),
        )
    assert calls == []


async def test_token_allowed_for_an_allowlisted_https_host() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {"status": "ok"}})

    async with SessionDockClient(
        "https://studio.example.com/sd/api/v1",
        TOKEN,
        allow_remote_hosts=["studio.example.com"],
        transport=httpx.MockTransport(handler),
    ) as client:
        await client.health()
    assert str(seen[0].url) == "https://studio.example.com/sd/api/v1/health"
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
