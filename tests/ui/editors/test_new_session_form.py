"""The new-session form with real key presses (issue 11 item 7).

A validation problem goes as soon as the input fixes it, and Esc on a filled form asks first
(inline, like the quit guard) instead of throwing the input away.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sessiondock_launcher.core import messages
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.editors.session_form import NewSessionForm


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token="form-token"), generate_library(40, seed=5))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def open_form(qtbot: Any, make_launcher: Any, sim: SimulatorThread) -> tuple[Any, NewSessionForm]:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    launcher.preview.new_session(pick_path=lambda _parent: "")
    form = launcher.preview.editor
    assert isinstance(form, NewSessionForm)
    form.title.setFocus()
    return launcher, form


def test_the_title_problem_goes_once_a_title_is_typed(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    _launcher, form = open_form(qtbot, make_launcher, sim)
    QTest.keyClick(form.title, Qt.Key.Key_Return)
    assert form.error.text() == "Give the session a title." and form.error.isVisible()
    QTest.keyClicks(form.title, "Launch cue")
    assert form.error.isHidden()


def test_esc_on_a_filled_form_asks_first(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher, form = open_form(qtbot, make_launcher, sim)
    QTest.keyClicks(form.title, "Launch cue")
    QTest.keyClick(form.title, Qt.Key.Key_Escape)
    assert launcher.preview.editor is form and form.title.text() == "Launch cue"
    assert form.discard_row.isVisible()
    assert form.discard_label.text() == messages.DISCARD_NEW_SESSION
    QTest.keyClick(form.keep_button, Qt.Key.Key_Escape)  # Esc again: keep editing
    assert form.discard_row.isHidden() and launcher.preview.editor is form
    QTest.keyClick(form.title, Qt.Key.Key_Escape)
    form.discard_button.click()
    qtbot.waitUntil(lambda: launcher.preview.editor is None)
    assert [r for r in sim.state.request_log() if r["method"] == "POST"] == []


def test_esc_on_an_empty_form_closes_it_at_once(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher, form = open_form(qtbot, make_launcher, sim)
    QTest.keyClick(form.title, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: launcher.preview.editor is None)
