"""What a query searches and which answer the user sees: the search service.

Once the library is loaded (from the store at start, or by a sync), typing ranks locally from
the index, synchronously, so the rows on screen always answer the text in the field. Before
that, queries go to the server's ``q`` instead: at most one request in flight (a new keystroke
cancels the previous one after a short debounce), every answer tagged with the exact text it
answers, and a late answer for a superseded text dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sessiondock_launcher.api import Session, SessionDockError
from sessiondock_launcher.core.client_source import ClientSource
from sessiondock_launcher.core.idle_gc import IdleCollector
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.ranking import Match, highlight_positions

logger = logging.getLogger(__name__)

SERVER_SEARCH_DEBOUNCE_S = 0.08


@dataclass(frozen=True, slots=True)
class ResultSet:
    """Rows for one query text. ``source`` is "index" or "server"."""

    text: str
    matches: Sequence[Match]
    """Best first; an index search's rows are made when first read (``core/row_matches``)."""
    total: int
    source: str


class Spawn(Protocol):
    """Runs a coroutine as a background task the caller owns (the UI's ``TaskRunner.spawn``)."""

    def __call__(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any] | None: ...


class SearchService:
    """Routes each query to the local index or the server and delivers only current answers.

    Args:
        index: the synced library.
        source: the owner of the client and the link state.
        spawn: starts the server search as a background task.
        deliver: receives every :class:`ResultSet` for the current text, in order.
        failed: told the text whose server search failed (no answer will come for it).
        result_limit: rows per answer.
    """

    def __init__(
        self,
        index: SessionIndex,
        source: ClientSource,
        spawn: Spawn,
        deliver: Callable[[ResultSet], None],
        *,
        failed: Callable[[str], None] = lambda _text: None,
        result_limit: int = 50,
        debounce_s: float = SERVER_SEARCH_DEBOUNCE_S,
    ) -> None:
        self.index = index
        self.result_limit = result_limit
        self._source = source
        self._spawn = spawn
        self._deliver = deliver
        self._failed = failed
        self._debounce_s = debounce_s
        self._text = ""
        self._in_flight: asyncio.Task[Any] | None = None
        self.idle_gc = IdleCollector()
        self.pinned: Callable[[], list[str]] = list
        """Ids of the pinned sessions, in order (the store's pins); they head the empty query."""

    @property
    def text(self) -> str:
        """The text the latest :meth:`search` asked for: the only text answers may be for."""
        return self._text

    @property
    def waiting(self) -> bool:
        """Whether an answer for :attr:`text` is still on its way from the server."""
        return self._in_flight is not None and not self._in_flight.done()

    def answer_coming(self, text: str) -> bool:
        """Whether results for ``text`` are on their way (so an early Enter may wait for them)."""
        return text == self._text and self.waiting

    def answers_current(self, results: ResultSet) -> bool:
        """Whether ``results`` answer exactly the text the user typed last."""
        return results.text == self._text

    def search(self, text: str) -> None:
        """Search ``text``: delivers now from the index, or later from the server."""
        self._text = text
        if self._in_flight is not None:
            self._in_flight.cancel()
            self._in_flight = None
        if self._source.library_ready:
            self._deliver(self.local_results(text))
            self.idle_gc.soon()  # the young collection after the rows show, not in a keystroke
        elif self._source.client is not None:
            self._in_flight = self._spawn(self._server_search(text), "server-search")

    def refresh(self) -> None:
        """Search the current text again (after a sync or a removal)."""
        self.search(self._text)

    def local_results(self, text: str) -> ResultSet:
        query = parse_query(text)
        if query.is_empty:
            matches = tuple(Match(s, 0.0, ()) for s in self.empty_query_sessions())
            return ResultSet(text, matches, len(self.index), "index")
        result = self.index.search(query, self.result_limit)
        return ResultSet(text, result.matches, result.total_matched, "index")

    def empty_query_sessions(self) -> list[Session]:
        """Pinned sessions first (in pin order), then the most recently opened ones."""
        limit = self.result_limit
        pinned = [s for s in map(self.index.get, self.pinned()) if s is not None][:limit]
        ids = {s.id for s in pinned}
        recent = self.index.recent(limit + len(ids))
        return [*pinned, *(s for s in recent if s.id not in ids)][:limit]

    async def server_results(self, text: str) -> ResultSet | None:
        """``GET /sessions?q=…`` for ``text``; ``None`` when it failed (the link is told)."""
        client = self._source.client
        if client is None:
            return None
        query = parse_query(text)
        try:
            page = await client.list_sessions(
                q=query.text or None,
                kind=query.kind,
                tags=list(query.tags) or None,
                recent=True if query.recent else None,
                limit=self.result_limit,
            )
        except SessionDockError as exc:
            logger.info("Server search failed: %s", exc)
            self._source.note_failure(exc)
            return None
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
        return ResultSet(text, matches, page.total, "server")

    async def _server_search(self, text: str) -> None:
        await asyncio.sleep(self._debounce_s)
        results = await self.server_results(text)
        if results is None:
            if text == self._text:
                self._failed(text)
            return
        if not self.answers_current(results):  # a newer keystroke superseded this answer
            logger.debug("Dropped a late server answer for %r", text)
            return
        self._deliver(results)


def _opened_key(session: Session) -> float:
    return session.last_opened.timestamp() if session.last_opened else 0.0
