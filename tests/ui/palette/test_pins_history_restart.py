"""Pins, query history and picks live in the store and survive a restart of the whole app graph.

Two Launchers on the same data directory, one after the other, against a simulator on loopback:
the first pins a session (Ctrl+Shift+P, a real key press) and focuses one after typing a query;
after its shutdown, the second loads the stored library, lists the pinned session first for the
empty query and in the tray, and ↑ in its empty search field brings the query back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token="pins-token"), generate_library(80, seed=9))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def _row_ids(launcher: Launcher) -> list[str]:
    model = launcher.palette.model
    sessions = (model.session_at(row) for row in range(model.rowCount()))
    return [s.id for s in sessions if s is not None]


def test_pins_history_and_picks_survive_a_restart(
    qtbot: Any,
    make_launcher: Callable[..., Launcher],
    run_async: Callable[..., Any],
    sim: SimulatorThread,
) -> None:
    first = make_launcher(sim)
    palette = first.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    qtbot.waitUntil(lambda: palette.model.rowCount() > 5)
    unpinned_order = _row_ids(first)
    pinned_id = unpinned_order[4]  # not already at the top
    palette.select_row(4)
    QTest.keyClick(palette.search, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: _row_ids(first)[:1] == [pinned_id])

    target = first.index.get(unpinned_order[2])
    assert target is not None
    query = target.display_title.split()[0]
    QTest.keyClicks(palette.search, query)
    qtbot.waitUntil(lambda: target.id in _row_ids(first))
    first.controller.focus(target)
    qtbot.waitUntil(
        lambda: any(
            r["path"].endswith(f"/sessions/{target.id}/focus") for r in sim.state.request_log()
        )
    )
    qtbot.waitUntil(lambda: len(first.store.usage) == 1)
    run_async(first.shutdown())

    second = make_launcher(sim, synced=False)
    qtbot.waitUntil(lambda: second.link.library_ready)  # from the disk, before or without a sync
    second.palette.show_palette()
    qtbot.waitExposed(second.palette)
    qtbot.waitUntil(lambda: _row_ids(second)[:1] == [pinned_id])
    second.tray.rebuild_menu()
    texts = [a.text() for a in second.tray.menu.actions()]
    pinned = second.index.get(pinned_id)
    assert pinned is not None
    assert texts.index("Pinned sessions") < texts.index(pinned.display_title)
    assert texts.index(pinned.display_title) < texts.index("Recent sessions")
    assert second.frecency.score(target.id) > 0  # the pick, replayed from the store

    field = second.palette.search
    QTest.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == query
    QTest.keyClick(field, Qt.Key.Key_Up)  # no older query: the field keeps its text
    assert field.text() == query
    QTest.keyClick(field, Qt.Key.Key_Down)
    assert field.text() == ""
    QTest.keyClick(field, Qt.Key.Key_Down)  # not walking: ↓ moves into the results
    assert second.palette.list.currentIndex().row() == 1


def test_up_moves_through_results_when_there_is_no_history(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    qtbot.waitUntil(lambda: palette.model.rowCount() > 3)
    palette.select_row(2)
    QTest.keyClick(palette.search, Qt.Key.Key_Up)
    assert palette.list.currentIndex().row() == 1 and palette.search.text() == ""


def test_pinning_says_so_and_marks_the_row(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    """A tester pinned a session and saw no sign of it: no word, no mark on the row."""
    launcher = make_launcher(sim)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    qtbot.waitUntil(lambda: palette.model.rowCount() > 5)
    palette.select_row(3)
    chosen = palette.current_session()
    assert chosen is not None
    delegate = launcher.delegate
    assert not delegate.meta_line(chosen, ()).startswith("Pinned")
    QTest.keyClick(palette.search, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(palette.toast.isVisible, timeout=3000)
    assert palette.toast.label.text().startswith(f"Pinned “{chosen.display_title}”")
    assert delegate.meta_line(chosen, ()).startswith("Pinned · ")
    QTest.keyClick(palette.search, Qt.Key.Key_P, CTRL_SHIFT)  # it heads the list, still selected
    qtbot.waitUntil(lambda: palette.toast.label.text() == f"Unpinned “{chosen.display_title}”")
    assert not delegate.meta_line(chosen, ()).startswith("Pinned")
