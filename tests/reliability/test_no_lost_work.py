"""No lost work: a failed write keeps the user's input with Retry, and nothing retries by itself.

The editors (notes, tags, new session) run against the simulator while it answers HTML 500s,
truncated JSON, 401s or is not running at all. Each failure must leave the editor open with the
user's exact input and a Retry button, send the write once (never again on its own, even while
the link monitor reconnects), and Retry must save it once the fault is gone. Quitting with an
unsaved edit must ask first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from tests.reliability.harness import TOKEN, Harness, LoopGapMonitor
from tests.support.races import ignore_socket_race

from sessiondock_launcher.core import messages
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.ui.editors.editing import EditController
from sessiondock_launcher.ui.editors.notes import NotesEditor
from sessiondock_launcher.ui.editors.session_form import NewSessionForm
from sessiondock_launcher.ui.editors.tags import TagEditor

# Shutdown races leak a connecting socket now and then (see test_faults_link.py).
pytestmark = [
    pytest.mark.usefixtures("no_task_errors"),
    ignore_socket_race,
]

Launch = Callable[..., Harness]
Sims = Callable[..., SimulatorThread]
NEW_TITLE = "Reliability take — ünïcode 🎚️"

FAULTS: dict[str, dict[str, Any]] = {
    "html-500": {"error_rate": 1.0},
    "truncated-json": {"malformed_rate": 1.0},
    "token-rejected": {"token": "rotated-token-2222"},
    "not-running": {},
}


def writes(sim: SimulatorThread, method: str, suffix: str) -> list[dict[str, Any]]:
    return [
        r for r in sim.state.request_log() if r["method"] == method and r["path"].endswith(suffix)
    ]


def health_checks(sim: SimulatorThread, caplog: pytest.LogCaptureFixture) -> int:
    """Health checks so far: answered by the simulator, or refused while it is not running."""
    answered = sum(str(r["path"]).endswith("/health") for r in sim.state.request_log())
    refused = sum("SessionDock unreachable" in r.getMessage() for r in caplog.records)
    return answered + refused


def make_editor(kind: str, h: Harness) -> tuple[Any, Callable[[], object], str, str]:
    """An editor with user input typed in; returns (editor, its input, method, path suffix)."""
    editing: EditController = h.launcher.editing
    theme = h.launcher.palette.theme
    session = next(s for s in h.launcher.index.recent(50) if s.tags)
    if kind == "notes":
        notes = NotesEditor(session, editing, h.launcher.tasks)
        notes.text.setPlainText("Print stems for rev C.\nAsk Maya about the 2nd verse 🎤")
        return notes, notes.text.toPlainText, "PUT", f"/{session.id}/notes"
    if kind == "tags":
        tags = TagEditor(session, editing, h.launcher.tasks, theme)
        tags.input.add_tag("wip")
        h.qtbot.keyClicks(tags.input.field, "half typed")
        return tags, tags.input.tags, "PUT", f"/{session.id}/tags"
    form = NewSessionForm(editing, h.launcher.tasks, theme, pick_path=lambda _w: "")
    form.title.setText(NEW_TITLE)
    form.path.setText("/Users/maya/Music/Projects/Take/Take.als")
    return form, form.fields, "POST", "/sessions"


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("kind", ["notes", "tags", "create"])
def test_failed_write_keeps_input_with_retry_and_never_retries_itself(
    launch: Launch,
    sims: Sims,
    sim: SimulatorThread,
    gaps: LoopGapMonitor,
    caplog: pytest.LogCaptureFixture,
    kind: str,
    fault: str,
) -> None:
    """The write fails; the editor stays open with the same input and a Retry button, the
    request went out at most once and is not repeated while the launcher reconnects; Retry
    after the fault saves it exactly once (one new session, not two)."""
    caplog.set_level(logging.INFO, logger="sessiondock_launcher.ui.connection.link")
    with gaps.paused():
        h = launch(sim.base_url, backoff=(0.05, 0.1), health_interval_s=0.1)
    editor, user_input, method, suffix = make_editor(kind, h)
    h.qtbot.addWidget(editor)
    editor.show()
    typed = user_input()
    port = sim.port
    if fault == "not-running":
        with gaps.paused():
            sim.stop()
    else:
        sim.state.update_config(FAULTS[fault])
    editor.save_button.click()
    h.qtbot.waitUntil(editor.retry_button.isVisible, timeout=5_000)
    assert editor.error.text() and h.messages[-1].text == editor.error.text()
    assert user_input() == typed, "the user's input changed after the failure"
    assert not editor.busy and editor.isVisible()
    # Several reconnect attempts run meanwhile (counted, not assumed); the write is not repeated.
    checked = health_checks(sim, caplog)
    h.qtbot.waitUntil(lambda: health_checks(sim, caplog) >= checked + 3, timeout=5_000)
    sent = writes(sim, method, suffix)
    assert len(sent) == (0 if fault == "not-running" else 1), [r["status"] for r in sent]
    if fault == "not-running":
        with gaps.paused():
            sim = sims(sim.state, port=port)
    else:
        sim.state.update_config({"error_rate": 0.0, "malformed_rate": 0.0, "token": TOKEN})
    h.qtbot.waitUntil(lambda: h.status.can_write, timeout=5_000)
    h.qtbot.waitUntil(editor.retry_button.isEnabled, timeout=5_000)
    with h.qtbot.waitSignal(editor.saved, timeout=5_000):
        editor.retry_button.click()
    after = writes(sim, method, suffix)
    assert len(after) == len(sent) + 1 and after[-1]["status"] in (200, 201)
    if kind == "create":
        with sim.state.lock:
            titles = [s["title"] for s in sim.state.sessions.values()]
        # A truncated answer to the first POST still created it: the user's Retry makes a
        # second one. Everywhere else exactly one exists.
        assert titles.count(NEW_TITLE) == (2 if fault == "truncated-json" else 1)
    assert h.crashes() == []
    gaps.assert_responsive()


class _ModalWatcher:
    """Notes (and closes) any modal dialog that opens while armed, so nothing blocks a test."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._check)
        self._timer.start()

    def _check(self) -> None:
        modal = QApplication.activeModalWidget()
        visible = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and w.inherits("QDialog") and w.objectName() != "editor"
        ]
        for widget in ([modal] if modal is not None else []) + visible:
            self.seen.append(type(widget).__name__)
            widget.close()

    def stop(self) -> None:
        self._timer.stop()


def test_quitting_with_an_unsaved_edit_asks_first(
    launch: Launch, sim: SimulatorThread, gaps: LoopGapMonitor
) -> None:
    """Tray → Quit while the preview pane's notes editor holds unsaved text: the launcher asks
    before quitting (a dialog, or at least it does not quit on the spot)."""
    with gaps.paused():
        h = launch(sim.base_url)
    launcher = h.launcher
    session = next(s for s in launcher.index.recent(50) if s.tags)
    launcher.palette.show_palette()
    launcher.preview.edit_notes(session)
    editor = launcher.preview.editor
    assert isinstance(editor, NotesEditor)
    editor.text.setPlainText("Unsaved thoughts about the mix")
    assert editor.has_changes()
    watcher = _ModalWatcher()
    try:
        launcher.tray.quit_requested.emit()
        # Wait for the outcome itself: a question (inline or a dialog), or the quit going ahead.
        h.qtbot.waitUntil(
            lambda: bool(watcher.seen) or launcher.quit_requested.is_set() or bool(h.messages),
            timeout=5_000,
        )
    finally:
        watcher.stop()
    assert not launcher.quit_requested.is_set(), "quit went ahead without asking"
    asked = bool(watcher.seen) or any("unsaved edit" in m.text for m in h.messages)
    assert asked, "quit neither went ahead nor asked about the unsaved notes"


def test_the_quit_question_is_on_screen_and_quit_anyway_quits(
    launch: Launch, sim: SimulatorThread, gaps: LoopGapMonitor
) -> None:
    """The question is in the palette the user sees (with its button), and the button quits."""
    with gaps.paused():
        h = launch(sim.base_url)
    launcher = h.launcher
    session = next(s for s in launcher.index.recent(50) if s.tags)
    launcher.palette.hide()  # quit from the tray: the palette is not up
    launcher.preview.edit_notes(session)
    editor = launcher.preview.editor
    assert isinstance(editor, NotesEditor)
    editor.text.setPlainText("Unsaved thoughts about the mix")
    launcher.tray.quit_requested.emit()
    banner = launcher.palette.banner
    h.qtbot.waitUntil(lambda: launcher.palette.isVisible() and banner.isVisible(), timeout=5_000)
    assert banner.label.text() == messages.UNSAVED_EDIT_ON_QUIT
    assert banner.action_button.isVisible() and banner.action_button.text() == "Quit anyway"
    assert not launcher.quit_requested.is_set()
    assert editor.text.toPlainText() == "Unsaved thoughts about the mix"
    QTest.mouseClick(banner.action_button, Qt.MouseButton.LeftButton)
    h.qtbot.waitUntil(launcher.quit_requested.is_set, timeout=5_000)
