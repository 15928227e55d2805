"""Fixtures for the store's unit tests: a real SQLite file under ``tmp_path``, never a mock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.unit.core.store.store_support import MakeSessions, make_sessions

from sessiondock_launcher.core.store import LibraryStore, open_store


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "library.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[LibraryStore]:
    opened, _report = open_store(store_path)
    yield opened
    opened.close()


@pytest.fixture(name="make_sessions")
def make_sessions_fixture() -> MakeSessions:
    """``make_sessions(n, seed=7, **overrides)``: sessions from the simulator's generator."""
    return make_sessions
