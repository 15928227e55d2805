"""Paging through ``GET /sessions`` robustly.

Servers may cap ``limit`` below what was asked, shift items between requests (sessions added or
removed while paging) or ignore ``offset`` altogether. The pager advances ``offset`` by what was
actually received, stops at ``meta.total``, on an empty page or when pages stop bringing new ids,
and yields each session id at most once.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from sessiondock_launcher.api._transport import ApiConnection
from sessiondock_launcher.api._wire import QueryParams, session_page_steps
from sessiondock_launcher.api.models import Session, SessionPage

logger = logging.getLogger(__name__)

PageFetcher = Callable[[int, int], Awaitable[SessionPage]]
"""``fetch(offset, limit)`` returning one page."""

MAX_STALLED_PAGES = 3
"""Consecutive pages without a new id after which the server is deemed not to advance."""


async def iter_unique_pages(fetch: PageFetcher, *, page_size: int) -> AsyncIterator[SessionPage]:
    """Yield pages until ``meta.total``, each containing only ids not seen before.

    Args:
        fetch: Called with ``(offset, limit)``; returns the page at that offset.
        page_size: The ``limit`` to ask for (the server may return fewer).

    Raises:
        ValueError: ``page_size`` is smaller than 1.
    """
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    seen: set[str] = set()
    offset = 0
    stalled = 0
    while True:
        page = await fetch(offset, page_size)
        if not page.sessions:
            return
        fresh: list[Session] = []
        for session in page.sessions:  # duplicates may also sit inside one page
            if session.id not in seen:
                seen.add(session.id)
                fresh.append(session)
        if fresh:
            stalled = 0
            yield SessionPage(
                sessions=tuple(fresh), total=page.total, limit=page.limit, offset=offset
            )
        else:
            stalled += 1
            if stalled >= MAX_STALLED_PAGES:
                logger.debug("GET /sessions does not advance at offset %d; stopping", offset)
                return
        offset += len(page.sessions)
        if offset >= page.total:
            return


async def fetch_page(
    conn: ApiConnection, params: QueryParams, *, origin: str, limit: int | None, offset: int
) -> SessionPage:
    """``GET /sessions`` with ``params``: decoded where ``conn`` decodes (a worker thread for a
    large answer), then built on the loop in steps (:func:`session_page_steps`)."""
    deadline = conn.deadlines.page
    data = await conn.fetch("GET", "/sessions", _decoded, params=params, deadline=deadline)
    return await session_page_steps(data, origin=origin, limit=limit, offset=offset)


def _decoded(envelope: dict[str, Any] | None) -> dict[str, Any] | None:
    return envelope
