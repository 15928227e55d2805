"""The editors the preview pane hosts in place of the preview: tags, notes, fields, new session.

:class:`PreviewEditors` keeps one open at a time and never drops an editor holding input or a
save in flight. Opening one on a hidden pane shows the pane until the editor closes; closing it
gives the focus back to where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QStackedWidget, QWidget

from sessiondock_launcher.api import Session
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.editors.draft import NewSessionDraft as Draft
from sessiondock_launcher.ui.editors.editing import EditController
from sessiondock_launcher.ui.editors.panel import EditorPanel
from sessiondock_launcher.ui.editors.tags import TagEditor

# The notes and field editors are imported when first opened (idle memory, issue 13).

PickPath = Callable[[QWidget], str]
"""The project file picker (a native dialog; tests pass a function)."""


class EditorHost(Protocol):
    """The widget that hosts the editors (the preview pane)."""

    theme: Theme
    hold: PaletteHold

    def window(self) -> QWidget: ...

    def isHidden(self) -> bool: ...

    def set_shown(self, shown: bool) -> None: ...

    def close_editor(self) -> None: ...


class PreviewEditors:
    """The pane's editor slot: page 0 of ``stack`` is the preview, an open editor goes above it."""

    def __init__(
        self,
        pane: EditorHost,
        stack: QStackedWidget,
        editing: EditController,
        tasks: TaskRunner,
    ) -> None:
        self.pane, self.stack, self.editing, self.tasks = pane, stack, editing, tasks
        self.editor: EditorPanel | None = None
        self._temporarily_shown = False
        self._focus_before: QWidget | None = None

    def edit_tags(self, session: Session) -> None:
        self.open_editor(TagEditor(session, self.editing, self.tasks, self.pane.theme))

    def edit_notes(self, session: Session) -> None:
        from sessiondock_launcher.ui.editors.notes import NotesEditor

        self.open_editor(NotesEditor(session, self.editing, self.tasks))

    def edit_fields(self, session: Session) -> None:
        from sessiondock_launcher.ui.editors.session_form import SessionFieldsEditor

        self.open_editor(SessionFieldsEditor(session, self.editing, self.tasks))

    def new_session(self, pick_path: PickPath | None = None, *, draft: Draft | None = None) -> None:
        """ "New session…": the create form (``pick_path`` is the project file picker, ``draft``
        what it starts with: the search that found nothing)."""
        from sessiondock_launcher.ui.editors.session_form import NewSessionForm, pick_project_path

        hold = self.pane.hold
        form = NewSessionForm(
            self.editing,
            self.tasks,
            self.pane.theme,
            pick_path=pick_path or (lambda parent: pick_project_path(parent, hold)),
            draft=draft,
        )
        self.open_editor(form)

    def open_editor(self, editor: EditorPanel) -> None:
        current = self.editor
        if current is not None and (current.busy or current.has_changes()):
            editor.deleteLater()  # never drop what the user typed in the open one
            self.editing.bridge.warning(
                QCoreApplication.translate("Preview", "Save or cancel “{title}” first").format(
                    title=current.heading.text()
                )
            )
            current.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.close_editor()
        pane = self.pane
        self._focus_before = pane.window().focusWidget()
        if pane.isHidden():
            self._temporarily_shown = True
            pane.set_shown(True)
        self.editor = editor
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        editor.closed.connect(pane.close_editor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is None:
            return
        self.stack.setCurrentIndex(0)
        self.stack.removeWidget(editor)
        editor.deleteLater()
        if self._temporarily_shown:
            self._temporarily_shown = False
            self.pane.set_shown(False)
        if self._focus_before is not None:
            self._focus_before.setFocus(Qt.FocusReason.OtherFocusReason)
            self._focus_before = None
