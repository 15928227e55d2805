"""The results list lays out a keystroke's rows without a Python call per row, and its rows are
what they were: the matches' sessions, selectable, never editable (issue 13, item 4).

Each keystroke resets the model; the list then lays out every row, asking the model's
``rowCount`` once per row it indexes (~240 calls a keystroke at 50 rows, ~1 ms of Python
dispatch). The model's row count is now C++ (a string list of blanks beside the matches).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.palette import results_model
from sessiondock_launcher.ui.palette.results_model import MatchRole, SessionRole


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token="model-token"), generate_library(300, seed=3))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def _opened(qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread) -> Launcher:
    launcher = make_launcher(sim)
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    qtbot.waitUntil(lambda: not launcher.link.sync.is_running, timeout=10_000)
    return launcher


def _model_calls(action: Callable[[], None]) -> Counter[str]:
    """Python calls into the model's module made while ``action`` runs (Qt's included)."""
    calls: Counter[str] = Counter()
    path = results_model.__file__

    def profile(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" and frame.f_code.co_filename == path:
            calls[frame.f_code.co_name] += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


def test_a_keystroke_lays_out_its_rows_without_a_python_call_per_row(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = _opened(qtbot, make_launcher, sim)
    palette = launcher.palette
    palette.search.setText("e")
    assert palette.model.rowCount() == 50  # a full page: 50 rows to lay out
    calls = _model_calls(lambda: palette.search.setText("en"))
    assert palette.model.text == "en" and palette.model.rowCount() > 20
    assert palette.current_session() == palette.model.session_at(0)
    # Before: rowCount ~125 times here (and as often again at the next paint).
    assert sum(calls.values()) <= 12, calls
    calls = _model_calls(lambda: palette.list.viewport().repaint())
    assert calls["rowCount"] == 0 and calls["data"] + calls["flags"] <= 40 * 12, calls


def test_rows_show_their_matches_and_are_never_edited(
    qtbot: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = _opened(qtbot, make_launcher, sim)
    palette, model = launcher.palette, launcher.palette.model
    palette.search.setText("e")
    result = launcher.controller.searches.local_results("e")
    assert model.rowCount() == len(result.matches) == 50
    for row, match in enumerate(result.matches):
        index = model.index(row)
        assert index.data(SessionRole) == match.session
        assert index.data(MatchRole) == match
        assert model.itemData(index)[Qt.ItemDataRole.DisplayRole] == match.session.display_title
        flags = model.flags(index)
        assert flags & Qt.ItemFlag.ItemIsSelectable and not flags & Qt.ItemFlag.ItemIsEditable
    assert not model.index(50).isValid()
    rect = palette.list.visualRect(model.index(1))
    QTest.mouseDClick(palette.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert palette.list.state() != QAbstractItemView.State.EditingState
    palette.search.setText("zzzz-no-such-session")
    assert model.rowCount() == 0 and palette.current_session() is None
