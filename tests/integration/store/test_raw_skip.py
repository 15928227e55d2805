"""A full sync over unparsed pages (``iter_raw_pages``) against the real simulator: sessions whose
JSON is stored unchanged are skipped before parsing, and a change of any field is picked up.

What is asserted is what the store holds afterwards and which sessions were parsed at all
(``Session.from_api`` counted), not how the skip is done.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sessiondock_launcher.api import NotRunning, SessionDockClient
from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.store import LibraryStore, open_store, reconcile_in_thread
from sessiondock_launcher.core.store.persisted import library_version
from sessiondock_launcher.simulator.runner import SimulatorThread

TOKEN = "store-it-token-Zp4Lq8"
PAGE = 250

pytestmark = pytest.mark.asyncio


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the sessions parsed from the API's JSON from now on."""
    seen: list[str] = []
    original = Session.from_api.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Session], raw: Any, origin: str | None = None) -> Session | None:
        session: Session | None = original(cls, raw, origin)
        if session is not None:
            seen.append(session.id)
        return session

    monkeypatch.setattr(Session, "from_api", classmethod(counting))
    return seen


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LibraryStore]:
    opened, _ = open_store(tmp_path / "library.sqlite3")
    with opened:
        yield opened


def _edit(sim: SimulatorThread, session_id: str, **fields: Any) -> None:
    """The user changes the session in SessionDock (``None``: the field is removed)."""
    sessions = {i: dict(s) for i, s in sim.state.sessions.items()}
    for key, value in fields.items():
        if value is None:
            sessions[session_id].pop(key, None)
        else:
            sessions[session_id][key] = value
    sim.state.replace_sessions(sessions.values())


async def _sync(store: LibraryStore, client: SessionDockClient) -> Any:
    changes = await reconcile_in_thread(store, client.iter_raw_pages(page_size=PAGE))
    assert changes.complete
    return changes


async def test_an_unchanged_sync_parses_nothing_and_changes_nothing(
    simulator: SimulatorThread, store: LibraryStore, parsed: list[str]
) -> None:
    async with SessionDockClient(simulator.base_url, TOKEN) as client:
        first = await _sync(store, client)
        assert len(first.added) == 1_200
        assert len(parsed) == 1_200
        version = library_version(store.connection)
        parsed.clear()
        again = await _sync(store, client)
    assert parsed == []  # nothing parsed at all
    assert not again.any
    assert again.unchanged == 1_200
    assert again.received == 1_200
    assert library_version(store.connection) == version  # the index file stays valid


async def test_added_and_removed_sessions_among_skipped_ones(
    simulator: SimulatorThread, store: LibraryStore, parsed: list[str]
) -> None:
    """Skipped sessions count as listed: only the ones gone from SessionDock are removed."""
    async with SessionDockClient(simulator.base_url, TOKEN) as client:
        await _sync(store, client)
        sessions = {i: dict(s) for i, s in simulator.state.sessions.items()}
        gone = sorted(sessions)[100:102]
        for session_id in gone:
            del sessions[session_id]
        sessions["imported-1"] = {**sessions["session_1"], "id": "imported-1", "title": "New"}
        simulator.state.replace_sessions(sessions.values())
        parsed.clear()
        changes = await _sync(store, client)
    assert changes.added == ["imported-1"]
    assert sorted(changes.removed) == gone
    assert changes.changed == []
    assert parsed == ["imported-1"]
    stored = {row[0] for row in store.connection.execute("SELECT id FROM sessions")}
    assert stored == set(sessions)


CHANGES: dict[str, dict[str, Any]] = {
    "title": {"title": "Renamed in SessionDock"},
    "tags": {"tags": ["demo", "brand new tag"]},
    "notes": {"notes": "Bounce the radio edit first."},
    "artwork": {"previewUrl": "/api/v1/sessions/session_7/artwork?v=2"},
    "audio": {"previewAudioUrl": "/media/session_7-v2.mp3", "previewAudioMime": "audio/mpeg"},
    "previews": {"previews": [{"id": "v9", "name": "Alt mix", "path": "/a.wav", "status": "ok"}]},
    "last-opened": {"lastOpened": "2031-02-03T04:05:06Z"},
    "status": {"status": "archived"},
    "project-path": {"projectPath": "/Users/maya/Music/Moved/Ghost.cpr"},
    "unknown-field": {"bpm": 128},
    "unknown-nested": {"mix": {"loudness": {"lufs": -9.5}}},
    "field-removed": {"notes": None},
}


@pytest.mark.parametrize("change", list(CHANGES.values()), ids=list(CHANGES))
async def test_a_change_of_any_field_is_picked_up_and_only_that_session_parsed(
    simulator: SimulatorThread, store: LibraryStore, parsed: list[str], change: dict[str, Any]
) -> None:
    target = "session_7"
    async with SessionDockClient(simulator.base_url, TOKEN) as client:
        await _sync(store, client)
        _edit(simulator, target, **change)
        expected = Session.from_api(simulator.state.sessions[target], origin=client.origin)
        parsed.clear()
        changes = await _sync(store, client)
        assert changes.changed == [target]
        assert changes.unchanged == 1_199
        assert parsed == [target]  # the changed one only
        stored = store.get(target)
        assert stored == expected
        assert stored is not None and expected is not None
        assert dict(stored.extra) == dict(expected.extra)  # (``extra`` is not compared by ==)
        parsed.clear()
        assert not (await _sync(store, client)).any
        assert parsed == []  # stored as sent: skipped again from now on


async def test_a_value_deep_inside_an_unknown_field_changing_is_picked_up(
    simulator: SimulatorThread, store: LibraryStore, parsed: list[str]
) -> None:
    async with SessionDockClient(simulator.base_url, TOKEN) as client:
        _edit(simulator, "session_3", mix={"loudness": {"lufs": -9.5}, "stems": [1, 2]})
        await _sync(store, client)
        for value in ({"lufs": -9.0}, {"lufs": -9}, {"lufs": True}):  # -9.0, -9, true differ
            _edit(simulator, "session_3", mix={"loudness": value, "stems": [1, 2]})
            parsed.clear()
            changes = await _sync(store, client)
            assert changes.changed == ["session_3"], value
            assert parsed == ["session_3"]
            stored = store.get("session_3")
            assert stored is not None
            assert stored.extra["mix"]["loudness"] == value
            assert type(stored.extra["mix"]["loudness"]["lufs"]) is type(value["lufs"])


async def test_json_that_differs_but_means_the_same_is_parsed_once_and_no_change(
    simulator: SimulatorThread, store: LibraryStore, parsed: list[str]
) -> None:
    """Tags sent as "a, b" instead of ["a", "b"] store the same session: the sync parses it
    (its JSON changed), finds the row equal, changes nothing (no content version: the index
    file stays valid), and skips it from the next sync on."""
    async with SessionDockClient(simulator.base_url, TOKEN) as client:
        await _sync(store, client)
        target, tags = next(
            (i, s["tags"]) for i, s in simulator.state.sessions.items() if len(s["tags"]) > 1
        )
        _edit(simulator, target, tags=",".join(tags))
        version = library_version(store.connection)
        parsed.clear()
        changes = await _sync(store, client)
        assert not changes.any
        assert parsed == [target]
        assert library_version(store.connection) == version
        parsed.clear()
        await _sync(store, client)
        assert parsed == []


async def test_an_edit_here_still_wins_over_an_older_unparsed_page(
    simulator: SimulatorThread, store: LibraryStore
) -> None:
    """The page was requested before the user renamed the session here: the listing's older
    title must not overwrite the edit (``reconcile``: an edit newer than the page is kept)."""
    async with SessionDockClient(simulator.base_url, TOKEN) as client:
        await _sync(store, client)
        _edit(simulator, "session_9", title="Changed in SessionDock earlier")
        pages = client.iter_raw_pages(page_size=PAGE)

        async def edited_while_listing() -> Any:
            async for page in pages:
                if any(item.id == "session_9" for item in page.sessions):
                    current = store.get("session_9")
                    assert current is not None
                    store.put([dataclasses.replace(current, title="Edited here")], 0.0)
                yield page

        changes = await reconcile_in_thread(store, edited_while_listing())
    assert changes.kept_newer == ["session_9"]
    stored = store.get("session_9")
    assert stored is not None
    assert stored.title == "Edited here"


async def test_a_session_edited_here_is_compared_again_at_the_next_listing(
    simulator: SimulatorThread, store: LibraryStore, parsed: list[str]
) -> None:
    """An edit stored here clears the session's fingerprint: the next listing parses it and,
    when SessionDock says otherwise, stores what SessionDock says."""
    async with SessionDockClient(simulator.base_url, TOKEN) as client:
        await _sync(store, client)
        current = store.get("session_11")
        assert current is not None
        store.put([dataclasses.replace(current, title="Local title")], 0.0)
        parsed.clear()
        changes = await _sync(store, client)
    assert parsed == ["session_11"]
    assert changes.changed == ["session_11"]
    stored = store.get("session_11")
    assert stored is not None
    assert stored.title == simulator.state.sessions["session_11"]["title"]


async def test_a_raw_sync_failing_midway_removes_nothing(
    simulator: SimulatorThread, store: LibraryStore
) -> None:
    """SessionDock quits after the first unparsed page: every stored session is kept, the
    skipped ones and the 900 gone from the listing alike (a listing that did not complete)."""
    async with SessionDockClient(simulator.base_url, TOKEN) as client:
        await _sync(store, client)
        before = {row[0] for row in store.connection.execute("SELECT id FROM sessions")}
        simulator.state.replace_sessions(list(simulator.state.sessions.values())[:300])
        pages = client.iter_raw_pages(page_size=PAGE)

        async def quitting() -> Any:
            async for page in pages:
                yield page
                simulator.stop()  # SessionDock quits after the first page

        with pytest.raises(NotRunning):
            await reconcile_in_thread(store, quitting())
    after = {row[0] for row in store.connection.execute("SELECT id FROM sessions")}
    assert after == before  # 900 sessions vanished from the listing: none deleted
