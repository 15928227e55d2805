"""The palette's adapter to the core services: search, focus and open as Qt signals and messages.

Every decision (what a query searches, which answer is current, what a failure is called, whether
an action may run) is made by :class:`~sessiondock_launcher.core.search.SearchService` and
:class:`~sessiondock_launcher.core.actions.ActionService`; this module only turns their answers
into signals, background tasks and user messages.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal, SignalInstance

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import FrecencyStore, SessionIndex, messages
from sessiondock_launcher.core.actions import ActionService, Alternative, Outcome
from sessiondock_launcher.core.library import NOTES_SEARCH_CHARS
from sessiondock_launcher.core.messages import MessageAction, UserMessage
from sessiondock_launcher.core.search import SearchService
from sessiondock_launcher.core.store import LibraryStore
from sessiondock_launcher.ui.common.bridge import MessageBridge
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.connection.link import LinkMonitor

logger = logging.getLogger(__name__)

FULL_SESSIONS_KEPT = 16
"""Whole sessions of recently highlighted rows, kept per library generation (see full_session)."""


class LauncherController(QObject):
    """Turns user intents into searches and API actions.

    Signals:
        results_ready(ResultSet): rows for the text currently in the search field.
        search_failed(str): no results will come for this text (the server search failed).
        session_focused(str): SessionDock focused this session id (the palette hides).
        session_opened(str): SessionDock opened this session in its DAW.
        session_removed(str): the session no longer exists and left the index.
    """

    results_ready = Signal(object)
    search_failed = Signal(str)
    session_focused = Signal(str)
    session_opened = Signal(str)
    session_removed = Signal(str)

    def __init__(
        self,
        link: LinkMonitor,
        index: SessionIndex,
        frecency: FrecencyStore,
        bridge: MessageBridge,
        tasks: TaskRunner,
        *,
        result_limit: int = 50,
        foreground_handoff: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__()
        self.store: LibraryStore | None = None
        self._pinned_ids: frozenset[str] = frozenset()
        self._full: OrderedDict[str, tuple[int, Session, Session]] = OrderedDict()
        """Row id -> (index generation, row session, whole session) of rows read lately."""
        self.bridge = bridge
        self.tasks = tasks
        self.searches = SearchService(
            index,
            link,
            tasks.spawn,
            self.results_ready.emit,
            failed=self.search_failed.emit,
            result_limit=result_limit,
        )
        self.actions = ActionService(
            link,
            index,
            frecency,
            handoff=foreground_handoff,
            on_slow=lambda: bridge.info(messages.WAITING),
        )
        link.library_synced.connect(self.refresh)

    # -- search ------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.searches.text

    @property
    def result_limit(self) -> int:
        return self.searches.result_limit

    def set_result_limit(self, limit: int) -> None:
        """Rows per answer from the next search on (a Settings change)."""
        self.searches.result_limit = limit

    def search(self, text: str) -> None:
        """Rank ``text``; emits :attr:`results_ready` now (index) or later (server)."""
        self.searches.search(text)

    def refresh(self) -> None:
        """Re-run the current text (after a sync or a removal)."""
        self.searches.refresh()

    # -- actions -----------------------------------------------------------------------------
    def focus(self, session: Session) -> None:
        self.tasks.spawn(self.focus_session(session), f"focus:{session.id}")
        self._remember_query()

    def open(self, session: Session) -> None:
        self.tasks.spawn(self.open_session(session), f"open:{session.id}")
        self._remember_query()

    async def focus_session(self, session: Session) -> bool:
        """``POST /sessions/{id}/focus``; True when SessionDock focused it."""
        return self._show(await self.actions.focus(session), session, self.session_focused)

    async def open_session(self, session: Session) -> bool:
        """``POST /sessions/{id}/open``; True when SessionDock opened it."""
        return self._show(await self.actions.open(session), session, self.session_opened)

    # -- pins, history, usage (the store) ---------------------------------------------------
    def attach_store(self, store: LibraryStore) -> None:
        """Keep picks, pins and query history in ``store`` (the app's library on disk)."""
        self.store = store
        self._full.clear()
        self.searches.pinned = store.pins.ids
        self._pinned_ids = frozenset(store.pins.ids())

    def full_session(self, session: Session) -> Session:
        """``session`` with every field: index sessions carry the start of the notes and no
        previews, so the rest comes from the store. What the index holds wins where it differs
        (an edit shows at once, before SessionDock answers and long before the next sync).

        Read once per row: the same row again (every keystroke that keeps it on top) is answered
        from memory until the library changes (the index's generation: edits, syncs, rebuilds
        from the store) or the row's own fields differ.
        """
        if self.store is None:
            return session
        generation = self.searches.index.generation
        kept = self._full.get(session.id)
        if kept is not None and kept[0] == generation and kept[1] == session:
            self._full.move_to_end(session.id)
            return kept[2]
        full = self._with_stored(session)
        self._full[session.id] = (generation, session, full)
        self._full.move_to_end(session.id)
        if len(self._full) > FULL_SESSIONS_KEPT:
            self._full.popitem(last=False)
        return full

    def _with_stored(self, session: Session) -> Session:
        stored = self.store.get(session.id) if self.store is not None else None
        if stored is None:
            return session
        notes = session.notes
        if len(notes) >= NOTES_SEARCH_CHARS and stored.notes.startswith(notes):
            notes = stored.notes  # the index's is the start of these
        return replace(
            stored,
            title=session.title,
            kind=session.kind,
            status=session.status,
            accent=session.accent,
            tags=session.tags,
            notes=notes,
            last_opened=session.last_opened,
            project_path=session.project_path,
            preview_url=session.preview_url if session.preview_url else stored.preview_url,
        )

    def pinned_sessions(self) -> list[Session]:
        """The pinned sessions in the library, in pin order."""
        if self.store is None:
            return []
        found = (self.searches.index.get(i) for i in self.store.pins.ids())
        return [s for s in found if s is not None]

    def is_pinned(self, session: Session) -> bool:
        return self.store is not None and session.id in self.store.pins

    def toggle_pin(self, session: Session) -> None:
        """Pin ``session`` to the head of the empty-query list and the tray menu, or unpin it."""
        if self.store is None:
            return
        pinned = session.id in self.store.pins
        change = self.store.pins.unpin if pinned else self.store.pins.pin
        if not _stored("the pin", change, session.id):
            self.bridge.warning(messages.COULD_NOT_SAVE_PIN)
            return
        logger.info("%s %s", "Unpinned" if pinned else "Pinned", session.id)
        self._pinned_ids = frozenset(self.store.pins.ids())
        said = messages.unpinned if pinned else messages.pinned
        self.bridge.info(said(session.display_title))
        self.refresh()

    def pinned_id(self, session_id: str) -> bool:
        """Whether ``session_id`` is pinned (a set kept here: rows ask while they paint)."""
        return session_id in self._pinned_ids

    def _remember_query(self) -> None:
        text = self.searches.text.strip()
        if self.store is not None and text:
            _stored("the query history", self.store.history.record, text)

    def _show(self, outcome: Outcome, session: Session, done: SignalInstance) -> bool:
        if outcome.done:
            done.emit(session.id)
            if self.store is not None:  # frecency that survives restarts; never in the way
                _stored("usage history", self.store.usage.record, session.id)
            return True
        if outcome.removed:
            self.session_removed.emit(session.id)
        action = None
        if outcome.offer is Alternative.OPEN_IN_DAW:
            action = MessageAction(outcome.offer.value, lambda: self.open(session))
        self.bridge.post(UserMessage(outcome.text, outcome.level, action))
        if outcome.removed:
            self.refresh()
        return False


def _stored(what: str, write: Callable[[str], object], value: str) -> bool:
    """Run one small write to the library store; a busy, full or read-only disk is logged, never
    in the way of the action the user asked for (Enter must focus even when the store cannot
    record the query)."""
    try:
        write(value)
    except sqlite3.Error as exc:
        logger.warning("Could not save %s: %s", what, exc)
        return False
    return True
