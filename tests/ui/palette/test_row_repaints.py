"""Scrolling and arriving artwork repaint only the rows that changed (the loop-stall budget).

Painting a result row costs ~0.7 ms of the loop. Before: every scroll step repainted the whole
list (its transparent viewport could not be scrolled by copying pixels) and every arriving
artwork repainted every visible row (a one-index ``dataChanged`` repaints a Qt 6 list whole):
7-28 rows, 15-35 ms, per two-row scroll step with artwork loading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.palette.result_delegate import ROW_HEIGHT


class PaintRects(QObject):
    """The rectangles of the paint events a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())  # type: ignore[attr-defined]
        return False


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    # No artwork: no thumbnail arrives by itself and repaints a row in the middle of a count.
    library = [{**raw, "previewUrl": None} for raw in generate_library(300, seed=3)]
    state = SimulatorState(SimulatorConfig(token="paint-token"), library)
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def _settled(qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread) -> Launcher:
    """The palette showing a full page for "e", painted (no paint pending)."""
    launcher = make_launcher(sim)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    qtbot.waitUntil(lambda: not launcher.link.sync.is_running, timeout=10_000)
    _paints(qtbot, launcher, lambda: palette.search.setText("e"))
    assert palette.model.rowCount() == 50
    return launcher


def _paints(qtbot: Any, launcher: Launcher, action: Callable[[], None]) -> list[QRect]:
    viewport = launcher.palette.list.viewport()
    probe = PaintRects()
    viewport.installEventFilter(probe)
    try:
        action()
        qtbot.waitUntil(lambda: bool(probe.rects), timeout=5_000)
        QApplication.processEvents()  # any paint posted with it
    finally:
        viewport.removeEventFilter(probe)
    return probe.rects


def test_arriving_artwork_repaints_only_its_row(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = _settled(qtbot, make_launcher, sim)
    palette = launcher.palette
    row = palette.list.visualRect(palette.model.index(2))
    session = palette.model.session_at(2)
    assert session is not None
    rects = _paints(qtbot, launcher, lambda: launcher.thumbnails.thumbnail_ready.emit(session.id))
    # Before: one paint of the whole list (every visible row, ~7 x 0.7 ms).
    assert rects == [row]


def test_a_scroll_step_paints_only_the_rows_it_uncovers(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = _settled(qtbot, make_launcher, sim)
    palette = launcher.palette
    viewport = palette.list.viewport()
    assert viewport.height() >= 4 * ROW_HEIGHT  # a step uncovers less than the list shows
    bar = palette.list.verticalScrollBar()
    rects = _paints(qtbot, launcher, lambda: bar.setValue(2 * ROW_HEIGHT))
    painted = sum(r.height() for r in rects)
    # Before: the whole viewport (its height) on every step.
    assert painted <= 2 * ROW_HEIGHT + 2, [r.getRect() for r in rects]
    assert palette.list.indexAt(viewport.rect().topLeft()).row() == 2  # it did scroll
