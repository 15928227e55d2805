"""The index file beside the database: equal to the built index, used only when it matches the
store exactly, and ignored (deleted, rebuilt) when damaged or hostile: never a crash, never a
wrong result. Real files, a real SQLite store, the real keeper and ``--query``."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import struct
import sys
import tracemalloc
from array import array
from pathlib import Path
from typing import Any

import pytest
from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core import snapshot_codec
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.library import LibrarySnapshot
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
from sessiondock_launcher.core.store import LibraryStore, answer_query, keeper, query_answer
from sessiondock_launcher.core.store.keeper import StoredLibrary
from sessiondock_launcher.core.store.loading import BuildSource, build_snapshot_steps
from sessiondock_launcher.core.store.persisted import (
    HEADER,
    LibraryVersion,
    index_path,
    library_version,
    load_index,
    save_index,
)
from sessiondock_launcher.core.store.reconcile import reconcile
from sessiondock_launcher.core.store.threaded import _executor as store_thread

NOW = 1_800_000_000.0
QUERIES = ["", "mix", "drum", "nght drv", "kind:ableton", "#mix", "status:draft beat", "v2", "ü"]


def _odd_sessions(library: list[Session]) -> list[Session]:
    """Sessions whose text tests the string encoding: non-ASCII, NUL, emoji, no title."""
    odd = [
        ("odd-\x00-id", "Nacht Überfahrt — Straße", ("mix", "Äpfel")),
        ("odd-2", "drum \x00 nul", ("t\x00ag",)),
        ("odd-3", "🎛️ Synth 🎹 jam", ("🎵", "mix")),
        ("odd-4", "", ()),
    ]
    return [
        dataclasses.replace(library[k], id=sid, title=title, tags=tags)
        for k, (sid, title, tags) in enumerate(odd)
    ]


def _synced(store: LibraryStore, make_sessions: MakeSessions, n: int = 600) -> list[Session]:
    library = make_sessions(n)
    library = [*_odd_sessions(library), *library[4:]]
    reconcile(store, [library])
    return library


def _build(store: LibraryStore) -> tuple[LibrarySnapshot, LibraryVersion]:
    builder = SnapshotBuilder()
    source = BuildSource()
    for _ in build_snapshot_steps(store, builder, source=source):
        pass
    assert source.version is not None
    return builder.result(), source.version


def _columns(snap: LibrarySnapshot) -> dict[str, Any]:
    """Every column, with dict key order and array type codes (what a keystroke relies on)."""
    found: dict[str, Any] = {}
    for field in dataclasses.fields(snap):
        value = getattr(snap, field.name)
        if field.name == "records":
            continue
        if isinstance(value, dict):
            found[field.name] = [
                (k, (v.typecode, v.tolist()) if isinstance(v, array) else v)
                for k, v in value.items()
            ]
        elif isinstance(value, array):
            found[field.name] = (value.typecode, value.tolist())
        else:
            found[field.name] = value
    return found


def _drain_writes() -> None:
    """Wait until every write queued on the store's thread is done (it runs them in order)."""
    store_thread().submit(lambda: None).result(timeout=60)


def _load(store: LibraryStore) -> tuple[SessionIndex, int]:
    index = SessionIndex(clock=lambda: NOW)
    loaded = asyncio.run(StoredLibrary(store, index, index_write_delay_s=0).load())
    _drain_writes()
    return index, loaded


def _ranked(index: SessionIndex, text: str) -> list[tuple[str, float]]:
    return [(m.session.id, m.score) for m in index.search(parse_query(text), 50).matches]


def test_round_trip_equals_the_built_index_in_every_column(
    store: LibraryStore, store_path: Path, make_sessions: MakeSessions
) -> None:
    _synced(store, make_sessions)
    built, version = _build(store)
    path = save_index(store_path, built, version)
    assert path == store_path.with_name("library.index")  # beside the database
    assert path.stat().st_mode & 0o077 == 0  # private, like the database
    loaded = load_index(store_path, version)
    assert loaded is not None
    assert _columns(loaded) == _columns(built)
    assert loaded.position == {sid: at for at, sid in enumerate(built.ids)}
    assert "odd-\x00-id" in loaded.position


def test_codec_round_trips_a_lone_surrogate(make_sessions: MakeSessions) -> None:
    """Valid in the API's JSON, so in a title or an id (the store cannot hold one yet)."""
    library = make_sessions(50)
    library[3] = dataclasses.replace(library[3], id="id-\udc80", title="drum \ud800 solo")
    builder = SnapshotBuilder()
    builder.add(library)
    for _ in builder.finish_steps():
        pass
    parts: list[bytes] = []
    snapshot_codec.encode_snapshot(builder.result(), lambda data: parts.append(bytes(data)))
    back = snapshot_codec.decode_bytes(b"".join(parts), len(library))
    assert _columns(back) == _columns(builder.result())
    assert "id-\udc80" in back.position


def test_the_app_writes_it_after_a_build_and_loads_it_instead_of_building(
    store: LibraryStore,
    store_path: Path,
    make_sessions: MakeSessions,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _synced(store, make_sessions)
    built_index, _ = _load(store)  # no file yet: built from the store, then written
    assert index_path(store_path).is_file()

    def no_build(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("built from the store although the file matches")

    monkeypatch.setattr(keeper, "build_snapshot_steps", no_build)
    caplog.set_level(logging.INFO)
    from_file, loaded = _load(store)
    assert loaded == len(store)
    assert "Index loaded from its file" in caplog.text
    for text in QUERIES:
        assert _ranked(from_file, text) == _ranked(built_index, text), text


def test_the_write_waits_until_builds_settle_and_writes_the_newest_only(
    store: LibraryStore, store_path: Path, make_sessions: MakeSessions
) -> None:
    """Right after a build the user is likely typing: the file is written a while later."""
    library = _synced(store, make_sessions, n=200)
    path = index_path(store_path)

    async def run() -> None:
        kept = StoredLibrary(store, SessionIndex(), index_write_delay_s=0.3)
        await kept.load()
        renamed = dataclasses.replace(library[9], title="Wombat late edit")
        store.put([renamed], NOW)
        await kept._rebuild()  # a second build before the delay is over
        await asyncio.get_running_loop().run_in_executor(None, _drain_writes)
        assert not path.exists()  # not yet
        await asyncio.sleep(0.6)
        await asyncio.get_running_loop().run_in_executor(None, _drain_writes)

    asyncio.run(run())
    version = library_version(store.connection)
    assert version is not None
    loaded = load_index(store_path, version)  # the newest build's, for the store as it is now
    assert loaded is not None
    assert "wombat late edit" in loaded.haystacks[loaded.position[library[9].id]]


def test_a_file_behind_the_store_is_caught_up_with_what_changed_since(
    store: LibraryStore,
    store_path: Path,
    make_sessions: MakeSessions,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Nearly every start after a day's use finds the file behind the store (an edit, a cheap
    check's news): it is loaded anyway and the sessions changed since are read back from the
    store's change log, instead of rebuilding the index (seconds at 100k sessions)."""
    library = _synced(store, make_sessions)
    _load(store)
    old = index_path(store_path).read_bytes()
    renamed = dataclasses.replace(library[40], title="Quokka renamed while we were away")
    store.put([renamed], NOW)  # e.g. another process, or an edit before a crash
    store.delete([library[41].id])
    store.put([dataclasses.replace(library[0], id="brand-new", title="Quokka newcomer")], NOW)
    version = library_version(store.connection)
    assert version is not None
    assert load_index(store_path, version) is None  # not for this exact state

    def no_build(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("built from the store although the file can catch up")

    with monkeypatch.context() as patch:
        patch.setattr(keeper, "build_snapshot_steps", no_build)
        caplog.set_level(logging.INFO)
        index, loaded = _load(store)
    assert "2 changed and 1 removed since" in caplog.text
    assert loaded == len(store) == len(index)
    assert _ranked(index, "quokka renamed")[0][0] == renamed.id
    assert library[41].id not in index
    assert index_path(store_path).read_bytes() == old  # nothing rebuilt, nothing rewritten
    rebuilt = SessionIndex(clock=lambda: NOW)
    rebuilt.attach_details(store)
    rebuilt.install(_build(store)[0])
    for text in (*QUERIES, "quokka", ""):
        assert _ranked(index, text) == _ranked(rebuilt, text), text
    code, out, _ = answer_query(store_path, "quokka", False)  # --query catches up the same way
    assert code == 0
    assert {line.split("\t")[1] for line in out.splitlines()} == {renamed.id, "brand-new"}


def test_a_file_too_far_behind_is_replaced_after_a_rebuild(
    store: LibraryStore,
    store_path: Path,
    make_sessions: MakeSessions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keeper, "OVERLAY_MAX", 5)
    library = _synced(store, make_sessions)
    _load(store)
    old = index_path(store_path).read_bytes()
    store.put([dataclasses.replace(s, title=f"Quokka {s.title}") for s in library[:6]], NOW)
    index, _ = _load(store)
    assert len(_ranked(index, "quokka")) == 6
    assert index_path(store_path).read_bytes() != old  # rewritten for the new state
    version = library_version(store.connection)
    assert version is not None and load_index(store_path, version) is not None
    logged = store.connection.execute("SELECT count(*) FROM session_changes").fetchone()[0]
    assert logged == 0  # the new file covers the whole log: pruned


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[: len(data) - 1000]
    elif how == "flipped payload byte":
        data[len(data) // 2] ^= 0x40
    elif how == "flipped checksum byte":
        data[HEADER.size - 1] ^= 0x01
    elif how == "wrong magic":
        data[:8] = b"NOTINDEX"
    elif how == "huge length":  # announces 2**60 payload bytes
        struct.pack_into("<Q", data, HEADER.size - 40, 1 << 60)
    elif how == "huge session count":
        struct.pack_into("<I", data, HEADER.size - 44, 0xFFFF_FFFF)
    elif how == "header only":
        data = data[: HEADER.size]
    elif how == "shorter than a header":
        data = data[:20]
    elif how == "empty":
        data = bytearray()
    path.write_bytes(bytes(data))


DAMAGES = [
    "truncated",
    "flipped payload byte",
    "flipped checksum byte",
    "wrong magic",
    "huge length",
    "huge session count",
    "header only",
    "shorter than a header",
    "empty",
]


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_file_is_deleted_and_the_app_rebuilds_and_searches(
    store: LibraryStore, store_path: Path, make_sessions: MakeSessions, how: str
) -> None:
    library = _synced(store, make_sessions)
    expected, _ = _load(store)
    path = index_path(store_path)
    _damage(path, how)
    version = library_version(store.connection)
    assert version is not None
    tracemalloc.start()
    try:
        assert load_index(store_path, version) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # nothing allocated for what the header claims
    assert not path.exists()  # a cache: deleted, not kept
    index, loaded = _load(store)
    assert loaded == len(library)
    for text in QUERIES:
        assert _ranked(index, text) == _ranked(expected, text), text
    assert load_index(store_path, version) is not None  # rewritten whole


def _hostile(snap: LibrarySnapshot, how: str) -> None:
    if how == "position past the end":
        key = next(iter(snap.grams))
        snap.grams[key] = array("i", [*snap.grams[key], len(snap) + 7])
    elif how == "negative position":
        key = next(iter(snap.title_postings))
        snap.title_postings[key] = array("i", [-3, *snap.title_postings[key]])
    elif how == "facet out of range":
        snap.facet_of[5] = len(snap.facets) + 1
    elif how == "duplicate id":
        snap.ids[3] = snap.ids[4]
    elif how == "empty posting list":
        snap.by_tag["nothing"] = array("i")


@pytest.mark.parametrize(
    "how",
    [
        "position past the end",
        "negative position",
        "facet out of range",
        "duplicate id",
        "empty posting list",
    ],
)
def test_an_inconsistent_file_with_a_valid_checksum_is_refused(
    store: LibraryStore, store_path: Path, make_sessions: MakeSessions, how: str
) -> None:
    """A writer holding the key (our own bug, say) still cannot make the index crash."""
    _synced(store, make_sessions, n=200)
    snap, version = _build(store)
    _hostile(snap, how)
    save_index(store_path, snap, version)
    assert load_index(store_path, version) is None
    assert not index_path(store_path).exists()


def test_a_file_from_another_database_is_not_used(
    store: LibraryStore, store_path: Path, make_sessions: MakeSessions, tmp_path: Path
) -> None:
    _synced(store, make_sessions, n=100)
    snap, version = _build(store)
    save_index(store_path, snap, version)
    other = dataclasses.replace(version, uid=os.urandom(16))  # e.g. a database created anew
    assert load_index(store_path, other) is None
    forged = dataclasses.replace(version, key=os.urandom(32))  # right state, not our key
    assert load_index(store_path, forged) is None


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_in_its_place_never_hangs(store: LibraryStore, store_path: Path) -> None:
    os.mkfifo(index_path(store_path))
    version = library_version(store.connection)
    assert version is not None
    assert load_index(store_path, version) is None  # returns at once: not opened for a writer


def test_query_fast_path_prints_exactly_what_the_slow_path_prints(
    store: LibraryStore,
    store_path: Path,
    make_sessions: MakeSessions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _synced(store, make_sessions)
    path = index_path(store_path)
    assert not path.exists()
    slow = {
        (text, as_json): answer_query(store_path, text, as_json, clock=lambda: NOW)
        for text in QUERIES
        for as_json in (False, True)
    }
    assert path.is_file()  # the slow path left the file for the next time

    def no_build(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("built from the store although the file matches")

    monkeypatch.setattr(query_answer, "build_snapshot_steps", no_build)
    for (text, as_json), expected in slow.items():
        assert answer_query(store_path, text, as_json, clock=lambda: NOW) == expected
    assert any(out.count("\n") > 3 for code, out, _ in slow.values() if code == 0)


def test_codec_refuses_trailing_bytes_and_short_parts() -> None:
    snap = SnapshotBuilder()
    snap.add([])
    for _ in snap.finish_steps():
        pass
    parts: list[bytes] = []
    snapshot_codec.encode_snapshot(snap.result(), lambda data: parts.append(bytes(data)))
    payload = b"".join(parts)
    assert _columns(snapshot_codec.decode_bytes(payload, 0)) == _columns(snap.result())
    for bad in (payload + b"\0", payload[:-1]):
        with pytest.raises(snapshot_codec.SnapshotFormatError):
            snapshot_codec.decode_bytes(bad, 0)
