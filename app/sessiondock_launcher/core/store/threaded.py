"""A full reconcile whose store writes run on one worker thread, off the event loop.

The rows are made on the loop, a batch per loop step, and the writer only compares and writes
them: a writer thread running a page's worth of Python would hold the GIL the loop needs, and a
busy machine preempts a thread while it holds it (30-50 ms loop stalls measured); sqlite lets
go of the GIL while it works. Each write (a batch in one transaction, a chunk of the removal
scan) runs on a single-thread executor with its own connection to the store file
(``LibraryStore.writer``), so a commit's I/O (a WAL checkpoint's fsync can take tens of ms)
never stalls the loop either. The next page is fetched while this one is written
(``read_ahead``). The executor runs the steps strictly in order, closing the connection
included, so a cancelled reconcile never closes the connection under a step that is still
running. Semantics equal ``reconcile_async``.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from sessiondock_launcher.aio import closing
from sessiondock_launcher.api.models import ListingPage, RawSessionPage
from sessiondock_launcher.core.store.codec import row_for
from sessiondock_launcher.core.store.raw_rows import raw_rows, split_unchanged
from sessiondock_launcher.core.store.reconcile import (
    ASYNC_BATCH,
    Changes,
    Reconciler,
    read_ahead,
    stamped_pages,
)
from sessiondock_launcher.core.store.store import LibraryStore

__all__ = ["reconcile_in_thread"]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
_DONE = object()
WRITES_QUEUED = 1
"""Batches made and queued for the writer at most. One: the writer stores a batch while the loop
makes the next. Deeper queues kept the writer busy beside the loop the whole sync, and its GIL
hand-overs made the loop's gaps longer (20-74 ms against 17-26 ms at load 6-7) and the sync no
faster on two cores."""
_writer_thread: ThreadPoolExecutor | None = None
RAW_BATCHES = 4
"""Unparsed sessions are checked ``RAW_BATCHES * batch`` at a time (one read, ~2 ms): most are
skipped unparsed (~10 µs each), and an unchanged stretch is one hand-over to the writer, not
four; the changed ones are still written ``batch`` at a time."""
PARSE_STEP = 25
"""Changed sessions parsed and made into rows per loop step (~80 µs each: ~2 ms)."""


def _executor() -> ThreadPoolExecutor:
    """One writer thread for the whole process, reused by every reconcile: a new thread per
    reconcile left a malloc arena and a connection's page cache behind each time (RSS crept up
    ~1 MB a sync). Reconciles never overlap (the pacer), and steps run strictly in order."""
    global _writer_thread  # noqa: PLW0603 (one lazily started thread for the process)
    if _writer_thread is None:
        _writer_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
    return _writer_thread


async def reconcile_in_thread(
    store: LibraryStore,
    pages: AsyncIterable[ListingPage],
    *,
    batch: int = ASYNC_BATCH * 2,
    clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
) -> Changes:
    """Apply a listing as its pages arrive, writing on a worker thread.

    Args:
        store: A store on a file (an in-memory store has no second connection).
        pages: The listing; an error or a cancellation removes nothing.
        batch: Sessions per transaction.
        clock: Wall-clock seconds.
        monotonic: Monotonic seconds.
    """
    executor = _executor()

    async def run(call: Callable[[], _T]) -> _T:
        return await asyncio.wrap_future(executor.submit(call))

    opening = executor.submit(store.writer)
    try:
        writer = await asyncio.wrap_future(opening)
        reconciler = await run(partial(Reconciler, writer, clock=clock, monotonic=monotonic))
        writing: collections.deque[asyncio.Future[None]] = collections.deque()
        try:
            # Stamped before each page is requested: an edit stored after that is newer than the
            # page, and kept. The stamps are shared with the writer's connection (a lock, no
            # query), so this runs on the loop and the next page is requested while the writer
            # still stores this one (``read_ahead``): the sync takes about as long as paging.
            async def stamp() -> float:
                return store.stamp(clock())

            async def submit(write: Callable[[], None]) -> None:
                writing.append(asyncio.wrap_future(executor.submit(write)))
                while len(writing) > WRITES_QUEUED or (writing and writing[0].done()):
                    await writing.popleft()  # raises what the write raised
                await asyncio.sleep(0)

            async with closing(read_ahead(stamped_pages(pages, stamp))) as paged:
                async for page, requested_at in paged:
                    reconciler.changes.total = page.total
                    # The rows are made here, a batch per loop step (~2 ms), and only compared
                    # and written there: a writer making them would hold the GIL the loop needs
                    # for a page's worth of Python, and a busy machine preempts it while it
                    # holds it (30-50 ms stalls measured). Up to ``WRITES_QUEUED`` batches wait
                    # for the writer while the next are made and the next page fetched.
                    made = _page_writes(store, reconciler, page, batch, clock)
                    async with closing(made) as writes:
                        async for write in writes:
                            await submit(partial(write, requested_at))
            while writing:
                await writing.popleft()
        except BaseException:
            for future in writing:
                future.add_done_callback(_retrieved)  # failed or cancelled with us
            executor.submit(reconciler.abort)  # on the writer thread, after any running step
            raise
        steps: Iterator[None] = reconciler.finish_steps()
        while await run(partial(next, steps, _DONE)) is not _DONE:
            pass
        return reconciler.changes
    finally:
        # Queued behind any step still running (the executor is serial), never under it.
        executor.submit(_close, opening)


async def _page_writes(
    store: LibraryStore,
    reconciler: Reconciler,
    page: ListingPage,
    batch: int,
    clock: Callable[[], float],
) -> AsyncIterator[Callable[[float], None]]:
    """The writes of one page (each to be called with the page's request stamp), made on the
    loop, one loop step each (or ``PARSE_STEP`` parses at most).

    An unparsed page is checked ``RAW_BATCHES * batch`` sessions at a time: the unchanged ones
    skipped (one indexed read on the loop's connection, ~10 µs a session), the others parsed and
    made into rows here, written ``batch`` at a time (a first sync's transactions stay as they
    were with parsed pages).
    """
    if not isinstance(page, RawSessionPage):
        for start in range(0, len(page.sessions), batch):
            now = store.stamp(clock())  # after the reconciler's start: never "removed"
            made = [row_for(s, now) for s in page.sessions[start : start + batch]]
            yield partial(reconciler.apply_rows, made)
        return
    digest, origin = reconciler.digest_for(page.origin), page.origin
    step = batch * RAW_BATCHES
    for first in range(0, len(page.sessions), step):
        now = store.stamp(clock())
        todo, same = split_unchanged(store, page.sessions[first : first + step], digest)
        if not todo:
            yield partial(_write_raw, reconciler, [], same)
        for start in range(0, len(todo), batch):
            rows: list[tuple[Any, ...]] = []
            for at in range(start, min(start + batch, len(todo)), PARSE_STEP):
                await asyncio.sleep(0)  # not in the loop step of the check or of a hand-over
                rows += raw_rows(todo[at : min(at + PARSE_STEP, start + batch)], origin, now)
            yield partial(_write_raw, reconciler, rows, same if start == 0 else [])


def _write_raw(
    reconciler: Reconciler, rows: list[tuple[Any, ...]], same: list[str], requested_at: float
) -> None:
    reconciler.apply_rows(rows, requested_at, raw=True, unchanged=same)


def _retrieved(future: asyncio.Future[None]) -> None:
    if not future.cancelled():
        future.exception()


def _close(opening: Future[LibraryStore]) -> None:
    if not opening.cancelled() and opening.exception() is None:
        opening.result().close()
