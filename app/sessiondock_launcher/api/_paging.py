"""Paging through ``GET /sessions`` robustly.

Servers may cap ``limit`` below what was asked, shift items between requests (sessions added or
removed while paging) or ignore ``offset`` altogether. The pager advances ``offset`` by what was
actually received, stops at ``meta.total``, on an empty page or when pages stop bringing new ids,
and yields each session id at most once.

A page that fails for a reason that may pass (a 5xx, a timeout, a dropped connection, a truncated
or malformed body) is asked for again after a short backoff (:data:`PAGE_RETRY_DELAYS_S`), a
bounded number of times: paging is an idempotent ``GET`` by offset, and one bad answer in a
100-page listing must not throw the whole listing away. A 4xx (401, 403, 404 ...), a 501, an
oversized answer or a refused connection (SessionDock is not running) are not retried.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, TypeVar

from sessiondock_launcher.api._transport import ApiConnection
from sessiondock_launcher.api._wire import QueryParams, as_dict, as_list, session_page_steps
from sessiondock_launcher.api.errors import (
    ApiError,
    ConnectionLost,
    InvalidResponse,
    RequestTimeout,
    ResponseTooLarge,
    ServiceUnavailable,
    SessionDockError,
)
from sessiondock_launcher.api.models import RawSession, RawSessionPage, SessionPage, session_id

logger = logging.getLogger(__name__)


class _Listed(Protocol):
    @property
    def id(self) -> str: ...


class _Page(Protocol):
    """What the pager needs of a page: parsed (``SessionPage``) or not (``RawSessionPage``)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def sessions(self) -> Sequence[_Listed]: ...

    @property
    def total(self) -> int: ...


_P = TypeVar("_P", bound=_Page)

PageFetcher = Callable[[int, int], Awaitable[_P]]
"""``fetch(offset, limit)`` returning one page."""

MAX_STALLED_PAGES = 3
"""Consecutive pages without a new id after which the server is deemed not to advance."""
PAGE_RETRY_DELAYS_S: tuple[float, ...] = (0.5, 1.5, 4.0)
"""Waits before asking for a failed page again, one per retry (so at most three retries)."""

Sleep = Callable[[float], Awaitable[object]]


def is_transient(exc: BaseException) -> bool:
    """Whether asking again for the same page may succeed: a 5xx other than 501, a timeout, a
    connection dropped mid-answer, a truncated or malformed body. Not a refused connection
    (SessionDock is not running: the link notices and resumes), a 4xx or an oversized answer."""
    if isinstance(exc, ResponseTooLarge):
        return False
    if isinstance(exc, RequestTimeout | ConnectionLost | InvalidResponse):
        return True
    if isinstance(exc, ApiError):
        return 500 <= exc.status <= 599 and not isinstance(exc, ServiceUnavailable)
    return False


async def fetch_retrying(
    fetch: PageFetcher[_P],
    offset: int,
    limit: int,
    *,
    delays: Sequence[float] = PAGE_RETRY_DELAYS_S,
    sleep: Sleep = asyncio.sleep,
) -> _P:
    """``fetch(offset, limit)``, asked again after each of ``delays`` while it fails
    transiently (:func:`is_transient`); the last failure is raised. Cancellable while waiting."""
    for attempt, delay in enumerate(delays, start=1):
        try:
            return await fetch(offset, limit)
        except SessionDockError as exc:
            if not is_transient(exc):
                raise
            logger.info(
                "Page at offset %d failed (%s); retry %d of %d in %.1f s",
                offset,
                exc,
                attempt,
                len(delays),
                delay,
            )
        await sleep(delay)
    return await fetch(offset, limit)


async def iter_unique_pages(
    fetch: PageFetcher[_P],
    *,
    page_size: int,
    retry_delays: Sequence[float] = PAGE_RETRY_DELAYS_S,
    sleep: Sleep = asyncio.sleep,
) -> AsyncIterator[_P]:
    """Yield pages until ``meta.total``, each containing only ids not seen before.

    Args:
        fetch: Called with ``(offset, limit)``; returns the page at that offset.
        page_size: The ``limit`` to ask for (the server may return fewer).
        retry_delays: Waits before each retry of a page that failed transiently (empty: none).
        sleep: Waits that long (tests: a fake clock).

    Raises:
        ValueError: ``page_size`` is smaller than 1.
    """
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    seen: set[str] = set()
    offset = 0
    stalled = 0
    while True:
        page = await fetch_retrying(fetch, offset, page_size, delays=retry_delays, sleep=sleep)
        if not page.sessions:
            return
        fresh: list[_Listed] = []
        for session in page.sessions:  # duplicates may also sit inside one page
            if session.id not in seen:
                seen.add(session.id)
                fresh.append(session)
        if fresh:
            stalled = 0
            yield dataclasses.replace(page, sessions=tuple(fresh), offset=offset)
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


def listing(
    conn: ApiConnection,
    filters: QueryParams,
    *,
    origin: str,
    page_size: int,
    retry_delays: Sequence[float] = PAGE_RETRY_DELAYS_S,
) -> AsyncIterator[SessionPage]:
    """Every page of ``GET /sessions`` with ``filters``, each id once (``iter_unique_pages``)."""

    async def fetch(offset: int, limit: int) -> SessionPage:
        params = [*filters, ("limit", str(limit)), ("offset", str(offset))]
        return await fetch_page(conn, params, origin=origin, limit=limit, offset=offset)

    return iter_unique_pages(fetch, page_size=page_size, retry_delays=retry_delays)


def raw_listing(
    conn: ApiConnection,
    origin: str,
    page_size: int,
    retry_delays: Sequence[float] = PAGE_RETRY_DELAYS_S,
) -> AsyncIterator[RawSessionPage]:
    """:func:`listing` of the whole library, each session left unparsed (:class:`RawSession`):
    only its id is read, where the body is decoded."""

    async def fetch(offset: int, limit: int) -> RawSessionPage:
        params = [("limit", str(limit)), ("offset", str(offset))]

        def build(envelope: dict[str, Any] | None) -> RawSessionPage:
            return raw_page(envelope, origin=origin, limit=limit, offset=offset)

        return await conn.fetch(
            "GET", "/sessions", build, params=params, deadline=conn.deadlines.page
        )

    return iter_unique_pages(fetch, page_size=page_size, retry_delays=retry_delays)


def raw_page(
    envelope: Mapping[str, Any] | None, *, origin: str | None, limit: int | None, offset: int
) -> RawSessionPage:
    """A ``GET /sessions`` envelope as a :class:`RawSessionPage`: the objects with a usable id
    (``Session.from_api`` drops the others), ``meta`` read as ``session_page`` reads it."""
    envelope = envelope or {}
    items = [
        RawSession(found, item)
        for item in as_list(envelope.get("data"))
        if isinstance(item, Mapping) and (found := session_id(item)) is not None
    ]
    meta = as_dict(envelope.get("meta"))
    total, given = _count(meta.get("total")), _count(meta.get("limit"))
    return RawSessionPage(
        sessions=tuple(items),
        total=offset + len(items) if total is None else total,
        limit=given or limit or len(items),
        offset=offset,
        origin=origin,
    )


def _count(value: Any) -> int | None:
    return value if type(value) is int and value >= 0 else None
