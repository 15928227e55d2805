"""Import projects into SessionDock: drop folders or files on the palette, or "Import…".

Sends ``POST /import`` (one item per path, the kind taken from the project extension when it has
one) and reports the accepted counts. SessionDock treats an import as a background job, so the
library is re-synced afterwards to pick up the new sessions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import PurePath

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from sessiondock_launcher.api import (
    ImportItem,
    ImportResult,
    ReadOnly,
    ServiceUnavailable,
    SessionDockError,
)
from sessiondock_launcher.ui.bridge import MessageBridge
from sessiondock_launcher.ui.editing import NEEDS_FULL_AUTOMATION
from sessiondock_launcher.ui.link import LinkMonitor
from sessiondock_launcher.ui.session_form import kind_for_path
from sessiondock_launcher.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def import_items(paths: Sequence[str]) -> list[ImportItem]:
    """One item per distinct path: title from the folder or file name, kind from the extension."""
    items: list[ImportItem] = []
    seen: set[str] = set()
    for raw in paths:
        path = raw.rstrip("/\\") or raw
        if not path or path in seen:
            continue
        seen.add(path)
        name = PurePath(path)
        kind = kind_for_path(path)
        items.append(ImportItem(path, title=name.stem if kind else name.name, project_type=kind))
    return items


def describe(result: ImportResult) -> str:
    """The user's summary of an accepted import."""
    projects = "project" if result.total == 1 else "projects"
    if not result.done:
        return (
            f"SessionDock accepted {result.total} {projects} for import; "
            "they appear as soon as it finishes."
        )
    parts = [f"Imported {result.completed} of {result.total} {projects}"]
    if result.skipped:
        parts.append(f"{result.skipped} already in SessionDock")
    if result.failed:
        parts.append(f"{result.failed} failed")
    return ", ".join(parts)


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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.link = link
        self.bridge = bridge
        self.tasks = tasks

    def attach(self, *widgets: QWidget) -> None:
        """Accept drops of local files and folders on ``widgets``."""
        for widget in widgets:
            widget.setAcceptDrops(True)
            widget.installEventFilter(self)

    def block_reason(self) -> str:
        status = self.link.status
        if status.read_only:
            return NEEDS_FULL_AUTOMATION.format(what="Importing")
        if not status.can_write or self.link.client is None:
            return f"Importing needs SessionDock: {status.link_text()}"
        return ""

    def import_paths(self, paths: Sequence[str]) -> None:
        self.tasks.spawn(self.run_import(paths), "import")

    def choose_and_import(self, parent: QWidget) -> None:
        """ "Import…": pick a project folder, then import it."""
        window = parent.window()
        keep = getattr(window, "keep_open", None)
        if keep is not None:
            window.keep_open = True  # type: ignore[attr-defined]
        try:
            folder = QFileDialog.getExistingDirectory(parent, "Import a project folder")
        finally:
            if keep is not None:
                window.keep_open = False  # type: ignore[attr-defined]
        if folder:
            self.import_paths([folder])

    async def run_import(self, paths: Sequence[str]) -> ImportResult | None:
        blocked = self.block_reason()
        items = import_items(paths)
        if blocked or not items:
            self.bridge.error(blocked or "Nothing to import")
            return None
        client = self.link.client
        assert client is not None
        try:
            result = await client.import_sessions(items, generate_previews=True)
        except ReadOnly:
            self.link.check_now()
            self.bridge.error(NEEDS_FULL_AUTOMATION.format(what="Importing"))
            return None
        except ServiceUnavailable as exc:
            self.bridge.error(f"This SessionDock can't import right now: {exc.message}")
            return None
        except SessionDockError as exc:
            self.link.note_failure(exc)
            self.bridge.error(f"The import didn't start: {exc.user_message}")
            return None
        logger.info("Import %s accepted: %s", result.import_id, result)
        self.bridge.info(describe(result))
        self.import_finished.emit(result)
        self.link.request_sync()
        return result

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
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
            self.bridge.warning("Only projects on this computer can be imported")
        return True
