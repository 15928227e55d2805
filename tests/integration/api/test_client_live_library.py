"""Health, listing, sessions CRUD, tags and notes: client round trips through the simulator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sessiondock_launcher.api import (
    DeleteResult,
    Health,
    InvalidRequest,
    NotFound,
    RequestRecord,
    Session,
    SessionDockClient,
    TagCount,
)
from sessiondock_launcher.simulator.library import (
    format_timestamp,
    generate_library,
    make_session,
)
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = pytest.mark.asyncio

StartSimulator = Callable[..., SimulatorThread]
MakeClient = Callable[..., SessionDockClient]


def _last(sim: SimulatorThread) -> dict[str, Any]:
    return sim.state.request_log()[-1]


def _assert_matches(session: Session, raw: dict[str, Any]) -> None:
    assert session.id == raw["id"]
    assert session.title == raw["title"] and session.kind == raw["kind"]
    assert session.status == raw["status"] and session.accent == raw["accent"]
    assert session.tags == tuple(raw["tags"]) and session.notes == raw["notes"]
    assert session.project_path == raw["projectPath"]
    assert session.project_original_path == raw["projectOriginalPath"]
    assert session.preview_status == raw["previewStatus"]
    assert session.last_opened is not None
    assert format_timestamp(session.last_opened) == raw["lastOpened"]
    assert [p.id for p in session.previews] == [p["id"] for p in raw["previews"]]


# --- health ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "effective", "can_write"),
    [
        ("full-automation", "full-automation", True),
        ("full-automation", "read-only", False),
        ("read-only", "read-only", False),
        ("full-automation", "disabled", False),
    ],
)
async def test_health_reports_configured_and_effective_mode(
    start_simulator: StartSimulator,
    make_client: MakeClient,
    configured: str,
    effective: str,
    can_write: bool,
) -> None:
    sim = start_simulator(size=5, configured_mode=configured, effective_mode=effective)
    client = make_client(sim)
    await client.health()
    health = await client.health()
    assert isinstance(health, Health)
    assert health.status == "ok" and health.running is True
    assert (health.configured_mode, health.effective_mode) == (configured, effective)
    assert health.can_write is can_write
    assert health.port == sim.port and health.base_url == sim.base_url == client.base_url
    assert health.docs_url == sim.origin + "/docs"
    assert health.request_count == 2
    assert health.recent_requests[-1] == RequestRecord(
        "GET", "/api/v1/health", 200, health.recent_requests[-1].at
    )
    assert health.recent_requests[-1].at is not None
    assert health.last_error == ""


# --- listing -----------------------------------------------------------------------------------


async def test_list_sessions_filters(sim: SimulatorThread, client: SessionDockClient) -> None:
    library = list(sim.state.sessions.values())

    page = await client.list_sessions()
    assert (page.total, page.limit, page.offset, len(page.sessions)) == (300, 50, 0, 50)
    newest_first = sorted(library, key=lambda s: (s["lastOpened"], s["id"]), reverse=True)
    assert [s.id for s in page.sessions] == [s["id"] for s in newest_first[:50]]

    page = await client.list_sessions(kind="Ableton", limit=200)
    expected = {s["id"] for s in library if s["kind"] == "Ableton"}
    assert page.total == len(expected) and {s.id for s in page.sessions} == expected
    assert _last(sim)["query"] == {"kind": ["Ableton"], "limit": ["200"]}

    wanted = ["mix", "priority"]
    page = await client.list_sessions(tags=wanted, limit=200)
    expected = {s["id"] for s in library if set(wanted) <= set(s["tags"])}
    assert expected and page.total == len(expected)
    assert {s.id for s in page.sessions} == expected
    assert _last(sim)["query"]["tags"] == wanted  # repeated, not comma-joined

    page = await client.list_sessions(tags="drums", limit=200)
    assert {s.id for s in page.sessions} == {s["id"] for s in library if "drums" in s["tags"]}

    page = await client.list_sessions(q="sidechain", limit=200)
    expected = {
        s["id"]
        for s in library
        if "sidechain" in s["title"].casefold() or "sidechain" in s["notes"].casefold()
    }
    assert expected and {s.id for s in page.sessions} == expected

    since = format_timestamp(datetime.now(UTC) - timedelta(days=30))
    page = await client.list_sessions(recent=True, limit=200)
    expected = {s["id"] for s in library if s["lastOpened"] >= since}
    assert expected and {s.id for s in page.sessions} == expected
    assert _last(sim)["query"]["recent"] == ["true"]

    page = await client.list_sessions(sort="title", limit=10, offset=20)
    by_title = sorted(library, key=lambda s: (s["title"].casefold(), s["id"]))
    assert [s.id for s in page.sessions] == [s["id"] for s in by_title[20:30]]
    assert (page.offset, page.limit, page.total) == (20, 10, 300)

    page = await client.list_sessions(q="no such session anywhere")
    assert (page.sessions, page.total) == ((), 0)


# --- sessions ----------------------------------------------------------------------------------


async def test_get_session_matches_the_library(
    sim: SimulatorThread, client: SessionDockClient
) -> None:
    for session_id in ("session_1", "session_150", "session_300"):
        session = await client.get_session(session_id)
        _assert_matches(session, sim.state.sessions[session_id])
    with pytest.raises(NotFound) as caught:
        await client.get_session("session_301")
    assert (caught.value.status, caught.value.code) == (404, "not_found")
    assert caught.value.message == "session not found"


@pytest.mark.parametrize("session_id", ["Mix/2024 #1 ?é%", "..", "東京 ナイト", "a+b&c=d"])
async def test_awkward_session_ids_round_trip(
    start_simulator: StartSimulator, make_client: MakeClient, session_id: str
) -> None:
    session = make_session(
        session_id, title="Odd", kind="Reaper", last_opened="2024-01-01T00:00:00Z"
    )
    sim = start_simulator(sessions=[session])
    client = make_client(sim)
    assert (await client.get_session(session_id)).id == session_id
    assert await client.put_tags(session_id, ["odd"]) == ("odd",)
    assert await client.get_tags(session_id) == ("odd",)
    assert (await client.delete_session(session_id)).deleted is True
    assert sim.state.sessions == {}


async def test_create_get_patch_delete(sim: SimulatorThread, client: SessionDockClient) -> None:
    fields = {
        "title": "Night Drive (client edit)",
        "kind": "Reaper",
        "status": "mixing",
        "accent": "ocean",
        "tags": ["client work", "mix", "mix"],
        "notes": "Bounce stems.",
        "projectPath": "/Users/me/Night Drive/Night Drive.rpp",
    }
    created = await client.create_session(fields)
    assert created.id and created.id not in {f"session_{n}" for n in range(1, 301)}
    assert (created.title, created.kind, created.status) == (
        "Night Drive (client edit)",
        "Reaper",
        "mixing",
    )
    assert created.tags == ("client work", "mix")
    assert created.project_original_path == fields["projectPath"]
    assert _last(sim)["method"] == "POST" and _last(sim)["status"] == 201
    assert _last(sim)["body"] == fields

    fetched = await client.get_session(created.id)
    assert fetched == created

    patched = await client.patch_session(created.id, {"status": "final", "notes": ""})
    assert (patched.status, patched.notes, patched.title) == ("final", "", created.title)
    assert _last(sim)["body"] == {"status": "final", "notes": ""}
    assert await client.get_session(created.id) == patched

    with pytest.raises(InvalidRequest) as caught:
        await client.patch_session(created.id, {"title": "   "})
    assert caught.value.message == "title must not be empty."

    result = await client.delete_session(created.id)
    assert result == DeleteResult(id=created.id, deleted=True)
    with pytest.raises(NotFound):
        await client.get_session(created.id)
    with pytest.raises(NotFound):
        await client.delete_session(created.id)
    assert len(sim.state.sessions) == 300


# --- tags, notes, /tags ------------------------------------------------------------------------


async def test_tags_get_put_patch(sim: SimulatorThread, client: SessionDockClient) -> None:
    raw = sim.state.sessions["session_7"]
    assert await client.get_tags("session_7") == tuple(raw["tags"])

    assert await client.put_tags("session_7", ["stems", "priority", "stems"]) == (
        "stems",
        "priority",
    )
    assert _last(sim)["body"] == {"tags": ["stems", "priority", "stems"]}
    assert await client.get_tags("session_7") == ("stems", "priority")

    # PATCH replaces the list as well (no merge).
    assert await client.patch_tags("session_7", ["release"]) == ("release",)
    assert _last(sim)["method"] == "PATCH"
    assert (await client.get_session("session_7")).tags == ("release",)

    assert await client.put_tags("session_7", []) == ()
    assert await client.get_tags("session_7") == ()
    with pytest.raises(NotFound):
        await client.get_tags("session_999")


async def test_notes_put_patch(sim: SimulatorThread, client: SessionDockClient) -> None:
    text = "Kick & bass fight at 60 Hz —\nsidechain harder. 東京"
    assert await client.put_notes("session_3", text) == text
    assert _last(sim)["body"] == {"notes": text}
    assert (await client.get_session("session_3")).notes == text

    assert await client.patch_notes("session_3", "v2") == "v2"
    assert _last(sim)["method"] == "PATCH"
    assert sim.state.sessions["session_3"]["notes"] == "v2"

    assert await client.put_notes("session_3", "") == ""
    assert (await client.get_session("session_3")).notes == ""


async def test_tag_counts(sim: SimulatorThread, client: SessionDockClient) -> None:
    counts = Counter(t for s in sim.state.sessions.values() for t in s["tags"])
    expected = tuple(
        TagCount(tag, n) for tag, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    assert await client.list_tags() == expected

    await client.put_tags("session_1", [*sim.state.sessions["session_1"]["tags"], "brand new"])
    tags = {t.tag: t.count for t in await client.list_tags()}
    assert tags["brand new"] == 1


async def test_empty_library(start_simulator: StartSimulator, make_client: MakeClient) -> None:
    sim = start_simulator(sessions=[])
    client = make_client(sim)
    page = await client.list_sessions()
    assert (page.sessions, page.total) == ((), 0)
    assert [s async for s in client.iter_sessions()] == []
    assert await client.list_tags() == ()
    assert generate_library(0) == []
