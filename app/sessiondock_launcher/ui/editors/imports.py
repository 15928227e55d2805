"""Import projects into SessionDock: drop folders or files on the palette, or "Import…".

Sends ``POST /import`` (one item per path, the kind taken from the project extension when it has
one) and reports the accepted counts. SessionDock treats an import as a background job, so the
library is re-synced afterwards to pick up the new sessions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from sessiondock_launcher.api import ImportResult
from sessiondock_launcher.core.imports import ImportService
from sessiondock_launcher.core.messages import ONLY_LOCAL_IMPORTS, UserMessage
from sessiondock_launcher.ui.common.bridge import MessageBridge
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.connection.link import LinkMonitor

logger = logging.getLogger(__name__)

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class ImportFlow(QObject):
    """Runs imports and accepts dropped files on the widgets it is attached to.

    Signals:
        import_finished(ImportResult): SessionDock accepted an import.
    """

    import_finished = Signal(object)

    def __init__(
        self,
        link: LinkMonitor,
        bridge: MessageBridge,
        tasks: TaskRunner,
        hold: PaletteHold,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = ImportService(link)
        self.bridge = bridge
        self.tasks = tasks
        self.hold = hold

    def attach(self, *widgets: QWidget) -> None:
        """Accept drops of local files and folders on ``widgets``."""
        for widget in widgets:
            widget.setAcceptDrops(True)
            widget.installEventFilter(self)

    def import_paths(self, paths: Sequence[str]) -> None:
        self.tasks.spawn(self.run_import(paths), "import")

    def choose_and_import(self, parent: QWidget) -> None:
        """ "Import…": pick a project folder, then import it."""
        with self.hold:
            folder = QFileDialog.getExistingDirectory(
                parent, QCoreApplication.translate("Editors", "Import a project folder")
            )
        if folder:
            self.import_paths([folder])

    async def run_import(self, paths: Sequence[str]) -> ImportResult | None:
        said, result = await self.service.run(paths)
        self.bridge.post(UserMessage(said.message, said.level))
        if result is not None:
            self.import_finished.emit(result)
        return result

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _DRAG_EVENTS:
            return False
        assert isinstance(event, QDropEvent)  # DragEnter and DragMove derive from it
        mime = event.mimeData()
        if not mime.hasUrls():
            return False
        if kind != QEvent.Type.Drop:
            event.acceptProposedAction()
            return True
        local = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        event.acceptProposedAction()
        if local:
            self.import_paths(local)
        else:
            self.bridge.warning(ONLY_LOCAL_IMPORTS)
        return True
