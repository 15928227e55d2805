"""An index file in the layout before gram bitmaps (format 1) is ignored and replaced, never read
with today's decoder. Real files and a real SQLite store."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.postings import BitPositions
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
from sessiondock_launcher.core.store import LibraryStore, persisted
from sessiondock_launcher.core.store.keeper import StoredLibrary
from sessiondock_launcher.core.store.loading import BuildSource, build_snapshot_steps
from sessiondock_launcher.core.store.persisted import HEADER, index_path, load_index, save_index
from sessiondock_launcher.core.store.reconcile import reconcile
from sessiondock_launcher.core.store.threaded import _executor as store_thread

NOW = 1_800_000_000.0


def test_a_file_of_the_format_before_bitmaps_is_ignored_and_rewritten(
    store: LibraryStore,
    store_path: Path,
    make_sessions: MakeSessions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reconcile(store, [make_sessions(300)])
    builder = SnapshotBuilder()
    source = BuildSource()
    for _ in build_snapshot_steps(store, builder, source=source):
        pass
    assert source.version is not None
    with monkeypatch.context() as old:  # what the launcher before bitmaps wrote
        old.setattr(persisted, "FORMAT_VERSION", 1)
        old.setattr(persisted, "BUILD", persisted._build_tag())
        path = save_index(store_path, builder.result(), source.version, background=False)
    (_, fmt, *_) = HEADER.unpack(path.read_bytes()[: HEADER.size])
    assert fmt == 1
    assert load_index(store_path, source.version) is None  # not decoded with today's layout
    index = SessionIndex(clock=lambda: NOW)
    loaded = asyncio.run(StoredLibrary(store, index, index_write_delay_s=0).load())
    store_thread().submit(lambda: None).result(timeout=60)  # the rewrite is done
    assert loaded == 300
    assert index.search(parse_query("a"), 5).total_matched > 0
    (_, fmt, *_) = HEADER.unpack(index_path(store_path).read_bytes()[: HEADER.size])
    assert fmt == persisted.FORMAT_VERSION == 2
    again = load_index(store_path, source.version)
    assert again is not None
    assert any(isinstance(p, BitPositions) for p in again.grams.values())
