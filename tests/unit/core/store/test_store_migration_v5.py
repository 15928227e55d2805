"""A store written by the previous release (schema v4) opens with schema v5: the library, pins,
usage and query history intact, the index file still valid, and the first listing afterwards
changes nothing (it parses every session once, to learn their JSON's fingerprints)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sessiondock_launcher.api.models import RawSession, RawSessionPage, Session
from sessiondock_launcher.core.store import CURRENT_VERSION, OpenOutcome, open_store, reconcile
from sessiondock_launcher.core.store.codec import COLUMNS, row_for

# Frozen copy of the v4 schema as released (v1 + v2 + v3 + v4 steps, end state): never built
# from the code under test, or a later edit to a step would change both sides.
V4_SCHEMA = """
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
CREATE TABLE query_history (seq INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE, at REAL NOT NULL);
CREATE TABLE library_version (
    slot INTEGER PRIMARY KEY CHECK (slot = 0), uid BLOB NOT NULL, key BLOB NOT NULL,
    version INTEGER NOT NULL
);
INSERT INTO library_version (slot, uid, key, version)
    VALUES (0, randomblob(16), randomblob(32), 0);
CREATE TABLE session_changes (version INTEGER PRIMARY KEY, id TEXT NOT NULL);
INSERT OR REPLACE INTO meta (key, value)
    SELECT 'changes_logged_since', version FROM library_version WHERE slot = 0;
CREATE TRIGGER sessions_insert_bumps_and_logs AFTER INSERT ON sessions BEGIN
    UPDATE library_version SET version = version + 1 WHERE slot = 0;
    INSERT INTO session_changes (version, id) SELECT version, NEW.id FROM library_version
        WHERE slot = 0;
END;
CREATE TRIGGER sessions_update_bumps_and_logs AFTER UPDATE ON sessions BEGIN
    UPDATE library_version SET version = version + 1 WHERE slot = 0;
    INSERT INTO session_changes (version, id) SELECT version, NEW.id FROM library_version
        WHERE slot = 0;
END;
CREATE TRIGGER sessions_delete_bumps_and_logs AFTER DELETE ON sessions BEGIN
    UPDATE library_version SET version = version + 1 WHERE slot = 0;
    INSERT INTO session_changes (version, id) SELECT version, OLD.id FROM library_version
        WHERE slot = 0;
END;
PRAGMA user_version = 4;
"""

ORIGIN = "http://127.0.0.1:18432"
ITEMS: list[dict[str, Any]] = [
    {
        "id": "s1",
        "title": "Night Drive",
        "kind": "Ableton",
        "tags": ["mix"],
        "lastOpened": "2025-07-08T05:24:39Z",
        "previewUrl": "/api/v1/sessions/s1/artwork",
        "previews": [{"id": "v1", "name": "Main", "path": "/m.wav", "status": "ready"}],
    },
    {"id": "s2", "title": "Ghost extended", "kind": "Cubase", "notes": "Bounce it", "bpm": 90},
    {"id": "s3", "title": "Wired", "kind": "Logic", "mix": {"lufs": -9.5}},
]


def _version(conn: sqlite3.Connection) -> tuple[bytes, int]:
    uid, version = conn.execute("SELECT uid, version FROM library_version").fetchone()
    return uid, version


def _write_v4(path: Path) -> tuple[bytes, int]:
    """A v4 library as the previous release stored it after a full sync, used for a while."""
    path.parent.mkdir(mode=0o700)
    conn = sqlite3.connect(path)
    conn.executescript(V4_SCHEMA)
    assert len(COLUMNS) == 19  # what v4 stored (the codec has not grown a column since)
    marks = ",".join("?" * len(COLUMNS))
    for at, item in enumerate(ITEMS):
        session = Session.from_api(item, origin=ORIGIN)
        assert session is not None
        conn.execute(f"INSERT INTO sessions VALUES ({marks})", row_for(session, 1.0 + at))
    conn.execute("INSERT INTO pins VALUES ('s2', 1, 5.0)")
    conn.execute("INSERT INTO usage (session_id, at) VALUES ('s1', 1700000000.0)")
    conn.execute("INSERT INTO query_history (text, at) VALUES ('night #mix', 6.0)")
    conn.execute("INSERT INTO meta VALUES ('full_sync_at', '1700000000.0')")
    conn.commit()
    version = _version(conn)
    conn.close()
    return version


def _page() -> RawSessionPage:
    decoded = json.loads(json.dumps(ITEMS))  # what the API's JSON decodes to
    items = tuple(RawSession(item["id"], item) for item in decoded)
    return RawSessionPage(items, total=len(items), limit=500, offset=0, origin=ORIGIN)


def test_v4_store_is_migrated_keeping_library_pins_history_and_its_index_file(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CURRENT_VERSION == 5
    v4_version = _write_v4(store_path)
    store, report = open_store(store_path)
    with store:
        assert (report.outcome, report.from_version) == (OpenOutcome.MIGRATED, 4)
        assert not report.needs_attention
        conn = store.connection
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
        for item in ITEMS:
            expected = Session.from_api(item, origin=ORIGIN)
            stored = store.get(item["id"])
            assert stored == expected
            assert stored is not None and expected is not None
            assert dict(stored.extra) == dict(expected.extra)
        assert store.pins.ids() == ["s2"]
        assert store.usage.events() == [("s1", 1700000000.0)]
        assert store.history.recent() == ["night #mix"]
        assert store.state().full_sync_at == 1700000000.0
        # The upgrade changed no session: an index file written by v4 still matches.
        assert _version(conn) == v4_version
        assert conn.execute("SELECT count(*) FROM sessions WHERE raw_digest IS NULL").fetchone()
        assert conn.execute("SELECT count(raw_digest) FROM sessions").fetchone()[0] == 0

        parsed: list[str] = []
        original = Session.from_api.__func__  # type: ignore[attr-defined]

        def counting(cls: type[Session], raw: Any, origin: str | None = None) -> Session | None:
            session: Session | None = original(cls, raw, origin)
            parsed.append(getattr(session, "id", ""))
            return session

        monkeypatch.setattr(Session, "from_api", classmethod(counting))
        # The first listing after the upgrade: every session parsed once (no fingerprint kept
        # yet), nothing changed, the content version untouched (filling in fingerprints is not
        # a change: the v5 trigger leaves raw_digest out).
        first = reconcile(store, [_page()])
        assert (first.added, first.changed, first.removed) == ([], [], [])
        assert first.unchanged == 3
        assert sorted(parsed) == ["s1", "s2", "s3"]
        assert _version(conn) == v4_version
        assert conn.execute("SELECT count(raw_digest) FROM sessions").fetchone()[0] == 3
        # From then on the same listing parses nothing.
        parsed.clear()
        again = reconcile(store, [_page()])
        assert not again.any
        assert again.unchanged == 3
        assert parsed == []
        # A content change still bumps the version and is logged (the index catches up).
        session = store.get("s3")
        assert session is not None
        store.put([session], 9.0)
        assert _version(conn) == (v4_version[0], v4_version[1] + 1)
        assert store.pins.ids() == ["s2"]
