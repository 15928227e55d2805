"""Pins, query history and usage survive reopening the store."""

from __future__ import annotations

from pathlib import Path

from sessiondock_launcher.core.frecency import FrecencyStore
from sessiondock_launcher.core.store import HistoryWalk, open_store
from sessiondock_launcher.core.store.personal import QUERY_HISTORY_MAX


def test_pins_keep_their_order_across_restarts(store_path: Path) -> None:
    store, _ = open_store(store_path)
    with store:
        assert store.pins.pin("b")
        assert store.pins.pin("a")
        assert store.pins.pin("c")
        assert not store.pins.pin("b")  # already pinned: keeps its place
        assert store.pins.unpin("a")
        assert not store.pins.unpin("a")
        assert store.pins.pin("a")  # re-pinned: goes last
    store, _ = open_store(store_path)
    with store:
        assert store.pins.ids() == ["b", "c", "a"]
        assert "c" in store.pins
        store.pins.reorder(["a", "b"])
    store, _ = open_store(store_path)
    with store:
        assert store.pins.ids() == ["a", "b", "c"]


def test_query_history_dedupes_caps_and_survives(store_path: Path) -> None:
    store, _ = open_store(store_path)
    with store:
        assert not store.history.record("   ")
        store.history.record("drums")
        store.history.record("kind:ableton  #mix")
        store.history.record("drums")  # again: moves to the front, not a second entry
        assert store.history.recent() == ["drums", "kind:ableton #mix"]
        for n in range(QUERY_HISTORY_MAX + 20):
            store.history.record(f"q{n}")
    store, _ = open_store(store_path)
    with store:
        recent = store.history.recent()
        assert len(recent) == QUERY_HISTORY_MAX
        assert recent[0] == f"q{QUERY_HISTORY_MAX + 19}"
        assert "drums" not in recent  # the oldest were dropped
        assert store.history.recent(2) == [
            f"q{QUERY_HISTORY_MAX + 19}",
            f"q{QUERY_HISTORY_MAX + 18}",
        ]


def test_history_walk_steps_back_and_forth() -> None:
    walk = HistoryWalk(["newest", "older", "oldest"])
    assert walk.newer() is None  # not walking yet: ↓ does nothing
    assert walk.older() == "newest"
    assert walk.older() == "older"
    assert walk.older() == "oldest"
    assert walk.older() is None  # at the oldest: stays
    assert walk.newer() == "older"
    assert walk.newer() == "newest"
    assert walk.newer() == ""  # past the newest: the empty field again
    assert walk.newer() is None
    assert HistoryWalk([]).older() is None


def test_usage_replays_to_the_same_frecency_as_live_picks(store_path: Path) -> None:
    picks = [("a", 1000.0), ("b", 2000.0), ("a", 90_000.0), ("c", 2_000_000.0), ("a", 2_500_000.0)]
    now = 3_000_000.0
    clock = [0.0]
    live = FrecencyStore(None, clock=lambda: clock[0])
    store, _ = open_store(store_path)
    with store:
        for session_id, at in picks:
            clock[0] = at
            live.record(session_id)
            store.usage.record(session_id, now=at)
    clock[0] = now
    store, _ = open_store(store_path)
    with store:
        assert len(store.usage) == 5
        replayed = store.usage.frecency(clock=lambda: now)
    assert replayed.snapshot() == live.snapshot()
    assert replayed.score("a") > replayed.score("c") > 0


def test_old_frecency_file_is_carried_over_once(store_path: Path, tmp_path: Path) -> None:
    clock = [1_000.0]
    old = FrecencyStore(tmp_path / "frecency.json", clock=lambda: clock[0])
    for _ in range(3):
        old.record("often")
    old.record("once")
    old.save()
    store, _ = open_store(store_path)
    with store:
        assert store.usage.import_frecency_file(tmp_path / "frecency.json") == 4
        assert store.usage.import_frecency_file(tmp_path / "frecency.json") == 0  # only once
        replayed = store.usage.frecency(clock=lambda: 1_000.0)
    assert replayed.snapshot() == old.snapshot()
    store, _ = open_store(store_path)
    with store:
        store.connection.execute("DELETE FROM usage")
        assert store.usage.import_frecency_file(tmp_path / "missing.json") == 0
