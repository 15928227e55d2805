"""Typing on does only the work that changed, and shows the same thing as before (issue 13, item 4).

Against a real simulator and the real ``Launcher``: while the highlighted row stays the same, its
whole session is read from the store once (counted on the store's own SQLite connection) and the
preview pane does not rebuild itself; when that session changes in SessionDock, the pane shows the
change, even a field only the store has (a preview lane's name).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sessiondock_launcher.api import Session
from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.store import FullSyncPacer
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token="keys-token"), generate_library(300, seed=5))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def _opened(qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread) -> Launcher:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    # Opening the palette runs a cheap check against SessionDock: type once it is done.
    qtbot.waitUntil(lambda: not launcher.link.sync.is_running, timeout=10_000)
    return launcher


def _with_lanes(launcher: Launcher) -> Session:
    """A session with preview lanes whose full title puts it on top of the rows (found without
    highlighting it: nothing of it is read or shown yet)."""
    shown = launcher.palette.current_session()
    for row in launcher.index.recent(300):
        full = launcher.store.get(row.id)
        if shown is not None and row.id == shown.id:
            continue
        if full is not None and full.previews and len(full.title) >= 8:
            top = launcher.controller.searches.local_results(full.title).matches[0].session
            if top.id == full.id:
                return full
    raise AssertionError("no session with lanes that tops its own title")


def _store_reads(launcher: Launcher) -> Counter[str]:
    """Whole-session reads (``WHERE id = '…'``) on the store's connection, by session id."""
    reads: Counter[str] = Counter()

    def traced(statement: str) -> None:
        if "FROM sessions WHERE id = '" in statement:
            reads[statement.rsplit("WHERE id = '", 1)[1].rstrip("'")] += 1

    launcher.store.connection.set_trace_callback(traced)
    return reads


def test_typing_on_reads_the_highlighted_session_once_and_keeps_the_pane(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = _opened(qtbot, make_launcher, sim)
    palette, pane = launcher.palette, launcher.preview
    target = _with_lanes(launcher)
    reads = _store_reads(launcher)
    generation = launcher.index.generation
    kept_buttons: dict[str, Any] | None = None
    rebuilt_while_on_top = 0
    for end in range(1, len(target.title) + 1):
        QTest.keyClicks(palette.search, target.title[end - 1])
        assert palette.model.text == target.title[:end]
        current = palette.current_session()
        assert current is not None and pane.session is not None
        assert pane.session.id == current.id
        assert pane.title_label.text() == current.display_title  # the pane follows at once
        if current.id == target.id:
            if kept_buttons is not None and pane.lanes_label.buttons is not kept_buttons:
                rebuilt_while_on_top += 1
            kept_buttons = pane.lanes_label.buttons
    launcher.store.connection.set_trace_callback(None)
    assert launcher.index.generation == generation  # nothing changed the library meanwhile
    assert palette.current_session().id == target.id
    assert reads[target.id] == 1, reads
    assert max(reads.values()) == 1, reads  # every highlighted row: read once
    assert rebuilt_while_on_top == 0
    shown = pane.lanes_label.text().splitlines()
    assert [line.split(" · ")[0].removesuffix("  ★") for line in shown] == [
        p.name or p.id for p in target.ordered_previews()
    ]


def test_the_pane_shows_a_change_of_the_highlighted_session_from_a_sync(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = _opened(qtbot, make_launcher, sim)
    palette, pane = launcher.palette, launcher.preview
    target = _with_lanes(launcher)
    QTest.keyClicks(palette.search, target.title)
    assert palette.current_session().id == target.id
    assert "Remaster lane" not in pane.lanes_label.text()
    with sim.state.lock:  # a field only the whole session (the store) has: a lane's name
        raw = sim.state.sessions[target.id]
        raw["previews"] = [dict(raw["previews"][0], name="Remaster lane"), *raw["previews"][1:]]
        sim.state.touch()
    launcher.library.pacer = FullSyncPacer(share=1.0, min_interval_s=0.0)
    launcher.link.request_sync()
    qtbot.waitUntil(lambda: "Remaster lane" in pane.lanes_label.text(), timeout=10_000)
    assert palette.current_session().id == target.id
    # ... and typing on after it keeps showing it (the read after the change is the one kept).
    QTest.keyClick(palette.search, Qt.Key.Key_End)
    QTest.keyClicks(palette.search, " ")
    QTest.keyClick(palette.search, Qt.Key.Key_Backspace)
    assert "Remaster lane" in pane.lanes_label.text()


def test_a_hidden_pane_reads_and_draws_nothing_until_it_shows(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)  # the pane is off by default
    palette, pane = launcher.palette, launcher.preview
    palette.show_palette()
    qtbot.waitExposed(palette)
    qtbot.waitUntil(lambda: not launcher.link.sync.is_running, timeout=10_000)
    assert pane.isHidden()
    target = _with_lanes(launcher)
    reads = _store_reads(launcher)
    QTest.keyClicks(palette.search, target.title)
    assert palette.current_session().id == target.id
    assert reads == Counter()  # nothing read for a pane nobody sees
    launcher.store.connection.set_trace_callback(None)

    pane.toggle_visible()  # the user shows it: the highlighted row, whole (its lanes)
    assert pane.session is not None and pane.session.id == target.id
    assert pane.title_label.text() == target.display_title
    assert pane.lanes_label.text().splitlines()[0].startswith(target.ordered_previews()[0].name)
    QTest.keyClick(palette.search, Qt.Key.Key_Backspace)  # shown: it follows at once again
    current = palette.current_session()
    assert pane.session is not None and pane.session.id == current.id
    assert pane.title_label.text() == current.display_title
