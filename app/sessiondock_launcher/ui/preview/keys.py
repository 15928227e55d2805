"""The preview pane's keys on the search field: show/hide, edit tags, play and seek.

They work without stealing typing: see :class:`PreviewKeys` for when Space and the arrows go to
the pane rather than to the text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from sessiondock_launcher.api import Session
from sessiondock_launcher.ui.preview.pane import PreviewPane


class PreviewKeys(QObject):
    """Event filter on the search field: the pane's keys, without stealing typing.

    Ctrl+I shows or hides the pane; Ctrl+T edits tags. While the pane is shown, Space plays or
    pauses and ←/→ seek once the user moved through the results (↑/↓, PgUp/PgDn, Home/End,
    Ctrl+N/P, Alt+1…9) or while the field is empty; typing any character returns them to the text.
    """

    NAVIGATION = (
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    )

    def __init__(
        self,
        pane: PreviewPane,
        current: Callable[[], Session | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane, self.current = pane, current
        self.navigating = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = mods == Qt.KeyboardModifier.ControlModifier
        if ctrl and key == Qt.Key.Key_I:
            self.pane.toggle_visible()
            return True
        if ctrl and key == Qt.Key.Key_T:
            session = self.current()
            if session is not None:
                self.pane.edit_tags(session)
            return True
        plain = mods == Qt.KeyboardModifier.NoModifier
        if (
            (plain and key in self.NAVIGATION)
            or (ctrl and key in (Qt.Key.Key_N, Qt.Key.Key_P))
            or (mods == Qt.KeyboardModifier.AltModifier and Qt.Key.Key_1 <= key <= Qt.Key.Key_9)
        ):
            self.navigating = True
            return False
        field_empty = isinstance(watched, QLineEdit) and not watched.text()
        audition = self.pane.isVisible() and (self.navigating or field_empty)
        if audition and plain:
            if key == Qt.Key.Key_Space:
                self.pane.toggle_playback()
                return True
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                self.pane.seek_step(1 if key == Qt.Key.Key_Right else -1)
                return True
        if event.text().strip() or key in (
            Qt.Key.Key_Backspace,
            Qt.Key.Key_Delete,
            Qt.Key.Key_Space,
        ):
            self.navigating = False
        return False
