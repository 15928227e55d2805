"""SessionDock closed, the stored library loaded: the palette searches it, says how old it is and
that focusing needs SessionDock, and the local actions keep working (copy notes gets the whole
notes from the store, not the index's first 400 characters)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.library import NOTES_SEARCH_CHARS
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    sessions = generate_library(90, seed=21)
    sessions[10]["notes"] = "long notes " * 100  # over what the index keeps
    state = SimulatorState(SimulatorConfig(token="offline-token"), sessions)
    thread = SimulatorThread(state).start()
    yield thread
    if thread.running:
        thread.stop()


def test_offline_palette_searches_the_store_and_says_so(
    qtbot: Any,
    make_launcher: Callable[..., Launcher],
    run_async: Callable[..., Any],
    sim: SimulatorThread,
) -> None:
    long_notes = next(s for s in sim.state.sessions.values() if s["notes"].startswith("long"))
    first = make_launcher(sim)
    run_async(first.shutdown())
    sim.stop()

    second = make_launcher(sim, synced=False)
    palette = second.palette
    qtbot.waitUntil(lambda: second.link.library_ready and second.link.status.link is Link.OFFLINE)
    qtbot.waitUntil(lambda: "Offline: library from" in palette.link_label.text())
    assert "Focusing and opening need SessionDock running" in palette.link_label.text()

    palette.show_palette()
    qtbot.waitExposed(palette)
    QTest.keyClicks(palette.search, long_notes["title"])
    qtbot.waitUntil(lambda: palette.model.rowCount() > 0)
    assert palette.model.text == long_notes["title"]
    session = palette.model.session_at(palette.model.row_of(long_notes["id"]))
    assert session is not None and len(session.notes) <= NOTES_SEARCH_CHARS  # the row: lean
    second.actions.copy_notes(session)
    assert QGuiApplication.clipboard().text() == long_notes["notes"]
