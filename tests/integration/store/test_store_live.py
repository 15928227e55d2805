"""The store against a real SessionDock simulator: reconcile, cheap check, and SessionDock down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from sessiondock_launcher.api import NotRunning, SessionDockClient
from sessiondock_launcher.api.models import SessionPage
from sessiondock_launcher.core.store import (
    LibraryStore,
    apply_first_page,
    open_store,
    reconcile_async,
)
from sessiondock_launcher.simulator.runner import SimulatorThread

TOKEN = "store-it-token-Zp4Lq8"

pytestmark = pytest.mark.asyncio


def _ids(store: LibraryStore) -> set[str]:
    return {row[0] for row in store.connection.execute("SELECT id FROM sessions")}


async def test_reconcile_follows_the_server(simulator: SimulatorThread, tmp_path: Path) -> None:
    store, _ = open_store(tmp_path / "library.sqlite3")
    client = SessionDockClient(simulator.base_url, TOKEN)
    try:
        first = await reconcile_async(store, client.iter_pages(page_size=250))
        server = simulator.state.sessions
        assert first.complete
        assert len(first.added) == 1_200
        assert _ids(store) == set(server)
        # The user edits SessionDock: one session renamed, two deleted, one imported.
        ids = sorted(server)
        sessions = {i: dict(s) for i, s in server.items()}
        sessions[ids[0]]["title"] = "Renamed in SessionDock"
        del sessions[ids[1]], sessions[ids[2]]
        sessions["imported-1"] = {**sessions[ids[3]], "id": "imported-1", "title": "Imported"}
        simulator.state.replace_sessions(sessions.values())
        second = await reconcile_async(store, client.iter_pages(page_size=250))
        assert second.added == ["imported-1"]
        assert second.changed == [ids[0]]
        assert sorted(second.removed) == sorted([ids[1], ids[2]])
        assert _ids(store) == set(sessions)
        renamed = store.get(ids[0])
        assert renamed is not None
        assert renamed.title == "Renamed in SessionDock"
        # Nothing changed since: nothing to rebuild.
        third = await reconcile_async(store, client.iter_pages(page_size=250))
        assert not third.any
    finally:
        await client.aclose()
        store.close()


async def test_cheap_check_uses_one_request(simulator: SimulatorThread, tmp_path: Path) -> None:
    store, _ = open_store(tmp_path / "library.sqlite3")
    client = SessionDockClient(simulator.base_url, TOKEN)
    try:
        await reconcile_async(store, client.iter_pages(page_size=500))
        before = simulator.state.request_count
        page = await client.list_sessions(sort="-lastOpened", limit=50)
        check = apply_first_page(store, page)
        assert not check.full_needed
        assert not check.changes.any
        sessions = {i: dict(s) for i, s in simulator.state.sessions.items()}
        newest = max(sessions.values(), key=lambda s: str(s.get("lastOpened") or ""))
        sessions["just-made"] = {**newest, "id": "just-made", "title": "Just made"}
        simulator.state.replace_sessions(sessions.values())
        page = await client.list_sessions(sort="-lastOpened", limit=50)
        check = apply_first_page(store, page)
        assert "just-made" in check.changes.added
        assert store.get("just-made") is not None  # searchable before any full reconcile
        assert simulator.state.request_count - before == 2  # one request a check, no re-listing
    finally:
        await client.aclose()
        store.close()


async def test_sync_failing_midway_keeps_the_library(
    simulator: SimulatorThread, tmp_path: Path
) -> None:
    store, _ = open_store(tmp_path / "library.sqlite3")
    client = SessionDockClient(simulator.base_url, TOKEN)
    try:
        await reconcile_async(store, client.iter_pages(page_size=250))
        stored = _ids(store)
        simulator.state.replace_sessions(list(simulator.state.sessions.values())[:100])

        async def quitting() -> AsyncIterator[SessionPage]:
            async for page in client.iter_pages(page_size=50):
                yield page
                simulator.stop()  # SessionDock quits after the first page

        with pytest.raises(NotRunning):
            await reconcile_async(store, quitting())
        assert _ids(store) == stored  # 1,100 sessions vanished from the listing: none deleted
    finally:
        await client.aclose()
        store.close()


_QUERY = """
import sys
from pathlib import Path
from sessiondock_launcher.core.store import answer_query
code, out, err = answer_query(Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "json")
sys.stdout.write(out)
sys.stderr.write(err)
raise SystemExit(code)
"""


def _query(path: Path, text: str, mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-c", _QUERY, str(path), text, mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


async def test_restart_with_sessiondock_down_finds_stored_sessions(
    simulator: SimulatorThread, tmp_path: Path
) -> None:
    path = tmp_path / "data" / "library.sqlite3"
    missing = _query(path, "mix", "json")
    assert missing.returncode == 1
    assert "no stored library" in missing.stderr
    store, _ = open_store(path)
    client = SessionDockClient(simulator.base_url, TOKEN)
    try:
        await reconcile_async(store, client.iter_pages(page_size=500))
    finally:
        await client.aclose()
        store.close()
    target = next(iter(simulator.state.sessions.values()))
    simulator.stop()
    done = _query(path, str(target["title"]), "json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)["items"]
    assert items[0]["uid"] == target["id"]  # an exact title match always wins
    assert items[0]["arg"] == target["id"]
    plain = _query(path, "zzzz-nothing-like-this", "plain")
    assert (plain.returncode, plain.stdout) == (0, "")
