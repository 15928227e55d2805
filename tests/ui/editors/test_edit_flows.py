"""Editing against the simulator: tags (Ctrl+T), notes, title/status, new sessions and imports.

Each write updates the row and the index at once, keeps what SessionDock stored, or rolls back
with a message while the editor keeps the user's input for Retry; read-only mode disables every
write with an explanation and sends nothing. Assertions are on what the user sees and on the
simulator's request log. ``wire_preview`` mirrors app.py's wiring (as in test_preview_pane.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sessiondock_launcher.api import Session
from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.query import tag_counts
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common.bridge import UserMessage
from sessiondock_launcher.ui.editors.notes import NotesEditor
from sessiondock_launcher.ui.editors.session_form import (
    NewSessionForm,
    SessionFieldsEditor,
    kind_for_path,
)
from sessiondock_launcher.ui.editors.tags import CHIP_PAD, TagEditor

TOKEN = "edit-test-token"
READ_ONLY_TAGS = "Editing tags needs Full Automation: SessionDock → Settings → Local API"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(150, seed=5))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def messages(launcher: Launcher) -> list[UserMessage]:
    seen: list[UserMessage] = []
    launcher.bridge.message_posted.connect(seen.append)
    return seen


def show_on(qtbot: Any, launcher: Any, session: Session) -> None:
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    launcher.palette.search.setText(session.title)
    launcher.palette.select_row(launcher.palette.model.row_of(session.id))
    assert launcher.palette.current_session().id == session.id


def tagged(launcher: Any) -> Session:
    return next(s for s in launcher.index.recent(500) if len(s.tags) >= 2 and len(s.title) > 6)


def row_session(launcher: Any, session_id: str) -> Session:
    model = launcher.palette.model
    return model.session_at(model.row_of(session_id))


def writes(sim: SimulatorThread, method: str, suffix: str) -> list[dict[str, Any]]:
    return [
        r for r in sim.state.request_log() if r["method"] == method and r["path"].endswith(suffix)
    ]


def click_chip_close(editor: TagEditor, tag: str) -> None:
    chips = editor.input.chips
    rect = chips.chip_rects()[list(chips.tags).index(tag)]
    QTest.mouseClick(
        chips,
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(rect.right() - CHIP_PAD - 3), int(rect.center().y())),
    )


def test_tag_edit_shows_at_once_then_saves(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    session = tagged(launcher)
    show_on(qtbot, launcher, session)
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    editor = launcher.preview.editor
    assert isinstance(editor, TagEditor) and editor.input.tags() == list(session.tags)
    assert launcher.palette.focusWidget() is editor.input.field
    with sim.state.lock:
        most_used = [c["tag"] for c in tag_counts(sim.state)]
    qtbot.waitUntil(lambda: editor.input.completer_model.stringList() == most_used, timeout=3000)
    qtbot.keyClicks(editor.input.field, "late night")
    QTest.keyClick(editor.input.field, Qt.Key.Key_Return)
    click_chip_close(editor, session.tags[0])
    expected = [*session.tags[1:], "late night"]
    assert editor.input.tags() == expected
    sim.state.update_config({"latency_s": 0.3})
    editor.save_button.click()
    # While the request is in flight, the index and the row already show the new tags.
    qtbot.waitUntil(lambda: launcher.index.get(session.id).tags == tuple(expected), timeout=250)
    assert writes(sim, "PUT", f"/{session.id}/tags") == []  # not answered yet
    assert row_session(launcher, session.id).tags == tuple(expected)
    assert launcher.preview.tags_view.tags == tuple(expected)
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    assert [r["body"] for r in writes(sim, "PUT", f"/{session.id}/tags")] == [{"tags": expected}]
    assert sim.state.sessions[session.id]["tags"] == expected
    assert launcher.index.get(session.id).tags == tuple(expected)
    assert launcher.palette.focusWidget() is launcher.palette.search


def test_refused_tag_edit_rolls_back_and_keeps_the_input_for_retry(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    seen = messages(launcher)
    session = tagged(launcher)
    show_on(qtbot, launcher, session)
    launcher.preview.edit_tags(session)
    editor = launcher.preview.editor
    editor.input.add_tag("wip")
    qtbot.keyClicks(editor.input.field, "half typed")  # not even turned into a chip yet
    sim.state.update_config({"effective_mode": "read-only"})  # the app still thinks it may write
    editor.save_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "read-only" in seen[-1].text and "nothing was saved" in seen[-1].text
    assert launcher.index.get(session.id).tags == session.tags  # rolled back
    assert row_session(launcher, session.id).tags == session.tags
    assert launcher.preview.editor is editor  # still open, with everything the user entered
    assert editor.input.tags() == [*session.tags, "wip", "half typed"]
    assert editor.retry_button.isVisible() and editor.error.text() == seen[-1].text
    qtbot.waitUntil(lambda: launcher.link.status.read_only, timeout=5000)  # re-checked
    launcher.preview.edit_notes(session)  # another editor never replaces unsaved input
    assert launcher.preview.editor is editor
    assert seen[-1].text == f"Save or cancel “Tags — {session.display_title}” first"
    assert editor.note.text() == READ_ONLY_TAGS and not editor.retry_button.isEnabled()
    sim.state.update_config({"effective_mode": "full-automation"})
    launcher.link.check_now()
    qtbot.waitUntil(editor.retry_button.isEnabled, timeout=5000)
    editor.retry_button.click()  # nothing was retried until now
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    puts = writes(sim, "PUT", f"/{session.id}/tags")
    assert [r["status"] for r in puts] == [403, 200]
    assert puts[-1]["body"] == {"tags": [*session.tags, "wip", "half typed"]}


def test_read_only_disables_writes_with_an_explanation(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, tmp_path: Path
) -> None:
    sim.state.update_config({"effective_mode": "read-only"})
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    seen = messages(launcher)
    session = tagged(launcher)
    show_on(qtbot, launcher, session)
    QTest.keyClick(launcher.palette.search, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    editor = launcher.preview.editor
    assert editor.note.isVisible() and editor.note.text() == READ_ONLY_TAGS
    assert not editor.save_button.isEnabled() and not editor.input.field.isEnabled()
    assert editor.input.tags() == list(session.tags)  # still readable
    editor.submit()
    editor.cancel_button.click()
    launcher.preview.new_session()
    assert "Creating sessions needs Full Automation" in launcher.preview.editor.note.text()
    assert not launcher.preview.editor.save_button.isEnabled()
    launcher.preview.close_editor()
    launcher.imports.import_paths([str(tmp_path)])
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[-1].text == "Importing needs Full Automation: SessionDock → Settings → Local API"
    assert [r for r in sim.state.request_log() if r["method"] != "GET"] == []


def test_notes_save_and_survive_sessiondock_going_away(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    seen = messages(launcher)
    session = tagged(launcher)
    show_on(qtbot, launcher, session)
    launcher.preview.edit_notes(session)
    editor = launcher.preview.editor
    assert isinstance(editor, NotesEditor) and editor.text.toPlainText() == session.notes
    editor.text.setPlainText("Print a brighter synth stem for revision B.")
    QTest.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    body = {"notes": "Print a brighter synth stem for revision B."}
    assert [r["body"] for r in writes(sim, "PUT", f"/{session.id}/notes")] == [body]
    assert launcher.index.get(session.id).notes == body["notes"]
    assert "brighter synth stem" in launcher.preview.notes_label.text()

    launcher.preview.edit_notes(launcher.index.get(session.id))
    editor = launcher.preview.editor
    editor.text.setPlainText("Alt vocal print\nto the client before 5 PM")
    port = sim.port
    sim.stop()
    editor.submit()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[-1].text.startswith("Couldn't save the notes:")
    assert seen[-1].text.endswith("Your input is kept — Retry.")
    assert launcher.index.get(session.id).notes == body["notes"]  # rolled back
    assert editor.text.toPlainText() == "Alt vocal print\nto the client before 5 PM"
    back = SimulatorThread(sim.state, port=port).start()
    try:
        qtbot.waitUntil(lambda: launcher.link.status.link is Link.CONNECTED, timeout=10_000)
        qtbot.waitUntil(editor.retry_button.isEnabled, timeout=5000)
        editor.retry_button.click()
        qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    finally:
        back.stop()
    assert sim.state.sessions[session.id]["notes"] == "Alt vocal print\nto the client before 5 PM"


def test_title_and_status_edit_sends_only_what_changed(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    session = tagged(launcher)
    show_on(qtbot, launcher, session)
    launcher.preview.edit_fields(session)
    editor = launcher.preview.editor
    assert isinstance(editor, SessionFieldsEditor)
    editor.title.clear()
    editor.save_button.click()
    assert (
        editor.error.text() == "Give the session a title." and not editor.retry_button.isVisible()
    )
    editor.title.setText(session.title)
    new_status = "final" if session.status != "final" else "mixing"
    editor.status.setCurrentText(new_status)
    sim.state.update_config({"latency_s": 0.3})
    editor.save_button.click()
    qtbot.waitUntil(lambda: launcher.index.get(session.id).status == new_status, timeout=250)
    assert writes(sim, "PATCH", f"/sessions/{session.id}") == []  # shown before the answer
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    assert [r["body"] for r in writes(sim, "PATCH", f"/sessions/{session.id}")] == [
        {"status": new_status}
    ]
    assert new_status in launcher.preview.meta_label.text()


def test_new_session_validates_then_appears_in_the_index_at_once(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    launcher.palette.show_palette()
    picked = "/Users/me/Music/Projects/Launch Cue/Launch Cue.als"
    launcher.preview.new_session(pick_path=lambda _parent: picked)
    form = launcher.preview.editor
    assert isinstance(form, NewSessionForm)
    kinds = [s.kind for s in launcher.index.recent(500)]
    assert form.kind.itemText(0) == max(set(kinds), key=kinds.count)  # most common first
    form.save_button.click()
    assert form.error.text() == "Give the session a title."
    form.title.setText("Launch Cue")
    form.path.setText("Launch Cue.als")
    form.save_button.click()
    assert "full path" in form.error.text()
    assert writes(sim, "POST", "/sessions") == []
    form.title.clear()
    form.browse.click()
    assert form.path.text() == picked and form.title.text() == "Launch Cue"
    assert form.kind.currentText() == "Ableton"  # from the .als extension
    form.tags.add_tag("ideas")
    form.status.setCurrentText("in-progress")
    form.save_button.click()
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    (post,) = writes(sim, "POST", "/sessions")
    assert post["body"] == {
        "title": "Launch Cue",
        "kind": "Ableton",
        "projectPath": picked,
        "status": "in-progress",
        "tags": ["ideas"],
    }
    created = next(s for s in launcher.index.recent(1000) if s.project_path == picked)
    assert post["status"] == 201 and created.tags == ("ideas",)
    launcher.palette.search.setText("Launch Cue")  # searchable now, before any sync
    assert launcher.palette.current_session().id == created.id


def test_dropping_projects_imports_them_and_reports_counts(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, tmp_path: Path
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    seen = messages(launcher)
    folder = tmp_path / "Night Drive"
    folder.mkdir()
    project = tmp_path / "Resonance" / "Resonance.als"
    project.parent.mkdir()
    project.write_bytes(b"")
    known = tagged(launcher).project_path
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(project))])
    mime.setUrls([*mime.urls(), QUrl.fromLocalFile(known)])
    target = launcher.palette.search
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    assert target.text() == ""  # the drop imported; it did not type the paths
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    (post,) = writes(sim, "POST", "/import")
    assert post["status"] == 202
    assert post["body"] == {
        "items": [
            {"projectPath": str(folder), "title": "Night Drive"},
            {"projectPath": str(project), "title": "Resonance", "projectType": "Ableton"},
            {"projectPath": known, "title": Path(known).stem, "projectType": kind_for_path(known)},
        ],
        "generatePreviews": True,
    }
    assert seen[-1].text == "Imported 2 of 3 projects, 1 already in SessionDock"
    qtbot.waitUntil(
        lambda: any(s.title == "Night Drive" for s in launcher.index.recent(1000)), timeout=5000
    )


def test_new_session_from_a_search_that_found_nothing_is_titled_after_it(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """The empty state offers 'New session “Quokka anthem”': the form it opens has that title
    (it opened blank), Esc on it closes without asking (nothing typed yet), and after creating,
    the palette's count includes the new session (it kept the count of the last sync)."""
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    palette = launcher.palette
    palette.show_palette()
    before = len(launcher.index)
    palette.search.setText("#mix Quokka   anthem")
    qtbot.waitUntil(palette.empty_label.new_button.isVisible, timeout=5000)
    # The filter is taken too (test_new_session_from_search.py has the rest of that story).
    assert palette.empty_label.new_button.text() == "+  New session “Quokka anthem” #mix"
    palette.empty_label.new_button.click()
    form = launcher.preview.editor
    assert isinstance(form, NewSessionForm) and form.title.text() == "Quokka anthem"
    assert not form.has_changes()  # Esc closes it at once: nothing was typed
    form.tags.add_tag("ideas")
    form.save_button.click()
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    (post,) = writes(sim, "POST", "/sessions")
    assert post["body"]["title"] == "Quokka anthem" and post["body"]["tags"] == ["mix", "ideas"]
    assert len(launcher.index) == before + 1
    qtbot.waitUntil(lambda: f"{before + 1:,}" in palette.sync_label.text(), timeout=5000)
