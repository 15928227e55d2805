"""The frame every in-place editor shares: heading, body, notes, error line with Retry, buttons.

Subclasses (tags, notes, fields, new session) fill the body and save through the
:class:`~sessiondock_launcher.ui.editors.editing.EditController`. The user's input is never
cleared on failure: the error shows inline and Retry saves it again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sessiondock_launcher.core.edits import SaveResult
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.editors.editing import EditController

logger = logging.getLogger(__name__)


class EditorPanel(QFrame):
    """What every editor shares: heading, body, read-only note, error line with Retry, buttons.

    Subclasses fill ``body``, and implement :meth:`validate`, :meth:`perform` and
    :meth:`set_inputs_enabled`. Input is never cleared on failure; Esc or Cancel closes without
    saving; Ctrl+Enter saves.

    Signals:
        closed(): the editor is done (saved or cancelled).
        saved(Session): the save succeeded with this stored version.
    """

    closed = Signal()
    saved = Signal(object)
    what = QT_TRANSLATE_NOOP("Messages", "Editing")
    # Esc/Cancel on an editor holding input asks first (inline) instead of throwing it away.
    discard_question = ""

    def __init__(
        self,
        heading: str,
        editing: EditController,
        tasks: TaskRunner,
        *,
        save_label: str = "",  # "" = "Save" in the user's language
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editor")
        self.editing = editing
        self.tasks = tasks
        self.busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        layout.setSpacing(8)
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.body = QVBoxLayout()
        self.body.setSpacing(6)
        layout.addLayout(self.body)
        layout.addStretch(1)
        self.note = QLabel(self)
        self.note.setObjectName("editorNote")
        self.error = QLabel(self)
        self.error.setObjectName("editorError")
        self.error.setAccessibleName(QCoreApplication.translate("Editors", "Save error"))
        for label in (self.note, self.error):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.hide()
            layout.addWidget(label)
        self._validation_shown = False
        self.discard_row = self._discard_row()
        layout.addWidget(self.discard_row)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton(QCoreApplication.translate("Editors", "Retry"), self)
        self.retry_button.hide()
        self.cancel_button = QPushButton(QCoreApplication.translate("Editors", "Cancel"), self)
        save_label = save_label or QCoreApplication.translate("Editors", "Save")
        self.save_button = QPushButton(save_label, self)
        self.save_button.setDefault(True)
        self.save_label = save_label
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.retry_button.clicked.connect(self.submit)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancel)
        editing.writable_changed.connect(self.refresh_gate)

    def _discard_row(self) -> QFrame:
        """The inline "Discard …? [Keep editing] [Discard]" question (hidden until Esc)."""
        row = QFrame(self)
        row.setObjectName("editorDiscard")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.discard_label = QLabel(self.discard_question, row)
        self.discard_label.setWordWrap(True)
        self.keep_button = QPushButton(QCoreApplication.translate("Editors", "Keep editing"), row)
        self.discard_button = QPushButton(QCoreApplication.translate("Editors", "Discard"), row)
        line.addWidget(self.discard_label, 1)
        line.addWidget(self.keep_button)
        line.addWidget(self.discard_button)
        row.hide()
        self.discard_button.clicked.connect(self.closed.emit)
        self.keep_button.clicked.connect(self.keep_editing)
        return row

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        logger.debug("Editor open: %s", type(self).__name__)

    # -- for subclasses ----------------------------------------------------------------------
    def validate(self) -> str:
        """A problem with the input to show inline ("" when it can be saved)."""
        return ""

    async def perform(self) -> SaveResult:
        raise NotImplementedError

    def set_inputs_enabled(self, enabled: bool) -> None:
        """Enable or disable the input widgets (their content is kept either way)."""

    def has_changes(self) -> bool:
        """Whether closing now would throw away something the user entered."""
        return True

    # -- behaviour ---------------------------------------------------------------------------
    def refresh_gate(self, *_: object) -> None:
        reason = self.editing.block_reason(self.what)
        self.note.setText(reason)
        self.note.setVisible(bool(reason))
        self.set_inputs_enabled(not reason and not self.busy)
        self.save_button.setEnabled(not reason and not self.busy)
        self.retry_button.setEnabled(not reason and not self.busy)

    def submit(self) -> None:
        if self.busy:
            return
        problem = self.validate()
        if problem:
            self.show_error(problem, retry=False)
            self._validation_shown = True
            return
        if self.editing.block_reason(self.what):
            self.refresh_gate()
            return
        self._set_busy(True)  # before the task starts: a double click saves once
        if self.tasks.spawn(self._run(), f"editor:{type(self).__name__}") is None:
            self._set_busy(False)  # shutting down

    def cancel(self) -> None:
        if self.busy:
            return
        if self.discard_row.isVisible():
            self.keep_editing()  # Esc on the question: the safe answer
        elif self.discard_question and self.has_changes():
            self.discard_row.show()
            self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.closed.emit()

    def keep_editing(self) -> None:
        self.discard_row.hide()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def input_edited(self, *_: object) -> None:
        """The input changed: a shown validation problem is re-checked (and goes once fixed)."""
        if self._validation_shown:
            problem = self.validate()
            self.show_error(problem, retry=False)
            self._validation_shown = bool(problem)

    def show_error(self, text: str, *, retry: bool) -> None:
        self._validation_shown = False
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.retry_button.setVisible(retry)

    async def _run(self) -> None:
        try:
            result = await self.perform()
        finally:
            self._set_busy(False)
        if result.ok:
            self.show_error("", retry=False)
            self.saved.emit(result.session)
            self.closed.emit()
        else:
            self.show_error(result.message, retry=True)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setText(
            QCoreApplication.translate("Editors", "Saving…") if busy else self.save_label
        )
        self.cancel_button.setEnabled(not busy)
        self.refresh_gate()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Escape:
            self.cancel()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            mods & Qt.KeyboardModifier.ControlModifier
        ):
            self.submit()
        else:
            super().keyPressEvent(event)
