"""The Ctrl+K action panel's wiring: opens it for a session and runs what the user chose there
(focus, open, the local actions copy path, reveal, copy notes, pins, the editors, import).

What the panel lists, and whether each action may run now, is ``core/action_list.py``'s answer;
the panel itself is ``action_panel.py``.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.action_list import ActionId, PanelAction, SessionFacts, actions_for
from sessiondock_launcher.core.client_source import ClientSource
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.bridge import MessageBridge
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.editors.imports import ImportFlow
from sessiondock_launcher.ui.palette.action_panel import ActionPanel
from sessiondock_launcher.ui.palette.controller import LauncherController
from sessiondock_launcher.ui.palette.window import PaletteWindow
from sessiondock_launcher.ui.preview.pane import PreviewPane

logger = logging.getLogger(__name__)


class SessionActions:
    """Opens the action panel for one session and runs the action chosen in it."""

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
        self.panel: ActionPanel | None = None
        self.session: Session | None = None  # the session the panel is open for
        self._palette: PaletteWindow | None = None

    def panel_for(self, palette: PaletteWindow) -> ActionPanel:
        """The palette's action panel (made on first use, over the palette's body)."""
        if self.panel is None or self._palette is not palette:
            panel = ActionPanel(palette.body_host, palette.theme)
            panel.action_triggered.connect(self._on_triggered)
            panel.focus_home = palette.search
            palette.hidden.connect(panel.close_panel)
            palette.toast.stays_above.append(panel)
            self.panel, self._palette = panel, palette
        return self.panel

    def toggle_panel(self, session: Session, source: ClientSource, palette: PaletteWindow) -> None:
        """Ctrl+K: open the panel for ``session`` (close it when it is open)."""
        panel = self.panel_for(palette)
        if panel.isVisible():
            panel.close_panel()
            return
        self.session = session
        facts = SessionFacts(
            title=session.display_title,
            has_path=bool(session.project_path),
            has_notes=bool(session.notes.strip()),
            pinned=self.controller.is_pinned(session),
        )
        panel.open(actions_for(facts, source, i18n.tr_message), session.display_title)

    def _on_triggered(self, action: PanelAction) -> None:
        session, palette = self.session, self._palette
        if session is None or palette is None:
            return
        self.run(action.id, session, palette)

    def run(self, action: ActionId, session: Session, palette: PaletteWindow) -> None:
        """Do ``action`` for ``session`` (the panel already checked it may run)."""
        editors = self.editors
        todo: dict[ActionId, Callable[[], object]] = {
            ActionId.FOCUS: lambda: self.controller.focus(session),
            ActionId.OPEN: lambda: self.controller.open(session),
            ActionId.COPY_PATH: lambda: self.copy_path(session),
            ActionId.REVEAL: lambda: self.reveal(session),
            ActionId.COPY_NOTES: lambda: self.copy_notes(session),
            ActionId.EDIT_TAGS: lambda: editors.edit_tags(session),
            ActionId.EDIT_NOTES: lambda: editors.edit_notes(session),
            ActionId.EDIT_FIELDS: lambda: editors.edit_fields(session),
            ActionId.TOGGLE_PIN: lambda: self.controller.toggle_pin(session),
            ActionId.NEW_SESSION: lambda: editors.new_session(None),
            ActionId.IMPORT: lambda: self.imports.choose_and_import(palette),
        }
        todo[action]()

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
