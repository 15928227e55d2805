"""``--query`` from the stored library: the palette's ranking, Alfred's JSON, exit codes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.store import answer_query, open_store, reconcile

NOW = 1_800_000_000.0


def _synced(path: Path, make_sessions: MakeSessions, n: int = 800) -> list[Session]:
    library = make_sessions(n)
    store, _ = open_store(path)
    with store:
        reconcile(store, [library])
    return library


def test_no_store_file_exits_1_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "library.sqlite3"
    code, out, err = answer_query(path, "mix", True)
    assert (code, out) == (1, "")
    assert "no stored library" in err
    assert str(path) in err
    assert not path.parent.exists()


def test_never_synced_store_exits_1(store_path: Path) -> None:
    store, _ = open_store(store_path)
    store.close()
    code, out, err = answer_query(store_path, "mix", False)
    assert (code, out) == (1, "")
    assert "no complete library" in err


def test_corrupt_store_exits_1_and_is_left_alone(store_path: Path) -> None:
    store_path.parent.mkdir()
    store_path.write_bytes(b"garbage" * 100)
    code, _out, err = answer_query(store_path, "mix", True)
    assert code == 1
    assert "cannot be read" in err
    assert store_path.read_bytes() == b"garbage" * 100
    assert sorted(p.name for p in store_path.parent.iterdir()) == ["library.sqlite3"]


def test_json_is_alfred_script_filter_in_palette_order(
    store_path: Path, make_sessions: MakeSessions
) -> None:
    library = _synced(store_path, make_sessions)
    code, out, err = answer_query(store_path, "mix", True, clock=lambda: NOW)
    assert (code, err) == (0, "")
    items = json.loads(out)["items"]
    palette = SessionIndex(library, clock=lambda: NOW).search(parse_query("mix"), 50).matches
    assert [i["uid"] for i in items] == [m.session.id for m in palette]
    assert len(items) == 50
    first = items[0]
    session = palette[0].session
    assert first["arg"] == session.id
    assert first["title"] == first["autocomplete"] == session.display_title
    assert first["valid"] is True
    assert first["subtitle"] == " · ".join(
        [session.kind, session.status, " ".join(f"#{t}" for t in session.tags)]
    )


def test_plain_lines_and_no_results(store_path: Path, make_sessions: MakeSessions) -> None:
    _synced(store_path, make_sessions, 100)
    code, out, _ = answer_query(store_path, "kind:ableton", False, limit=5)
    assert code == 0
    lines = out.splitlines()
    assert 0 < len(lines) <= 5
    assert all(len(line.split("\t")) == 2 for line in lines)
    assert answer_query(store_path, "zzzqqqxxx", True) == (0, '{"items": []}\n', "")
    assert answer_query(store_path, "zzzqqqxxx", False) == (0, "", "")


def test_picked_sessions_rank_higher(store_path: Path, make_sessions: MakeSessions) -> None:
    _synced(store_path, make_sessions, 400)
    _, before, _ = answer_query(store_path, "mix", True, clock=lambda: NOW)
    ids = [i["uid"] for i in json.loads(before)["items"]]
    last = ids[-1]
    store, _ = open_store(store_path)
    with store:
        for _ in range(5):
            store.usage.record(last, now=NOW - 60)
    _, after, _ = answer_query(store_path, "mix", True, clock=lambda: NOW)
    assert [i["uid"] for i in json.loads(after)["items"]].index(last) < len(ids) - 1


def test_answers_while_a_running_launcher_writes(
    store_path: Path, make_sessions: MakeSessions
) -> None:
    _synced(store_path, make_sessions, 100)
    writer = sqlite3.connect(store_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM sessions")
    try:
        code, out, _ = answer_query(store_path, "", True)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert code == 0
    assert json.loads(out)["items"]  # the committed library, not the half-done write


def test_store_of_an_older_schema_still_answers(
    store_path: Path, make_sessions: MakeSessions
) -> None:
    _synced(store_path, make_sessions, 50)
    conn = sqlite3.connect(store_path)
    conn.execute("DROP TABLE query_history")  # what v2 added
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    code, out, _ = answer_query(store_path, "", True)
    assert code == 0
    assert json.loads(out)["items"]
    conn = sqlite3.connect(store_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # read, not migrated
    finally:
        conn.close()


def test_store_of_a_newer_schema_is_refused(store_path: Path, make_sessions: MakeSessions) -> None:
    _synced(store_path, make_sessions, 50)
    conn = sqlite3.connect(store_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    code, out, err = answer_query(store_path, "", True)
    assert (code, out) == (1, "")
    assert "another version" in err
