"""The first sync finishing under a highlighted row does not change what Enter acts on.

A tester typed "rain" while the first sync ran (SessionDock answered), pressed ↓↓ to "Echo Rain
demo", the sync finished, the library's own ranking replaced the rows, the highlight jumped to
row 1 "Rain", and Enter focused "Rain". Here SessionDock's answer (most recently opened first)
and the library's ranking (titles starting with the word first) share no row in the top 5.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from tests.support.sim_log import focused_ids

from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "refresh-token"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    library = generate_library(5_000, seed=5)  # ten slow pages: the first sync takes seconds
    for n in range(8):
        library[100 + n].update(title=f"Quokka {n}", lastOpened=f"2001-01-0{n + 1}T00:00:00Z")
        library[200 + n].update(title=f"Cue quokka {n}", lastOpened=f"2030-01-0{n + 1}T00:00:00Z")
    state = SimulatorState(SimulatorConfig(token=TOKEN, latency_s=0.4), library)
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def test_the_highlighted_row_survives_the_first_sync_and_enter_acts_on_it(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(result_limit=5), synced=False)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    QTest.keyClicks(palette.search, "quokka")
    qtbot.waitUntil(lambda: palette.model.text == "quokka", timeout=10_000)
    assert palette.model.source == "server", "the sync ended first: the test needs a slower one"
    QTest.keyClick(palette.search, Qt.Key.Key_Down)
    QTest.keyClick(palette.search, Qt.Key.Key_Down)
    chosen = palette.current_session()
    assert chosen is not None and chosen.title.startswith("Cue quokka")
    qtbot.waitUntil(lambda: palette.model.source == "index", timeout=30_000)  # the sync ended
    assert [palette.model.session_at(r).title for r in range(2)] == ["Quokka 7", "Quokka 6"]
    current = palette.current_session()
    assert current is not None and current.id == chosen.id
    assert palette.list.currentIndex().row() == 2
    QTest.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused_ids(sim) != [], timeout=5000)
    assert focused_ids(sim) == [chosen.id]
