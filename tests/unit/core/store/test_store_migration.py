"""Stores written by earlier releases (schema v1, v2) open with the current code, data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sessiondock_launcher.core.store import CURRENT_VERSION, OpenOutcome, open_store

# Frozen copy of the v1 schema as released: never import it from the code under test, or a later
# edit to the v1 step would change both sides and this test would prove nothing.
V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '', accent TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]', notes TEXT NOT NULL DEFAULT '', last_opened_us INTEGER,
    project_path TEXT NOT NULL DEFAULT '', project_original_path TEXT NOT NULL DEFAULT '',
    preview_status TEXT NOT NULL DEFAULT '', preview_url TEXT, preview_audio_url TEXT,
    preview_audio_mime TEXT NOT NULL DEFAULT '', preferred_preview_id TEXT NOT NULL DEFAULT '',
    previews TEXT NOT NULL DEFAULT '[]', extra TEXT NOT NULL DEFAULT '{}',
    digest BLOB NOT NULL, synced_at REAL NOT NULL
);
CREATE INDEX sessions_last_opened ON sessions (last_opened_us DESC);
CREATE TABLE usage (seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE pins (session_id TEXT PRIMARY KEY, position INTEGER NOT NULL, pinned_at REAL NOT NULL);
PRAGMA user_version = 1;
"""


V2_ADDS = """
CREATE TABLE query_history (seq INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE, at REAL NOT NULL);
PRAGMA user_version = 2;
"""


def _write_v1(path: Path, *, v2: bool = False) -> None:
    path.parent.mkdir(mode=0o700)
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA + (V2_ADDS if v2 else ""))
    conn.execute(
        "INSERT INTO sessions (id, title, kind, tags, last_opened_us, digest, synced_at)"
        " VALUES ('s1', 'Night Drive', 'Ableton', '[\"mix\"]', 1700000000000000, x'00', 1.0)"
    )
    conn.execute("INSERT INTO pins VALUES ('s1', 1, 1.0)")
    conn.execute("INSERT INTO usage (session_id, at) VALUES ('s1', 1700000000.0)")
    conn.execute("INSERT INTO meta VALUES ('full_sync_at', '1700000000.0')")
    conn.commit()
    conn.close()


def test_v1_store_is_migrated_and_keeps_its_data(store_path: Path) -> None:
    assert CURRENT_VERSION == 5
    _write_v1(store_path)
    store, report = open_store(store_path)
    with store:
        assert report.outcome is OpenOutcome.MIGRATED
        assert report.from_version == 1
        assert not report.needs_attention
        session = store.get("s1")
        assert session is not None
        assert (session.title, session.kind, session.tags) == ("Night Drive", "Ableton", ("mix",))
        assert store.pins.ids() == ["s1"]
        assert store.usage.events() == [("s1", 1700000000.0)]
        assert store.state().full_sync_at == 1700000000.0
        # What v2 added works and persists.
        assert store.history.record("night #mix")
    store, report = open_store(store_path)
    with store:
        assert report.outcome is OpenOutcome.OPENED
        assert store.history.recent() == ["night #mix"]
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == 5


def test_failed_migration_step_leaves_v1_intact(store_path: Path) -> None:
    _write_v1(store_path)
    conn = sqlite3.connect(store_path)
    conn.execute("CREATE TABLE query_history (x)")  # v2's table already exists: the step fails
    conn.commit()
    conn.close()
    store, report = open_store(store_path)
    store.close()
    assert report.outcome is OpenOutcome.RECOVERED  # unusable: kept aside, not half-migrated
    assert report.moved_to is not None
    kept = sqlite3.connect(report.moved_to)
    try:
        assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
        assert kept.execute("SELECT title FROM sessions").fetchall() == [("Night Drive",)]
    finally:
        kept.close()


def _content_version(conn: sqlite3.Connection) -> tuple[bytes, int]:
    uid, version = conn.execute("SELECT uid, version FROM library_version").fetchone()
    return uid, version


def test_v2_store_gets_a_content_version_that_every_session_write_bumps(store_path: Path) -> None:
    _write_v1(store_path, v2=True)
    store, report = open_store(store_path)
    with store:
        assert (report.outcome, report.from_version) == (OpenOutcome.MIGRATED, 2)
        assert store.get("s1") is not None
        uid, start = _content_version(store.connection)
        assert len(uid) == 16
        session = store.get("s1")
        assert session is not None
        store.put([session], 2.0)  # an edit
        assert _content_version(store.connection) == (uid, start + 1)
        store.delete(["s1"])  # a removal
        assert _content_version(store.connection) == (uid, start + 2)
        store.pins.pin("s2")  # not a session change: the index does not depend on it
        store.history.record("drums")
        store.set_meta("checked_at", "3.0")
        assert _content_version(store.connection) == (uid, start + 2)
    # Another process writing sessions (no code of ours in between) bumps it too.
    conn = sqlite3.connect(store_path)
    conn.execute(
        "INSERT INTO sessions (id, title, digest, synced_at) VALUES ('s9', 'Other', x'00', 4.0)"
    )
    conn.commit()
    assert _content_version(conn) == (uid, start + 3)
    conn.close()


def test_a_new_store_has_its_own_identity(tmp_path: Path) -> None:
    first, _ = open_store(tmp_path / "a" / "library.sqlite3")
    second, _ = open_store(tmp_path / "b" / "library.sqlite3")
    with first, second:
        assert _content_version(first.connection)[0] != _content_version(second.connection)[0]


def test_every_session_write_is_logged_with_its_content_version(store_path: Path) -> None:
    """Schema v4: an index file written at version V catches up by reading the sessions logged
    after V (``index_catchup``); writes by any process are logged, nothing else is."""
    from sessiondock_launcher.core.store.index_catchup import changed_since, prune_changes

    _write_v1(store_path, v2=True)
    store, _report = open_store(store_path)
    with store:
        _uid, start = _content_version(store.connection)
        assert changed_since(store.connection, start, 10) == []
        assert changed_since(store.connection, start - 1, 10) is None  # before the log began
        session = store.get("s1")
        assert session is not None
        store.put([session], 2.0)
        store.delete(["s1"])
        store.pins.pin("s2")
        assert changed_since(store.connection, start, 10) == ["s1"]
        assert changed_since(store.connection, start + 1, 10) == ["s1"]
        assert changed_since(store.connection, start + 2, 10) == []
    conn = sqlite3.connect(store_path)
    conn.execute(
        "INSERT INTO sessions (id, title, digest, synced_at) VALUES ('s9', 'Other', x'00', 4.0)"
    )
    conn.commit()
    assert sorted(changed_since(conn, start, 10) or []) == ["s1", "s9"]
    assert changed_since(conn, start, 1) is None  # more than the caller would overlay
    conn.close()
    prune_changes(store_path, start + 2)
    conn = sqlite3.connect(store_path)
    assert changed_since(conn, start + 1, 10) is None  # pruned: that file cannot catch up
    assert changed_since(conn, start + 2, 10) == ["s9"]
    conn.close()
