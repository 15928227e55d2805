"""Search and session actions: what happens when the user types, presses Enter or picks an action.

Typing ranks locally from the index (synchronously, so Enter always acts on what is on screen).
Until the first sync completes, queries go to the server's ``q`` instead: at most one request in
flight, the superseded one cancelled, and a late answer dropped unless it belongs to the text the
user sees now.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, SignalInstance

from sessiondock_launcher.api import (
    ApiError,
    FocusFailed,
    FocusUnavailable,
    NotFound,
    OpenFailed,
    ReadOnly,
    Session,
    SessionDockError,
    Unauthorized,
)
from sessiondock_launcher.core import FrecencyStore, Match, SessionIndex, parse_query
from sessiondock_launcher.core.ranking import highlight_positions
from sessiondock_launcher.core.status import READ_ONLY_HINT
from sessiondock_launcher.ui.bridge import MessageAction, MessageBridge
from sessiondock_launcher.ui.link import LinkMonitor
from sessiondock_launcher.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

SERVER_SEARCH_DEBOUNCE_S = 0.08
WAITING_AFTER_S = 0.6
OPEN_READ_ONLY_HINT = "Opening needs Full Automation: SessionDock → Settings → Local API"


@dataclass(frozen=True, slots=True)
class ResultSet:
    """Rows for one query text. ``source`` is "index" or "server"."""

    text: str
    matches: tuple[Match, ...]
    total: int
    source: str


class LauncherController(QObject):
    """Turns user intents into searches and API actions.

    Signals:
        results_ready(ResultSet): rows for the text currently in the search field.
        session_focused(str): SessionDock focused this session id (the palette hides).
        session_opened(str): SessionDock opened this session in its DAW.
        session_removed(str): the session no longer exists and left the index.
    """

    results_ready = Signal(object)
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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.link = link
        self.index = index
        self.frecency = frecency
        self.bridge = bridge
        self.tasks = tasks
        self.result_limit = result_limit
        self._handoff = foreground_handoff
        self._text = ""
        self._server_task: asyncio.Task[None] | None = None
        link.library_synced.connect(self.refresh)

    # -- search ------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    def search(self, text: str) -> None:
        """Rank ``text``; emits :attr:`results_ready` now (index) or later (server)."""
        self._text = text
        if self._server_task is not None:
            self._server_task.cancel()
            self._server_task = None
        if self.link.sync.is_synced:
            self.results_ready.emit(self._local_results(text))
        elif self.link.client is not None:
            self._server_task = self.tasks.spawn(self._server_search(text), "server-search")

    def refresh(self) -> None:
        """Re-run the current text (after a sync or a removal)."""
        self.search(self._text)

    def _local_results(self, text: str) -> ResultSet:
        query = parse_query(text)
        if query.is_empty:
            recent = self.index.recent(self.result_limit)
            matches = tuple(Match(s, 0.0, ()) for s in recent)
            return ResultSet(text, matches, len(self.index), "index")
        result = self.index.search(query, self.result_limit)
        return ResultSet(text, tuple(result.matches), result.total_matched, "index")

    async def _server_search(self, text: str) -> None:
        await asyncio.sleep(SERVER_SEARCH_DEBOUNCE_S)
        client = self.link.client
        if client is None:
            return
        query = parse_query(text)
        try:
            page = await client.list_sessions(limit=self.result_limit, **query.to_server_params())
        except SessionDockError as exc:
            logger.info("Server search failed: %s", exc)
            self.link.note_failure(exc)
            return
        if text != self._text:  # a newer keystroke already superseded this answer
            return
        # The API has no status filter: apply it here.
        sessions = [
            s
            for s in page.sessions
            if not query.status or s.status.casefold() == query.status.casefold()
        ]
        if query.is_empty:
            sessions.sort(key=_opened_key, reverse=True)
        matches = tuple(
            Match(s, 0.0, highlight_positions(query.text, s.display_title)) for s in sessions
        )
        self.results_ready.emit(ResultSet(text, matches, page.total, "server"))

    # -- actions -----------------------------------------------------------------------------
    def focus(self, session: Session) -> None:
        self.tasks.spawn(self.focus_session(session), f"focus:{session.id}")

    def open(self, session: Session) -> None:
        self.tasks.spawn(self.open_session(session), f"open:{session.id}")

    async def focus_session(self, session: Session) -> bool:
        """``POST /sessions/{id}/focus`` with an actionable message for every failure."""
        offer_open = MessageAction("Open in DAW", lambda: self.open(session))
        return await self._act(
            session,
            "focus",
            READ_ONLY_HINT,
            self.session_focused,
            {
                FocusUnavailable: lambda exc: self.bridge.warning(
                    "SessionDock can't focus sessions in this runtime. Open it in its DAW instead?",
                    offer_open,
                ),
                FocusFailed: lambda exc: self.bridge.error(
                    f"SessionDock couldn't focus “{session.display_title}”: {exc.message}. "
                    "Open it in its DAW instead?",
                    offer_open,
                ),
            },
        )

    async def open_session(self, session: Session) -> bool:
        """``POST /sessions/{id}/open``: open the project in its DAW."""
        return await self._act(
            session,
            "open",
            OPEN_READ_ONLY_HINT,
            self.session_opened,
            {
                OpenFailed: lambda exc: self.bridge.error(
                    f"SessionDock couldn't open “{session.display_title}”: {exc.message}"
                ),
            },
        )

    async def _act(
        self,
        session: Session,
        action: str,
        read_only_hint: str,
        done: SignalInstance,
        failures: Mapping[type[ApiError], Callable[[ApiError], None]],
    ) -> bool:
        """Run one automation call (focus/open) and turn every failure into one message."""
        if self.link.status.read_only:
            self.bridge.error(read_only_hint)
            return False
        client = self.link.client
        if client is None:
            self.bridge.error(self.link.status.link_text())
            return False
        self._handoff()  # while we still have the foreground (Windows, docs/pitfalls.md §10)
        call = client.focus_session if action == "focus" else client.open_session
        waiting = self._say_waiting_after(WAITING_AFTER_S)
        try:
            await call(session.id)
        except ReadOnly:
            self.link.check_now()
            self.bridge.error(read_only_hint)
        except NotFound:
            title = session.display_title
            self._forget(session, f"“{title}” no longer exists in SessionDock — removed it.")
        except ApiError as exc:
            handler = next((h for kind, h in failures.items() if isinstance(exc, kind)), None)
            if handler is None:
                self._report(exc)
            else:
                handler(exc)
        except SessionDockError as exc:
            self._report(exc)
        else:
            logger.info("%s session %s", "Focused" if action == "focus" else "Opened", session.id)
            self._remember(session)
            done.emit(session.id)
            return True
        finally:
            waiting.cancel()
        return False

    def _say_waiting_after(self, seconds: float) -> asyncio.TimerHandle:
        """A slow SessionDock gets a visible "waiting" note instead of a palette that looks dead."""
        return asyncio.get_running_loop().call_later(
            seconds, lambda: self.bridge.info("Waiting for SessionDock…")
        )

    def _remember(self, session: Session) -> None:
        self.frecency.record(session.id)
        try:
            self.frecency.save()
        except OSError as exc:  # a full disk must not turn a successful focus into an error
            logger.warning("Could not save usage history: %s", exc)

    def _forget(self, session: Session, text: str) -> None:
        self.index.remove(session.id)
        self.frecency.forget(session.id)
        self.session_removed.emit(session.id)
        self.bridge.warning(text)
        self.refresh()

    def _report(self, exc: SessionDockError) -> None:
        self.link.note_failure(exc)
        if isinstance(exc, Unauthorized):
            self.bridge.error("Token rejected — update it in Settings")
        else:
            self.bridge.error(exc.user_message)


def _opened_key(session: Session) -> float:
    return session.last_opened.timestamp() if session.last_opened else 0.0
