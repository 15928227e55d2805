"""Edits, creates and imports through the one write gate, with rollback and catalogue wording."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from tests.support.service_fakes import (
    FULL,
    READ_ONLY,
    FakeSessionDock,
    FakeSource,
    error,
    session_json,
)

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import SessionIndex, messages
from sessiondock_launcher.core.edits import EditService
from sessiondock_launcher.core.imports import ImportService, import_items
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.core.write_gate import WriteGate

pytestmark = pytest.mark.asyncio

SESSION = Session(id="s1", title="Launch cue prep", tags=("old",))


@pytest.mark.parametrize(
    ("status", "has_client", "reason"),
    [
        (FULL, True, ""),
        (READ_ONLY, True, messages.needs_full_automation("Editing tags")),
        (
            LauncherStatus(Link.OFFLINE),
            True,
            messages.needs_sessiondock("Editing tags", "SessionDock isn't running"),
        ),
        (FULL, False, messages.needs_sessiondock("Editing tags", "Connected")),
    ],
)
async def test_write_gate(status: LauncherStatus, has_client: bool, reason: str) -> None:
    source = FakeSource(FakeSessionDock(lambda _r: httpx.Response(200)).client())
    source.status = status
    if not has_client:
        source.client = None
    assert WriteGate(source).write_block("Editing tags") == reason


async def test_saved_tags_keep_what_the_server_stored() -> None:
    api = FakeSessionDock(lambda _r: httpx.Response(200, json={"data": {"tags": ["Mix", "new"]}}))
    index = SessionIndex([SESSION])
    changed: list[Session] = []
    svc = EditService(FakeSource(api.client()), index, on_changed=changed.append)
    result = await svc.save_tags(SESSION, ["mix", "new"])
    assert result.ok
    assert [s.tags for s in changed] == [("mix", "new"), ("Mix", "new")]  # optimistic, stored
    assert index.get("s1").tags == ("Mix", "new")  # type: ignore[union-attr]
    assert api.paths() == ["PUT /sessions/s1/tags"]


async def test_a_refused_save_rolls_back_and_keeps_no_request_in_read_only() -> None:
    api = FakeSessionDock(lambda _r: error(400, "invalid_json", "too long"))
    index = SessionIndex([SESSION])
    svc = EditService(FakeSource(api.client()), index)
    result = await svc.save_notes(SESSION, "x" * 10)
    assert not result.ok
    assert result.message == messages.save_refused("the notes", "too long")
    assert index.get("s1") == SESSION  # rolled back

    ro = FakeSource(api.client(), status=READ_ONLY)
    blocked = await EditService(ro, index).save_notes(SESSION, "y")
    assert blocked.message == messages.needs_full_automation("Editing notes")
    assert len(api.requests) == 1


async def test_a_read_only_answer_says_nothing_was_saved_and_rechecks() -> None:
    api = FakeSessionDock(lambda _r: error(403, "read_only"))
    source = FakeSource(api.client())
    result = await EditService(source, SessionIndex([SESSION])).save_fields(SESSION, {"title": "T"})
    assert result.message == messages.SAVE_READ_ONLY
    assert source.checks == 1


async def test_a_cancelled_save_leaves_the_index_as_before() -> None:
    async def never(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError

    index = SessionIndex([SESSION])
    svc = EditService(FakeSource(FakeSessionDock(never).client()), index)
    task = asyncio.ensure_future(svc.save_tags(SESSION, ["a"]))
    await asyncio.sleep(0.02)
    assert index.get("s1").tags == ("a",)  # type: ignore[union-attr]
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert index.get("s1") == SESSION


async def test_create_puts_the_new_session_in_the_index() -> None:
    api = FakeSessionDock(lambda _r: httpx.Response(201, json={"data": session_json("n1", "New")}))
    index = SessionIndex()
    result = await EditService(FakeSource(api.client()), index).create({"title": "New"})
    assert result.ok and result.message == messages.created("New")
    assert index.get("n1") is not None


async def test_import_items_dedupe_and_take_the_kind_from_the_extension() -> None:
    items = import_items(["/m/Song.als", "/m/Song.als", "/m/Folder/"])
    assert [(i.project_path, i.title, i.project_type) for i in items] == [
        ("/m/Song.als", "Song", "Ableton"),
        ("/m/Folder", "Folder", ""),
    ]


async def test_import_is_gated_and_resyncs_after_success() -> None:
    body = {"data": {"importId": "i1", "status": "queued", "total": 1}}
    api = FakeSessionDock(lambda _r: httpx.Response(202, json=body))
    source = FakeSource(api.client(), status=READ_ONLY)
    said, result = await ImportService(source).run(["/m/Song.als"])
    assert (said.ok, said.message, result) == (False, messages.IMPORT_READ_ONLY, None)
    assert api.requests == []
    source.status = FULL
    said, result = await ImportService(source).run(["/m/Song.als"])
    assert said.ok and result is not None
    assert source.syncs == 1
    assert api.paths() == ["POST /import"]
