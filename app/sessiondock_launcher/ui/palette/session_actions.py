"""The Ctrl+K action menu and the local actions it offers (copy path, reveal, copy notes)."""

from __future__ import annotations

import logging
import subprocess
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QUrl
from PySide6.QtGui import QCursor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.keymap import Intent, binding_for, shortcut_text
from sessiondock_launcher.core.messages import READ_ONLY_LABEL_SUFFIX
from sessiondock_launcher.core.status import LauncherStatus
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.bridge import MessageBridge
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.editors.imports import ImportFlow
from sessiondock_launcher.ui.palette.controller import LauncherController
from sessiondock_launcher.ui.palette.window import PaletteWindow
from sessiondock_launcher.ui.preview.pane import PreviewPane

logger = logging.getLogger(__name__)


def _label(text: str, intent: Intent | None, writable: bool) -> str:
    """A write action's menu text: its shortcut from the keymap, or why it is disabled."""
    if not writable:
        return text + i18n.tr_message(READ_ONLY_LABEL_SUFFIX)
    if intent is None:
        return text
    return f"{text}\t{shortcut_text(binding_for(intent), sys.platform, i18n.tr_message)}"


class SessionActions:
    """Builds the action menu for one session and runs its local actions."""

    def __init__(
        self,
        controller: LauncherController,
        bridge: MessageBridge,
        hold: PaletteHold,
        editors: PreviewPane,
        imports: ImportFlow,
    ) -> None:
        self.controller = controller
        self.bridge = bridge
        self.hold = hold
        self.editors = editors
        self.imports = imports

    def build_menu(self, session: Session, status: LauncherStatus, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        menu.setAccessibleName(
            QCoreApplication.translate("Palette", "Actions for {title}").format(
                title=session.display_title
            )
        )
        writable = status.can_write
        focus = menu.addAction(
            _label(
                QCoreApplication.translate("Palette", "Focus in SessionDock"),
                Intent.FOCUS,
                writable,
            )
        )
        focus.setEnabled(writable)
        focus.triggered.connect(lambda: self.controller.focus(session))
        open_ = menu.addAction(
            _label(QCoreApplication.translate("Palette", "Open in DAW"), Intent.OPEN, writable)
        )
        open_.setEnabled(writable)
        open_.triggered.connect(lambda: self.controller.open(session))
        menu.addSeparator()
        copy_path = menu.addAction(QCoreApplication.translate("Palette", "Copy project path"))
        copy_path.setEnabled(bool(session.project_path))
        copy_path.triggered.connect(lambda: self.copy_path(session))
        reveal = menu.addAction(QCoreApplication.translate("Palette", "Reveal in file manager"))
        reveal.setEnabled(bool(session.project_path))
        reveal.triggered.connect(lambda: self.reveal(session))
        notes = menu.addAction(QCoreApplication.translate("Palette", "Copy notes"))
        notes.setEnabled(bool(session.notes.strip()))
        notes.triggered.connect(lambda: self.copy_notes(session))
        pinned = self.controller.is_pinned(session)
        pin = menu.addAction(
            _label(
                QCoreApplication.translate("Palette", "Unpin")
                if pinned
                else QCoreApplication.translate("Palette", "Pin to top"),
                Intent.TOGGLE_PIN,
                True,
            )
        )
        pin.triggered.connect(lambda: self.controller.toggle_pin(session))
        editors, imports = self.editors, self.imports
        menu.addSeparator()
        for label, intent, open_editor in (
            (
                QCoreApplication.translate("Palette", "Edit tags…"),
                Intent.EDIT_TAGS,
                editors.edit_tags,
            ),
            (QCoreApplication.translate("Palette", "Edit notes…"), None, editors.edit_notes),
            (
                QCoreApplication.translate("Palette", "Edit title and status…"),
                None,
                editors.edit_fields,
            ),
        ):
            act = menu.addAction(_label(label, intent, writable))
            act.setEnabled(writable)
            act.triggered.connect(lambda _=False, f=open_editor: f(session))
        new = menu.addAction(
            _label(QCoreApplication.translate("Palette", "New session…"), None, writable)
        )
        new.setEnabled(writable)
        new.triggered.connect(partial(editors.new_session, None))
        label = QCoreApplication.translate("Palette", "Import project folder…")
        imp = menu.addAction(_label(label, None, writable))
        imp.setEnabled(writable)
        imp.triggered.connect(lambda: imports.choose_and_import(parent))
        return menu

    def exec_under_row(
        self, session: Session, status: LauncherStatus, palette: PaletteWindow
    ) -> None:
        """Ctrl+K: the menu just under the selected row (at the mouse if no row is visible)."""
        view = palette.list
        rect = view.visualRect(view.currentIndex())
        at = view.viewport().mapToGlobal(rect.bottomLeft()) if rect.isValid() else QCursor.pos()
        self.exec_menu(session, status, palette, at)

    def exec_menu(
        self, session: Session, status: LauncherStatus, parent: QWidget, at: QPoint
    ) -> None:
        menu = self.build_menu(session, status, parent)
        try:
            with self.hold:
                menu.exec(at)
        finally:
            menu.deleteLater()

    def copy_path(self, session: Session) -> None:
        QGuiApplication.clipboard().setText(session.project_path)
        self.bridge.info(
            QCoreApplication.translate("Palette", "Copied the project path of “{title}”").format(
                title=session.display_title
            )
        )

    def copy_notes(self, session: Session) -> None:
        # The index keeps only the start of the notes; the store has them whole (offline too).
        QGuiApplication.clipboard().setText(self.controller.full_session(session).notes)
        self.bridge.info(
            QCoreApplication.translate("Palette", "Copied the notes of “{title}”").format(
                title=session.display_title
            )
        )

    def reveal(self, session: Session) -> None:
        path = Path(session.project_path)
        if not path.exists():
            self.bridge.warning(
                QCoreApplication.translate(
                    "Palette", "The project isn't on this computer: {path}"
                ).format(path=session.project_path)
            )
            return
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", str(path)])
        elif sys.platform == "win32":
            subprocess.Popen(["explorer", "/select,", str(path)])
        else:
            folder = path if path.is_dir() else path.parent
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
                self.bridge.warning(
                    QCoreApplication.translate(
                        "Palette", "No file manager could open {path}"
                    ).format(path=folder)
                )
