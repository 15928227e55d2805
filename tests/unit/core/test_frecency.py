"""FrecencyStore: decay, normalisation, persistence, corrupt files, the entry cap."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from sessiondock_launcher.core.frecency import FrecencyStore

DAY = 86400.0


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_unknown_session_scores_zero() -> None:
    assert FrecencyStore(None).score("nope") == 0.0


def test_more_picks_score_higher_and_stay_below_one() -> None:
    store = FrecencyStore(None, clock=FakeClock())
    store.record("a")
    for _ in range(20):
        store.record("b")
    assert 0 < store.score("a") < store.score("b") < 1.0


def test_score_halves_raw_count_after_half_life() -> None:
    clock = FakeClock()
    store = FrecencyStore(None, clock=clock, half_life_s=14 * DAY)
    store.record("a")
    store.record("a")  # raw 2 -> 2 / (2 + 3)
    assert store.score("a") == pytest.approx(2 / 5)
    clock.now += 14 * DAY  # raw 1 -> 1 / 4
    assert store.score("a") == pytest.approx(1 / 4)
    clock.now += 365 * DAY
    assert store.score("a") < 0.001


def test_recent_pick_beats_old_frequent_picks() -> None:
    clock = FakeClock()
    store = FrecencyStore(None, clock=clock, half_life_s=14 * DAY)
    for _ in range(4):
        store.record("old")
    clock.now += 120 * DAY
    store.record("new")
    assert store.score("new") > store.score("old")


def test_forget_and_snapshot() -> None:
    store = FrecencyStore(None, clock=FakeClock())
    store.record("a")
    store.record("b")
    version = store.version
    store.forget("a")
    assert store.version > version
    assert set(store.snapshot()) == {"b"}
    assert store.score("a") == 0.0


def test_round_trip(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "state" / "frecency.json"
    store = FrecencyStore(path, clock=clock)
    store.record("a")
    store.record("a")
    store.record("b")
    store.save()
    assert [p.name for p in path.parent.iterdir()] == ["frecency.json"]  # no temp files left
    again = FrecencyStore(path, clock=clock)
    assert again.score("a") == pytest.approx(store.score("a"))
    assert again.score("b") == pytest.approx(store.score("b"))


@pytest.mark.parametrize(
    "content",
    ["{not json", "[]", '{"entries": 3}', '{"entries": {"a": "x", "b": [1]}}', "\udcff"],
)
def test_corrupt_file_starts_empty_with_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str
) -> None:
    path = tmp_path / "frecency.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with caplog.at_level(logging.WARNING):
        store = FrecencyStore(path)
    assert len(store) == 0 or store.score("a") == 0.0
    if content.startswith('{"entries": {'):
        return  # well-formed file with bad entries: entries skipped silently
    assert "frecency" in caplog.text


def test_missing_file_starts_empty(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        store = FrecencyStore(tmp_path / "absent.json")
    assert len(store) == 0
    assert caplog.text == ""


def test_in_memory_save_is_noop() -> None:
    FrecencyStore(None).save()


def test_cap_drops_weakest() -> None:
    clock = FakeClock()
    store = FrecencyStore(None, clock=clock, max_entries=3)
    for _ in range(3):
        store.record("strong")
    store.record("weak")
    clock.now += 1
    store.record("mid")
    store.record("mid")
    store.record("new")
    assert len(store) == 3
    assert store.score("weak") == 0.0
    assert store.score("strong") > 0 and store.score("mid") > 0 and store.score("new") > 0


def test_saved_file_is_plain_json(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    store = FrecencyStore(path, clock=FakeClock())
    store.record("a")
    store.save()
    data = json.loads(path.read_text())
    assert data["version"] == 1 and list(data["entries"]) == ["a"]


def test_save_to_a_read_only_folder_reports_and_keeps_the_old_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.support.fs import read_only_dir

    path = tmp_path / "data" / "frecency.json"
    store = FrecencyStore(path, clock=FakeClock())
    store.record("a")
    assert store.save() is True
    before = path.read_bytes()
    store.record("b")
    with read_only_dir(path.parent), caplog.at_level(logging.WARNING):
        assert store.save() is False  # reported, never raised
    assert path.read_bytes() == before
    assert "Could not save usage history" in caplog.text and str(path) in caplog.text


def test_saved_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "frecency.json"
    store = FrecencyStore(path, clock=FakeClock())
    store.record("a")
    store.save()
    assert path.stat().st_mode & 0o777 == 0o600
