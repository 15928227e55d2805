"""Background sync of the whole library into a :class:`SessionIndex`.

Pages are fetched through an injected ``fetch_pages`` (the API client's ``iter_pages``), folded
into a new snapshot off to the side in small batches, and swapped into the index in one step at
the end: sessions that disappeared on the server disappear locally, and a failure midway leaves
the old index untouched. Errors propagate to the caller (handled at barriers, not here).

A sync may hold the cyclic garbage collector off (a full collection over the growing library lands
mid-sync as a 50-200 ms stall), but never for longer than ``gc_pause_s``: the pause ends with the
sync (young garbage collected, the survivors frozen out of the collector's reach) or at that
bound, whichever comes first, even when the sync itself never ends.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

from sessiondock_launcher.aio import closing
from sessiondock_launcher.api.models import ListingPage, RawSessionPage, Session
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder

__all__ = ["MAX_GC_PAUSE_S", "GcPause", "LibrarySync", "SyncResult"]

logger = logging.getLogger(__name__)

FOLD_BATCH = 100
"""Sessions folded per loop step: about 1–3 ms on the reference box, far under a 16 ms frame."""
MAX_GC_PAUSE_S = 60.0
"""A sane bound of the GC pause of one sync (a 100k-session sync takes well under that)."""


class GcPause:
    """Holds the cyclic GC off from :meth:`start` until :meth:`end` or ``limit_s``, if sooner.

    Only undoes what it did: when the GC was already off (tests, a caller's own pause) it is left
    alone.
    """

    def __init__(self, limit_s: float) -> None:
        self._limit_s = limit_s
        self._timer: asyncio.TimerHandle | None = None
        self._held = False

    def start(self) -> None:
        if not gc.isenabled():
            return
        gc.disable()
        self._held = True
        self._timer = asyncio.get_running_loop().call_later(self._limit_s, self._expire)

    def _expire(self) -> None:
        self._timer = None
        if self._held:
            logger.info("Library sync still running after %.0f s: GC back on", self._limit_s)
        self.end(settle=False)

    def end(self, *, settle: bool = True) -> None:
        """Turn the GC back on; with ``settle``, first free the sync's young garbage and freeze
        the survivors (the new library) out of the collector's reach, so the first collection
        after the pause does not walk the whole library (50-200 ms)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._held:
            self._held = False
            if settle:
                gc.collect(1)
                gc.freeze()
            gc.enable()


@dataclass(frozen=True, slots=True)
class SyncResult:
    """Outcome of one completed sync."""

    received: int
    total: int
    duration_s: float
    synced_at: float


class LibrarySync:
    """Pages the library into ``index``; one :meth:`run` at a time.

    Args:
        index: The index to replace on success.
        fetch_pages: Returns a fresh async iterator of pages for each run.
        on_progress: Called with ``(received, total)`` after each page.
        clock: Wall-clock seconds (``last_synced_at``).
        monotonic: Monotonic seconds (durations, ``needs_refresh``).
        gc_pause_s: Hold the cyclic GC off during a run, for at most this many seconds
            (``None``: leave the GC alone).
    """

    def __init__(
        self,
        index: SessionIndex,
        fetch_pages: Callable[[], AsyncIterator[ListingPage]],
        *,
        on_progress: Callable[[int, int], None] | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        gc_pause_s: float | None = None,
    ) -> None:
        self._index = index
        self._fetch_pages = fetch_pages
        self._on_progress = on_progress
        self._clock = clock
        self._monotonic = monotonic
        self._gc_pause_s = gc_pause_s
        self._running = False
        self._last_synced_at: float | None = None
        self._last_synced_monotonic: float | None = None

    @property
    def is_synced(self) -> bool:
        """True once a sync has completed (until then, search the server instead)."""
        return self._last_synced_at is not None

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def last_synced_at(self) -> float | None:
        """Wall-clock time of the last completed sync."""
        return self._last_synced_at

    def needs_refresh(self, max_age_s: float) -> bool:
        """True when never synced or the last sync is older than ``max_age_s``."""
        if self._last_synced_monotonic is None:
            return True
        return self._monotonic() - self._last_synced_monotonic > max_age_s

    def begin_external(self) -> None:
        """A sync done by someone else (the stored library's reconcile) starts: track it here, so
        ``is_running`` / ``is_synced`` / ``needs_refresh`` tell the truth for either kind."""
        if self._running:
            raise RuntimeError("a library sync is already running")
        self._running = True

    def end_external(self, *, completed: bool) -> None:
        """The sync of :meth:`begin_external` ended; ``completed``: it listed the whole library."""
        self._running = False
        if completed:
            self._last_synced_at = self._clock()
            self._last_synced_monotonic = self._monotonic()

    async def run(self) -> SyncResult:
        """Fetch every page and replace the index; raises whatever fetching raises."""
        if self._running:
            raise RuntimeError("a library sync is already running")
        self._running = True
        pause = GcPause(self._gc_pause_s) if self._gc_pause_s is not None else None
        try:
            if pause is not None:
                pause.start()
            return await self._run()
        finally:
            if pause is not None:
                pause.end()
            self._running = False

    async def _run(self) -> SyncResult:
        started = self._monotonic()
        builder = SnapshotBuilder(keep_records=True)  # no store here: the index keeps them
        received = 0
        total = 0
        async with closing(self._fetch_pages()) as pages:
            async for page in pages:
                sessions = await _sessions(page)
                for start in range(0, len(sessions), FOLD_BATCH):
                    builder.add(sessions[start : start + FOLD_BATCH])
                    await asyncio.sleep(0)
                received += len(sessions)
                total = max(page.total, received)
                if self._on_progress is not None:
                    self._on_progress(received, total)
        for _ in builder.finish_steps():
            await asyncio.sleep(0)
        self._index.install(builder.result())
        now = self._monotonic()
        self._last_synced_at = self._clock()
        self._last_synced_monotonic = now
        logger.info("Library synced: %d sessions in %.2f s", len(builder), now - started)
        return SyncResult(
            received=received,
            total=total,
            duration_s=now - started,
            synced_at=self._last_synced_at,
        )


async def _sessions(page: ListingPage) -> Sequence[Session]:
    """The page's sessions; an unparsed page's parsed ``FOLD_BATCH // 4`` per loop step."""
    if not isinstance(page, RawSessionPage):
        return page.sessions
    sessions: list[Session] = []
    step = FOLD_BATCH // 4
    for start in range(0, len(page.sessions), step):
        if start:
            await asyncio.sleep(0)
        parsed = (page.parse(item) for item in page.sessions[start : start + step])
        sessions += [s for s in parsed if s is not None]
    return sessions
