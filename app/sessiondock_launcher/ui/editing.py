"""Writes to SessionDock with optimistic updates, rollback and no lost input.

:class:`EditController` applies a change to the local index at once (the row updates while the
request runs), then keeps what the server stored, or puts the previous version back and says why.
Nothing is retried automatically: the editor (an :class:`EditorPanel`, from ``editor_panel.py``)
keeps the user's input and offers Retry. Writes are gated on ``effectiveMode`` before any request
is made.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from sessiondock_launcher.api import (
    InvalidRequest,
    NetworkError,
    NotFound,
    ReadOnly,
    Session,
    SessionDockClient,
    SessionDockError,
    TagCount,
    Unauthorized,
)
from sessiondock_launcher.core import SessionIndex, parse_query
from sessiondock_launcher.core.status import LauncherStatus
from sessiondock_launcher.ui.bridge import MessageBridge

# Re-exported for older imports; import it from editor_panel.
from sessiondock_launcher.ui.editor_panel import EditorPanel as EditorPanel
from sessiondock_launcher.ui.link import LinkMonitor
from sessiondock_launcher.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

NEEDS_FULL_AUTOMATION = "{what} needs Full Automation: SessionDock → Settings → Local API"
TAG_SUGGESTIONS_MAX_AGE_S = 30.0


@dataclass(frozen=True, slots=True)
class SaveResult:
    ok: bool
    message: str = ""
    session: Session | None = None


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
        self.link = link
        self.index = index
        self.bridge = bridge
        self.tasks = tasks
        self._writable = link.status.can_write
        self._tag_counts: tuple[TagCount, ...] = ()
        self._tags_at = -1e9
        self._known: dict[tuple[str, int], list[str]] = {}
        link.status_changed.connect(self._on_status)

    # -- gating ------------------------------------------------------------------------------
    def block_reason(self, what: str) -> str:
        """Why ``what`` (e.g. "Editing tags") cannot be saved now; "" when it can."""
        status = self.link.status
        if status.read_only:
            return NEEDS_FULL_AUTOMATION.format(what=what)
        if not status.can_write or self.link.client is None:
            return f"{what} needs SessionDock: {status.link_text()}"
        return ""

    def _on_status(self, status: LauncherStatus) -> None:
        if status.can_write != self._writable:
            self._writable = status.can_write
            self.writable_changed.emit(self._writable)

    # -- reads for editors -------------------------------------------------------------------
    async def tag_suggestions(self) -> tuple[TagCount, ...]:
        """``GET /tags`` (most used first), cached briefly; ``()`` when unavailable."""
        client = self.link.client
        if client is None or time.monotonic() - self._tags_at < TAG_SUGGESTIONS_MAX_AGE_S:
            return self._tag_counts
        try:
            self._tag_counts = await client.list_tags()
        except SessionDockError as exc:
            logger.info("Tag suggestions unavailable: %s", exc)
            return self._tag_counts
        self._tags_at = time.monotonic()
        return self._tag_counts

    def known_values(self, field: str) -> list[str]:
        """Distinct ``kind``/``status`` values in the library, most common first."""
        key = (field, self.index.generation)
        cached = self._known.get(key)
        if cached is None:
            counts: dict[str, int] = {}
            for match in self.index.search(parse_query(""), len(self.index)).matches:
                value = str(getattr(match.session, field, "")).strip()
                if value:
                    counts[value] = counts.get(value, 0) + 1
            cached = sorted(counts, key=lambda v: (-counts[v], v.casefold()))
            self._known = {k: v for k, v in self._known.items() if k[1] == key[1]}
            self._known[key] = cached
        return list(cached)

    # -- writes ------------------------------------------------------------------------------
    async def save_tags(self, session: Session, tags: list[str]) -> SaveResult:
        """``PUT /sessions/{id}/tags``."""

        async def call(client: SessionDockClient) -> Mapping[str, Any]:
            return {"tags": await client.put_tags(session.id, tags)}

        return await self._save(session, {"tags": tuple(tags)}, call, "Editing tags", "tags")

    async def save_notes(self, session: Session, notes: str) -> SaveResult:
        """``PUT /sessions/{id}/notes``."""

        async def call(client: SessionDockClient) -> Mapping[str, Any]:
            return {"notes": await client.put_notes(session.id, notes)}

        return await self._save(session, {"notes": notes}, call, "Editing notes", "notes")

    async def save_fields(self, session: Session, fields: Mapping[str, str]) -> SaveResult:
        """``PATCH /sessions/{id}`` with ``title``/``status`` (only what changed)."""

        async def call(client: SessionDockClient) -> Mapping[str, Any]:
            stored = await client.patch_session(session.id, dict(fields))
            return {name: getattr(stored, name) for name in fields}

        return await self._save(session, dict(fields), call, "Editing sessions", "changes")

    async def create(self, fields: Mapping[str, Any]) -> SaveResult:
        """``POST /sessions``; the new session goes into the index at once."""
        blocked = self.block_reason("Creating sessions")
        client = self.link.client
        if blocked or client is None:
            self.bridge.error(blocked)
            return SaveResult(False, blocked)
        try:
            created = await client.create_session(fields)
        except SessionDockError as exc:
            return SaveResult(False, self._report(exc, None, "the new session"))
        self.index.upsert(created)
        self.session_created.emit(created)
        self.session_changed.emit(created)
        self.bridge.info(f"Created “{created.display_title}” in SessionDock")
        return SaveResult(True, session=created)

    async def _save(
        self,
        session: Session,
        changes: Mapping[str, Any],
        call: Callable[[SessionDockClient], Awaitable[Mapping[str, Any]]],
        what: str,
        noun: str,
    ) -> SaveResult:
        blocked = self.block_reason(what)
        client = self.link.client
        if blocked or client is None:
            self.bridge.error(blocked)
            return SaveResult(False, blocked)
        original = self.index.get(session.id) or session
        optimistic = dataclasses.replace(original, **changes)
        self._put(optimistic)
        try:
            stored = await call(client)
        except SessionDockError as exc:
            if not isinstance(exc, NotFound):
                self._restore(original, optimistic)
            return SaveResult(False, self._report(exc, session, f"the {noun}"))
        except BaseException:  # cancelled (shutdown): leave the index as SessionDock has it
            self._restore(original, optimistic)
            raise
        current = self.index.get(session.id) or optimistic
        final = dataclasses.replace(current, **stored)
        self._put(final)
        logger.info("Saved %s of %s", noun, session.id)
        return SaveResult(True, session=final)

    def _put(self, session: Session) -> None:
        self.index.upsert(session)
        self.session_changed.emit(session)

    def _restore(self, original: Session, optimistic: Session) -> None:
        # Only undo our own change: a sync may have brought a newer version meanwhile.
        if self.index.get(original.id) == optimistic:
            self._put(original)

    def _report(self, exc: SessionDockError, session: Session | None, what: str) -> str:
        """Say what went wrong (through the bridge) and return the same text for the editor."""
        if isinstance(exc, ReadOnly):
            self.link.check_now()
            text = "SessionDock is read-only now; nothing was saved. " + (
                NEEDS_FULL_AUTOMATION.format(what="Saving")
            )
        elif isinstance(exc, NotFound) and session is not None:
            self.index.remove(session.id)
            self.session_removed.emit(session.id)
            text = (
                f"“{session.display_title}” no longer exists in SessionDock — removed it. "
                "Your input is still in the editor."
            )
        elif isinstance(exc, InvalidRequest):
            text = f"SessionDock refused {what}: {exc.message}"
        elif isinstance(exc, Unauthorized):
            self.link.note_failure(exc)
            text = "Token rejected — update it in Settings. Your input is kept."
        elif isinstance(exc, NetworkError):
            self.link.note_failure(exc)
            text = f"Couldn't save {what}: {exc.user_message} Your input is kept — Retry."
        else:
            text = f"Couldn't save {what}: {exc.user_message}"
        logger.info("Save of %s failed: %s", what, exc)
        self.bridge.error(text)
        return text
