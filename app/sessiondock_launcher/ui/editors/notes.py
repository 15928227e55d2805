"""The notes editor: ``PUT /sessions/{id}/notes`` with the shared save/rollback/no-loss rules."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.edits import SaveResult
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.editors.editing import EditController
from sessiondock_launcher.ui.editors.panel import EditorPanel

logger = logging.getLogger(__name__)

MAX_NOTES_CHARS = 20_000


class NotesEditor(EditorPanel):
    """Edit one session's notes (an empty text clears them)."""

    what = QT_TRANSLATE_NOOP("Messages", "Editing notes")

    def __init__(
        self,
        session: Session,
        editing: EditController,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Editors", "Notes — {title}").format(
                title=session.display_title
            ),
            editing,
            tasks,
            parent=parent,
        )
        self.session = session
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("notesField")
        self.text.setAccessibleName(QCoreApplication.translate("Editors", "Notes"))
        self.text.setPlaceholderText(
            QCoreApplication.translate(
                "Editors", "Notes for this session (Ctrl+Enter saves, Esc cancels)"
            )
        )
        self.text.setPlainText(session.notes)
        self.text.setTabChangesFocus(True)
        self.hint = QLabel(
            QCoreApplication.translate("Editors", "Ctrl+Enter saves · Esc cancels"), self
        )
        self.hint.setObjectName("editorHint")
        self.body.addWidget(self.text, 1)
        self.body.addWidget(self.hint)
        self.setFocusProxy(self.text)
        self.refresh_gate()

    def set_inputs_enabled(self, enabled: bool) -> None:
        # Read-only keeps the text selectable and copyable rather than greyed out.
        self.text.setReadOnly(not enabled)

    def has_changes(self) -> bool:
        return self.text.toPlainText() != self.session.notes

    def validate(self) -> str:
        if len(self.text.toPlainText()) > MAX_NOTES_CHARS:
            return QCoreApplication.translate(
                "Editors", "Notes are limited to {count} characters here."
            ).format(count=i18n.count(MAX_NOTES_CHARS))
        return ""

    async def perform(self) -> SaveResult:
        return await self.editing.save_notes(self.session, self.text.toPlainText())
