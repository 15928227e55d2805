"""The editors' adapter to the edit service: Qt signals for index changes, messages for results.

:class:`~sessiondock_launcher.core.edits.EditService` decides (gate, optimistic update, rollback,
wording); :class:`EditController` re-emits its changes as signals for the rows and the pane and
posts each result's message through the bridge.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from sessiondock_launcher.api import Session, TagCount
from sessiondock_launcher.core import SessionIndex
from sessiondock_launcher.core.edits import EditService, SaveResult
from sessiondock_launcher.core.messages import UserMessage
from sessiondock_launcher.core.status import LauncherStatus
from sessiondock_launcher.ui.common.bridge import MessageBridge
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.connection.link import LinkMonitor

logger = logging.getLogger(__name__)

__all__ = ["EditController", "SaveResult"]


class EditController(QObject):
    """Saves tags, notes, fields and new sessions; keeps the index (and so the rows) in step.

    Signals:
        session_changed(Session): the index now holds this version (optimistic, stored or
            rolled back); the visible rows should refresh.
        session_created(Session): SessionDock created this session; it is in the index.
        session_removed(str): SessionDock no longer has this session; it left the index.
        writable_changed(bool): whether writes are allowed now (``effectiveMode``).
    """

    session_changed = Signal(object)
    session_created = Signal(object)
    session_removed = Signal(str)
    writable_changed = Signal(bool)

    def __init__(
        self,
        link: LinkMonitor,
        index: SessionIndex,
        bridge: MessageBridge,
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.index = index
        self.bridge = bridge
        self.tasks = tasks
        self.service = EditService(
            link,
            index,
            on_changed=self.session_changed.emit,
            on_removed=self.session_removed.emit,
        )
        self._writable = link.status.can_write
        link.status_changed.connect(self._on_status)

    def block_reason(self, what: str) -> str:
        """Why ``what`` (e.g. "Editing tags") cannot be saved now; "" when it can."""
        return self.service.gate.write_block(what)

    def _on_status(self, status: LauncherStatus) -> None:
        if status.can_write != self._writable:
            self._writable = status.can_write
            self.writable_changed.emit(self._writable)

    # -- reads for editors -------------------------------------------------------------------
    async def tag_suggestions(self) -> tuple[TagCount, ...]:
        return await self.service.tag_suggestions()

    def known_values(self, field: str) -> list[str]:
        return self.service.known_values(field)

    # -- writes ------------------------------------------------------------------------------
    async def save_tags(self, session: Session, tags: list[str]) -> SaveResult:
        return self._said(await self.service.save_tags(session, tags))

    async def save_notes(self, session: Session, notes: str) -> SaveResult:
        return self._said(await self.service.save_notes(session, notes))

    async def save_fields(self, session: Session, fields: Mapping[str, str]) -> SaveResult:
        return self._said(await self.service.save_fields(session, fields))

    async def create(self, fields: Mapping[str, Any]) -> SaveResult:
        result = await self.service.create(fields)
        if result.ok and result.session is not None:
            self.session_created.emit(result.session)
        return self._said(result)

    def _said(self, result: SaveResult) -> SaveResult:
        if result.message:
            self.bridge.post(UserMessage(result.message, result.level))
        return result
