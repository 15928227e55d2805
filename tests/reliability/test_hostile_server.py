"""A hostile server on loopback: endless bodies, trickled bytes, oversized-but-allowed pages.

The server is a few lines of asyncio speaking raw HTTP/1.1, so it can do what no real server does:
send a body that never ends, or one byte at a time, slowly enough that httpx's read timeout (which
restarts with every byte) never fires. What is asserted is what a user would notice: how long the
app waits, how much memory it takes, whether the library it had survives, whether the event loop
(the UI) keeps breathing, and whether the garbage collector comes back.
"""

from __future__ import annotations

import asyncio
import gc
import json
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from sessiondock_launcher.api import (
    Deadlines,
    InvalidResponse,
    RequestTimeout,
    ResponseTooLarge,
    Session,
    SessionDockClient,
    SessionPage,
)
from sessiondock_launcher.api._transport import DEFAULT_TIMEOUT
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.sync import LibrarySync

pytestmark = pytest.mark.asyncio

TOKEN = "hostile-test-token-0123456789"
MIB = 1024 * 1024
SERVER_GIVES_UP = 256 * MIB
"""The endless body stops here, so the unfixed client fails the test instead of eating the box."""

Writer = Callable[[asyncio.StreamWriter], Awaitable[None]]


class Hostile:
    """Counts what the hostile server managed to send."""

    def __init__(self) -> None:
        self.sent = 0
        self.port = 0


@asynccontextmanager
async def hostile_server(
    respond: Callable[[Hostile, asyncio.StreamWriter], Awaitable[None]],
) -> AsyncIterator[Hostile]:
    state = Hostile()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            await respond(state, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client hung up: exactly what it should do
        except asyncio.CancelledError:
            pass  # the test's loop is closing: end quietly (3.11's stream callback logs it)
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    state.port = server.sockets[0].getsockname()[1]
    try:
        yield state
    finally:
        server.close()
        # Handlers still writing see the closed transport and end.
        await asyncio.sleep(0)


async def endless_body(state: Hostile, writer: asyncio.StreamWriter) -> None:
    """A 200 with no length, then sessions forever (until SERVER_GIVES_UP)."""
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
    writer.write(b'{"data": [')
    item = b'{"id": "s", "title": "' + b"x" * 900 + b'"},'
    chunk = item * 64
    while state.sent < SERVER_GIVES_UP:
        writer.write(chunk)
        state.sent += len(chunk)
        await writer.drain()  # only as fast as the client reads


def trickle(
    headers: bytes, every_s: float = 0.05
) -> Callable[[Hostile, asyncio.StreamWriter], Awaitable[None]]:
    async def respond(state: Hostile, writer: asyncio.StreamWriter) -> None:
        writer.write(headers)
        await writer.drain()
        for _ in range(100_000):
            writer.write(b" ")
            state.sent += 1
            await writer.drain()
            await asyncio.sleep(every_s)

    return respond


TRICKLED_JSON = trickle(
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
)


def client_on(state: Hostile, **kwargs: Any) -> SessionDockClient:
    return SessionDockClient(f"http://127.0.0.1:{state.port}/api/v1", TOKEN, **kwargs)


def rss_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096


@asynccontextmanager
async def peak_rss_growth() -> AsyncIterator[list[int]]:
    """Samples RSS every few ms while the block runs; yields ``[peak growth in bytes]``."""
    start = rss_bytes()
    result = [0]
    stop = asyncio.Event()

    async def sample() -> None:
        while not stop.is_set():
            result[0] = max(result[0], rss_bytes() - start)
            await asyncio.sleep(0.005)

    task = asyncio.create_task(sample())
    try:
        yield result
    finally:
        stop.set()
        await task
        result[0] = max(result[0], rss_bytes() - start)


@contextmanager
def gc_enabled() -> Iterator[None]:
    """The suite turns automatic GC off (docs/pitfalls.md §14); these tests need it on."""
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


# -- 1. bounded answers -------------------------------------------------------------------------
async def test_an_endless_body_is_cut_at_the_cap_quickly_and_in_bounded_memory() -> None:
    cap = 4 * MIB
    async with hostile_server(endless_body) as state, client_on(state, max_response_bytes=cap) as c:
        started = time.monotonic()
        async with peak_rss_growth() as growth:
            with pytest.raises(ResponseTooLarge) as info:
                await c.list_sessions()
        elapsed = time.monotonic() - started
    assert isinstance(info.value, InvalidResponse)  # every InvalidResponse handler covers it
    assert "kept what it had" in info.value.user_message
    assert elapsed < 5.0
    # What the client let the server send: the cap plus socket buffers, not the endless body.
    assert state.sent < cap + 16 * MIB, state.sent
    assert growth[0] < 64 * MIB, f"RSS grew by {growth[0] / MIB:.0f} MiB"


async def test_the_default_cap_also_holds() -> None:
    async with hostile_server(endless_body) as state, client_on(state) as c:
        with pytest.raises(ResponseTooLarge) as info:
            await c.health()
    assert info.value.limit == 32 * MIB
    assert state.sent < info.value.limit + 16 * MIB


async def test_a_declared_oversized_body_is_refused_before_reading() -> None:
    async def declared(state: Hostile, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n{")
        state.sent = 1
        await writer.drain()
        await asyncio.sleep(30)

    async with hostile_server(declared) as state, client_on(state, max_response_bytes=MIB) as c:
        started = time.monotonic()
        with pytest.raises(ResponseTooLarge):
            await c.list_sessions()
    assert time.monotonic() - started < 2.0


async def test_an_oversized_answer_during_a_sync_keeps_the_library() -> None:
    index = SessionIndex([Session(id="kept", title="Kept mix")])
    async with hostile_server(endless_body) as state, client_on(state, max_response_bytes=MIB) as c:
        sync = LibrarySync(index, lambda: c.iter_pages(page_size=500))
        with pytest.raises(ResponseTooLarge):
            await sync.run()
    assert len(index) == 1
    assert "kept" in index
    assert not sync.is_synced


# -- 2. deadlines -------------------------------------------------------------------------------
async def test_health_over_a_trickle_fails_within_its_deadline() -> None:
    deadlines = Deadlines(health=1.0)
    async with hostile_server(TRICKLED_JSON) as state, client_on(state, deadlines=deadlines) as c:
        started = time.monotonic()
        with pytest.raises(RequestTimeout):
            # The guard only turns a hang of the unfixed client into a failure.
            await asyncio.wait_for(c.health(), 15)
        elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 2.5, elapsed
    assert state.sent >= 5  # it really was trickling, never silent long enough to time out


async def test_the_default_health_deadline_is_under_the_read_timeout() -> None:
    """A 5 s-latency SessionDock still connects (the fault suite's scenario); a trickle is cut
    off well before the 80 s the app once sat on "Connecting…"."""
    read_timeout = DEFAULT_TIMEOUT.read
    assert read_timeout is not None
    assert 5.0 < Deadlines().health < read_timeout


async def test_a_trickled_download_ends_at_its_deadline() -> None:
    deadlines = Deadlines(download=1.0)
    headers = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n"
    async with (
        hostile_server(trickle(headers)) as state,
        client_on(state, deadlines=deadlines) as c,
    ):
        started = time.monotonic()
        with pytest.raises(RequestTimeout):
            await asyncio.wait_for(c.download("/api/v1/_assets/a.png"), 15)
    assert time.monotonic() - started < 2.5


async def test_a_sync_stuck_on_a_trickle_ends_with_the_gc_back_on() -> None:
    index = SessionIndex([Session(id="kept")])
    deadlines = Deadlines(page=1.0)
    paused_during_sync: list[bool] = []
    with gc_enabled():
        async with (
            hostile_server(TRICKLED_JSON) as state,
            client_on(state, deadlines=deadlines) as c,
        ):
            # Each page is asked for 4 times (the pager's retries), without waiting between.
            pages = partial(c.iter_pages, retry_delays=(0.0, 0.0, 0.0))
            sync = LibrarySync(index, pages, gc_pause_s=30.0)

            async def watch() -> None:
                await asyncio.sleep(0.3)
                paused_during_sync.append(not gc.isenabled())

            watcher = asyncio.create_task(watch())
            with pytest.raises(RequestTimeout):
                await asyncio.wait_for(sync.run(), 15)
            await watcher
            assert gc.isenabled()
    assert paused_during_sync == [True]
    assert len(index) == 1
    assert "kept" in index


async def test_the_gc_pause_ends_even_when_the_sync_does_not() -> None:
    never = asyncio.Event()

    async def stuck_pages() -> AsyncIterator[SessionPage]:
        await never.wait()
        yield SessionPage(sessions=(), total=0, limit=0, offset=0)

    sync = LibrarySync(SessionIndex(), stuck_pages, gc_pause_s=0.3)
    with gc_enabled():
        task = asyncio.create_task(sync.run())
        await asyncio.sleep(0.05)
        assert not gc.isenabled()
        deadline = time.monotonic() + 3.0
        # Polling: the GC state has no event to wait on.
        while not gc.isenabled() and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        assert gc.isenabled()
        assert not task.done()  # the sync is still stuck; only the pause ended
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert gc.isenabled()


async def test_a_sync_leaves_a_gc_it_did_not_pause_alone() -> None:
    async def no_pages() -> AsyncIterator[SessionPage]:
        return
        yield  # pragma: no cover

    was = gc.isenabled()
    gc.disable()
    try:
        await LibrarySync(SessionIndex(), no_pages, gc_pause_s=0.01).run()
        await asyncio.sleep(0.05)
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


# -- 1b. large pages do not stall the loop ------------------------------------------------------
def big_page(count: int) -> bytes:
    sessions = [
        {
            "id": f"s{i}",
            "title": f"Session {i} final mix",
            "kind": "Ableton",
            "status": "draft",
            "tags": ["mix", f"client {i % 50}"],
            "notes": "n" * 200,
            "lastOpened": "2026-01-02T03:04:05Z",
            "previewUrl": f"/api/v1/_assets/artwork/{i}.png",
            "previews": [{"id": "main", "name": "Main", "status": "ready"}],
        }
        for i in range(count)
    ]
    return json.dumps({"data": sessions, "meta": {"total": count, "limit": count}}).encode()


async def test_a_large_allowed_page_does_not_stall_the_loop() -> None:
    body = big_page(20_000)
    assert len(body) < 32 * MIB  # allowed by the default cap

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    gaps: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    client = SessionDockClient(
        "http://127.0.0.1:18432/api/v1", TOKEN, transport=httpx.MockTransport(handler)
    )
    async with client:
        beat = asyncio.create_task(heartbeat())
        await asyncio.sleep(0.01)
        started = time.perf_counter()
        page = await client.list_sessions(limit=20_000)
        took = time.perf_counter() - started
        done.set()
        await beat
    assert len(page.sessions) == 20_000
    worst = max(gaps)
    print(
        f"page of {len(body) / MIB:.1f} MiB: fetched in {took * 1000:.0f} ms, "
        f"worst gap {worst * 1000:.1f} ms"
    )
    # Parsed on the loop, the worst gap is nearly the whole fetch; in a worker thread that hands
    # the GIL back, the loop keeps running while it parses.
    assert worst < took / 4, (worst, took)


async def test_a_large_answer_is_decoded_off_the_loop_with_the_gc_held_off() -> None:
    """A collection triggered in the worker would run there and could free Qt objects on the
    wrong thread (docs/pitfalls.md §14): the GC is off while the worker decodes, on after."""
    body = big_page(2_000)
    seen: list[tuple[bool, bool]] = []

    def build(envelope: dict[str, Any] | None) -> int:
        seen.append((threading.current_thread() is threading.main_thread(), gc.isenabled()))
        return len(envelope["data"]) if envelope else 0

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    client = SessionDockClient(
        "http://127.0.0.1:18432/api/v1", TOKEN, transport=httpx.MockTransport(handler)
    )
    with gc_enabled():
        async with client:
            count = await client._conn.fetch("GET", "/sessions", build)
        assert gc.isenabled()
    assert count == 2_000
    assert seen == [(False, False)]


async def test_a_download_may_have_a_shorter_deadline_of_its_own() -> None:
    """A thumbnail slot need not wait the whole download deadline."""
    headers = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n"
    async with hostile_server(trickle(headers)) as state, client_on(state) as c:
        started = time.monotonic()
        with pytest.raises(RequestTimeout):
            await asyncio.wait_for(c.download("/api/v1/_assets/a.png", deadline=0.5), 15)
    assert time.monotonic() - started < 2.0


async def test_a_finished_sync_freezes_the_library_before_the_gc_comes_back() -> None:
    """Otherwise the first collection after the pause walks the whole new library (a stall)."""
    pages = [SessionPage(sessions=(Session(id="a"), Session(id="b")), total=2, limit=2, offset=0)]

    async def two_sessions() -> AsyncIterator[SessionPage]:
        for page in pages:
            yield page

    index = SessionIndex()
    with gc_enabled():
        gc.unfreeze()
        try:
            await LibrarySync(index, two_sessions, gc_pause_s=30.0).run()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
        finally:
            gc.unfreeze()
    assert len(index) == 2
