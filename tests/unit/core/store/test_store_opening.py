"""Opening the store: creation, privacy, and every kind of unusable file kept aside and rebuilt."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.core.store import (
    LibraryStore,
    OpenOutcome,
    OpenReport,
    open_store,
    reconcile,
)

NOW = 1_764_900_000.0  # 2025-12-05T02:00:00Z


def _stored_library(path: Path, make_sessions: MakeSessions, n: int = 400) -> None:
    store, _ = open_store(path)
    with store:
        reconcile(store, [make_sessions(n)])


def _open_with_deadline(path: Path) -> tuple[LibraryStore, OpenReport]:
    """open_store in a thread: a hang fails the test instead of blocking the run."""
    result: list[tuple[LibraryStore, OpenReport]] = []
    thread = threading.Thread(target=lambda: result.append(open_store(path, clock=lambda: NOW)))
    thread.daemon = True
    thread.start()
    thread.join(10)
    assert result, "open_store hung"
    return result[0]


def test_new_store_is_private_and_reopens(store_path: Path, make_sessions: MakeSessions) -> None:
    store, report = open_store(store_path)
    with store:
        assert report.outcome is OpenOutcome.CREATED
        assert not report.needs_attention
        reconcile(store, [make_sessions(5)])
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store_path.parent.stat().st_mode) == 0o700
    reopened, report = open_store(store_path)
    with reopened:
        assert report.outcome is OpenOutcome.OPENED
        assert len(reopened) == 5
        assert reopened.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_too_open_dir_and_file_are_made_private(store_path: Path) -> None:
    store_path.parent.mkdir(mode=0o755)
    store_path.parent.chmod(0o755)
    store, _ = open_store(store_path)
    store.close()
    store_path.chmod(0o644)
    store, _ = open_store(store_path)
    store.close()
    assert stat.S_IMODE(store_path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600


def _assert_recovered(path: Path, report: OpenReport, original: bytes | None, problem: str) -> None:
    assert report.outcome is OpenOutcome.RECOVERED
    assert problem in report.problem
    moved_to = report.moved_to
    assert moved_to is not None
    assert moved_to.parent == path.parent
    assert moved_to.name == "library.sqlite3.broken-20251205T020000Z"
    if original is not None:
        assert moved_to.read_bytes() == original  # kept byte for byte
    assert str(moved_to) in report.message
    assert "rebuilt from SessionDock" in report.message
    fresh = sqlite3.connect(path)
    try:
        assert fresh.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    finally:
        fresh.close()


def test_garbage_file_is_kept_aside_and_replaced(store_path: Path) -> None:
    store_path.parent.mkdir(mode=0o700)
    garbage = os.urandom(8192)
    store_path.write_bytes(garbage)
    store, report = _open_with_deadline(store_path)
    store.close()
    _assert_recovered(store_path, report, garbage, "not a SQLite database")


def test_truncated_database_is_kept_aside(store_path: Path, make_sessions: MakeSessions) -> None:
    _stored_library(store_path, make_sessions)
    data = store_path.read_bytes()
    assert len(data) > 64 * 1024
    truncated = data[: len(data) // 2]
    store_path.write_bytes(truncated)
    store, report = _open_with_deadline(store_path)
    store.close()
    _assert_recovered(store_path, report, truncated, "damaged")


def test_damaged_page_is_kept_aside(store_path: Path, make_sessions: MakeSessions) -> None:
    _stored_library(store_path, make_sessions)
    data = bytearray(store_path.read_bytes())
    page = 4096
    data[3 * page : 5 * page] = os.urandom(2 * page)  # scribble over b-tree pages, header intact
    store_path.write_bytes(bytes(data))
    store, report = _open_with_deadline(store_path)
    store.close()
    _assert_recovered(store_path, report, bytes(data), "damaged")


def test_directory_at_the_path_is_kept_aside(store_path: Path) -> None:
    store_path.mkdir(parents=True)
    (store_path / "keep.txt").write_text("user data")
    store, report = _open_with_deadline(store_path)
    store.close()
    _assert_recovered(store_path, report, None, "not a regular file")
    assert report.moved_to is not None
    assert (report.moved_to / "keep.txt").read_text() == "user data"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_fifo_at_the_path_does_not_hang(store_path: Path) -> None:
    store_path.parent.mkdir()
    os.mkfifo(store_path)
    store, report = _open_with_deadline(store_path)
    store.close()
    _assert_recovered(store_path, report, None, "not a regular file")
    assert report.moved_to is not None
    assert stat.S_ISFIFO(report.moved_to.lstat().st_mode)


def test_schema_from_a_newer_launcher_is_kept_aside(store_path: Path) -> None:
    store, _ = open_store(store_path)
    store.connection.execute("PRAGMA user_version = 99")
    store.close()
    store, report = _open_with_deadline(store_path)
    store.close()
    _assert_recovered(store_path, report, None, "newer version")


_READ_ONLY_PROBE = """
import sys
from pathlib import Path
from sessiondock_launcher.core.store import open_store
store, report = open_store(Path(sys.argv[1]), clock=lambda: 1_764_900_000.0)
store.close()
print(report.outcome.value, report.problem, sep="|")
"""


def test_read_only_file_is_kept_aside(store_path: Path) -> None:
    store, _ = open_store(store_path)
    store.close()
    store_path.chmod(0o400)
    command = [sys.executable, "-c", _READ_ONLY_PROBE, str(store_path)]
    if os.geteuid() == 0:  # root may write a 0400 file: drop the capability that allows it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop CAP_DAC_OVERRIDE")
        caps = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", *command]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    outcome, problem = done.stdout.strip().split("|")
    assert outcome == "recovered"
    assert "not readable and writable" in problem
    kept = store_path.with_name("library.sqlite3.broken-20251205T020000Z")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o400
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600


def test_unwritable_location_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data dir should be")
    store, report = open_store(blocker / "library.sqlite3")
    with store:
        assert report.outcome is OpenOutcome.IN_MEMORY
        assert report.needs_attention
        assert "synced again" in report.message
        store.pins.pin("s1")
        assert store.pins.ids() == ["s1"]
    assert blocker.read_text() == "a file where the data dir should be"


def test_two_recoveries_in_one_second_keep_both_files(store_path: Path) -> None:
    store_path.parent.mkdir()
    for content in (b"first garbage" * 10, b"second garbage" * 10):
        store_path.write_bytes(content)
        store, _ = open_store(store_path, clock=lambda: NOW)
        store.close()
    kept = sorted(p.name for p in store_path.parent.iterdir() if ".broken-" in p.name)
    assert kept == [
        "library.sqlite3.broken-20251205T020000Z",
        "library.sqlite3.broken-20251205T020000Z-1",
    ]


def test_store_locked_by_another_process_is_not_taken_for_damaged(
    store_path: Path, make_sessions: MakeSessions
) -> None:
    # A second launcher (or one still shutting down) holds the write lock: the file is fine and
    # must stay where it is; this run keeps its library in memory and says why.
    _stored_library(store_path, make_sessions, 50)
    other = sqlite3.connect(store_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        store, report = _open_with_deadline(store_path)
        store.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert report.outcome is OpenOutcome.IN_MEMORY
    assert report.moved_to is None
    assert "in use" in report.problem
    assert not [p for p in store_path.parent.iterdir() if ".broken-" in p.name]
    store, report = open_store(store_path)
    with store:
        assert report.outcome is OpenOutcome.OPENED
        assert len(store) == 50
