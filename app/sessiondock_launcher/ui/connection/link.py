"""Keeps the link to SessionDock alive: health checks, reconnect with backoff, library sync.

``/health`` runs at start-up, on every reconnect and every 30 s (so a mode downgrade is seen);
when SessionDock is down the check backs off from 1 s to 30 s and recovers by itself.

The index is searchable from the stored library (``library``) at start; a full reconcile runs
after each (re)connect and when asked, paced by the library's ``FullSyncPacer`` (a small share of
wall time, never two at once); opening the palette runs a cheap check instead (the first page by
``-lastOpened``), which asks for a full one only when the first page says the library changed
beyond it. A page that fails transiently is retried by the pager (``page_retry_delays_s``); a sync
that fails anyway is retried after the pacer's failure backoff (10 s, 30 s, ...), at once when the
link comes back, and the status says so meanwhile (``sync_error``).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence

from PySide6.QtCore import QObject, Signal

from sessiondock_launcher.aio import closing
from sessiondock_launcher.api import (
    ApiError,
    InsecureHostError,
    InvalidBaseUrl,
    MissingToken,
    NetworkError,
    SessionDockClient,
    SessionDockError,
    Unauthorized,
)
from sessiondock_launcher.api._paging import PAGE_RETRY_DELAYS_S
from sessiondock_launcher.api.models import RawSessionPage
from sessiondock_launcher.core import LibrarySync, SessionIndex
from sessiondock_launcher.core.messages import TOKEN_NEEDED, TOKEN_REJECTED, UNREADABLE
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.core.store import ReconcileNotAllowed, StoredLibrary, offline_notice
from sessiondock_launcher.core.sync import MAX_GC_PAUSE_S, GcPause
from sessiondock_launcher.settings import ConnectionConfig
from sessiondock_launcher.ui.common.tasks import TaskRunner

logger = logging.getLogger(__name__)

HEALTH_INTERVAL_S = 30.0
SYNC_INTERVAL_S = 300.0
"""How long the sync loop sleeps when the pacer has no time to give (it is woken earlier)."""
BACKOFF_MAX_S = 30.0
SYNC_PAGE_SIZE = 500
CHEAP_CHECK_LIMIT = 50
PROGRESS_INTERVAL_S = 0.25
"""A sync's progress ("Syncing 2,000 / 10,000") is shown at most this often (and at its end)."""
ClientFactory = Callable[[ConnectionConfig], SessionDockClient]
"""Builds the client for a connection; raises ``SessionDockError`` for an unusable one."""


async def _wait(event: asyncio.Event, seconds: float) -> None:
    """Wait until ``event`` is set or ``seconds`` pass, then clear it.

    ``asyncio.timeout``, not ``wait_for``: on Python 3.11 ``wait_for`` swallows a cancellation
    that arrives as the event is set, and the loop task then never ends at shutdown.
    """
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()
    event.clear()


class LinkMonitor(QObject):
    """Owns the API client (the only copy), the connection state and the background sync.

    Signals:
        status_changed(LauncherStatus): the link, mode or sync progress changed.
        library_synced(): the index was replaced by a completed sync.
    """

    status_changed = Signal(object)
    library_synced = Signal()

    def __init__(
        self,
        index: SessionIndex,
        tasks: TaskRunner,
        make_client: ClientFactory,
        *,
        clock: Callable[[], float] = time.monotonic,
        library: StoredLibrary,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client: SessionDockClient | None = None
        self.connection: ConnectionConfig | None = None
        self.index = index
        self._tasks = tasks
        self._make_client = make_client
        self._clock = clock
        self._config_error = ""
        self.sync = LibrarySync(
            index, self._fetch_pages, on_progress=self._on_sync_progress, gc_pause_s=MAX_GC_PAUSE_S
        )
        self.status = LauncherStatus()
        self._check_now = asyncio.Event()
        self._sync_now = asyncio.Event()
        self.library = library
        library.use_spawner(tasks.spawn)  # an edit's index rebuild: in steps, on our runner
        self._library_loaded = False
        self._checking = False
        self._progress_shown_at = float("-inf")
        self.backoff_min_s = 1.0
        self.backoff_max_s = BACKOFF_MAX_S
        self.backoff_s = self.backoff_min_s
        self.health_interval_s = HEALTH_INTERVAL_S
        self.page_retry_delays_s: Sequence[float] = PAGE_RETRY_DELAYS_S

    # -- public ------------------------------------------------------------------------------
    def start(self) -> None:
        # The loops check at once anyway: a check asked for before they ran (connect_to) would
        # only add a second, immediate one that skips the first backoff.
        self._check_now.clear()
        self._tasks.spawn(self._health_loop(), "health-loop")
        self._tasks.spawn(self._sync_loop(), "sync-loop")

    @property
    def library_ready(self) -> bool:
        """Whether the index answers searches: a sync completed or the store filled it."""
        return self.sync.is_synced or self._library_loaded

    def index_changed(self) -> None:
        """A session was added or removed here (created, or gone from SessionDock): the count."""
        self._set(library_size=len(self.index))

    def library_loaded(self, sessions: int) -> None:
        """The stored library is in the index (``sessions`` of them; none: keep asking the server
        until the first sync)."""
        self._library_loaded = sessions > 0 or self._library_loaded
        self._set(library_size=len(self.index))
        if self.status.link is Link.OFFLINE and self._library_loaded:
            self._set(detail=self._offline_detail(None))

    def connect_to(self, connection: ConnectionConfig) -> None:
        """Talk to ``connection`` from now on; the previous client closes in the background."""
        old = self.client
        self.connection = connection
        try:
            client: SessionDockClient | None = self._make_client(connection)
        except SessionDockError as exc:
            logger.error("Cannot use %s: %s", connection.base_url, exc)
            client, error = None, exc.user_message
        else:
            error = ""
        self.set_client(client, error)
        if old is not None:
            self._tasks.spawn(old.aclose(), "close-old-client")

    async def aclose(self) -> None:
        """Close the client (at shutdown, after the loops were cancelled)."""
        if self.client is not None:
            await self.client.aclose()

    def set_client(self, client: SessionDockClient | None, config_error: str = "") -> None:
        """Use another client (the user changed the address or token); reconnect at once."""
        self.client = client
        self._config_error = config_error
        self.backoff_s = self.backoff_min_s
        self._set(link=Link.CONNECTING, detail="")
        self.check_now()

    def check_now(self) -> None:
        """Re-check health at once (after a connection error, or when the user asks)."""
        self._check_now.set()

    def request_sync(self) -> None:
        """Sync now: something changed on our side (an import, the user asked), so the pacer's
        wait is waived for this one (still never two at once)."""
        self.library.pacer.allow_now()
        self._sync_now.set()

    def _want_sync(self) -> None:
        """A sync is due (a reconnect, a cheap check that saw more change): when the pacer
        allows."""
        self._sync_now.set()

    def palette_opened(self) -> None:
        """A cheap check of what the palette shows (new and recently opened sessions)."""
        if self.status.link is not Link.CONNECTED:
            self.check_now()
            return
        # Before the first full reconcile of this run there is one on its way anyway.
        if self.sync.is_synced and not self._checking and not self.status.syncing:
            self._tasks.spawn(self._cheap_check(), "cheap-check")

    def note_failure(self, exc: BaseException) -> None:
        """An API call failed: update the link state so the UI tells the truth at once."""
        if isinstance(exc, Unauthorized):
            self._set(link=Link.NEEDS_TOKEN, detail=TOKEN_REJECTED)
        elif _is_transport(exc):
            self._set(link=Link.OFFLINE, detail=self._offline_detail(exc))
            self.check_now()

    def _offline_detail(self, exc: BaseException | None) -> str:
        """Why SessionDock is unreachable, or, with the stored library searchable, what the
        palette offers meanwhile (the library's age; focusing needs SessionDock)."""
        unreachable = exc is None or _is_transport(exc)
        if self._library_loaded and unreachable:
            return offline_notice(self.library.state(), time.time())
        return self.status.detail if exc is None else _offline_text(exc)

    # -- loops -------------------------------------------------------------------------------
    async def _health_loop(self) -> None:
        while True:
            if self.client is None:
                self._set(link=Link.MISCONFIGURED, detail=self._config_error)
                await _wait(self._check_now, 3600)
                continue
            try:
                health = await self.client.health()
            except (MissingToken, Unauthorized) as exc:
                detail = TOKEN_NEEDED if isinstance(exc, MissingToken) else TOKEN_REJECTED
                self._set(link=Link.NEEDS_TOKEN, detail=detail)
                await _wait(self._check_now, self.health_interval_s)
            except (InsecureHostError, InvalidBaseUrl) as exc:
                self._set(link=Link.MISCONFIGURED, detail=exc.user_message)
                await _wait(self._check_now, 3600)
            except Exception as exc:  # SessionDockError, and any surprise: keep checking
                if not isinstance(exc, SessionDockError):
                    logger.exception("Health check failed unexpectedly")
                self._set(link=Link.OFFLINE, detail=self._offline_detail(exc))
                logger.info("SessionDock unreachable (%s); retry in %.0f s", exc, self.backoff_s)
                await _wait(self._check_now, self.backoff_s)
                self.backoff_s = min(self.backoff_s * 2, self.backoff_max_s)
            else:
                reconnected = self.status.link is not Link.CONNECTED
                self.backoff_s = self.backoff_min_s
                self._set(
                    link=Link.CONNECTED,
                    effective_mode=health.effective_mode,
                    configured_mode=health.configured_mode,
                    detail="",
                )
                if reconnected:
                    logger.info("Connected to SessionDock (%s)", health.effective_mode)
                    if self.library.pacer.retry_now():  # the last sync failed: resume it now
                        logger.info("The last library sync did not complete: syncing now")
                    self._want_sync()
                await _wait(self._check_now, self.health_interval_s)

    async def _cheap_check(self) -> None:
        """The first page by ``-lastOpened``: new and recently opened sessions, cheaply."""
        if self.client is None:
            return
        self._checking = True
        try:
            requested_at = self.library.request_stamp()  # an edit after this is newer
            page = await self.client.list_sessions(sort="-lastOpened", limit=CHEAP_CHECK_LIMIT)
            check = await self.library.cheap_check(page, requested_at)
        except SessionDockError as exc:
            logger.info("Cheap check failed: %s", exc)
            self.note_failure(exc)
            return
        finally:
            self._checking = False
        logger.info(
            "Cheap check: %d new, %d changed; full reconcile %s (%s)",
            len(check.changes.added),
            len(check.changes.changed),
            "wanted" if check.full_needed else "not needed",
            check.reason,
        )
        if check.changes.any:
            self._set(library_size=len(self.index))
            self.library_synced.emit()
        if check.full_needed:
            self._want_sync()

    def _sync_wait_s(self) -> float:
        # The pacer says when the next full reconcile may run; a request before that is
        # answered then (the loop waits again), never by a second one in flight.
        wait = self.library.pacer.seconds_until_allowed(time.monotonic())
        return SYNC_INTERVAL_S if wait == float("inf") else max(wait, 1.0)

    async def _sync_loop(self) -> None:
        while True:
            await _wait(self._sync_now, self._sync_wait_s())
            if self.status.link is not Link.CONNECTED or self.client is None:
                continue
            if self.library.may_full_reconcile():
                await self._reconcile(self.library)

    async def _reconcile(self, library: StoredLibrary) -> None:
        """One full reconcile of the stored library (paced, one in flight), with the status the
        palette shows and the cyclic GC held off for at most ``MAX_GC_PAUSE_S``."""
        self._set(syncing=True, sync_received=0, sync_total=0)
        self._progress_shown_at = float("-inf")  # the first page's progress shows at once
        pause = GcPause(MAX_GC_PAUSE_S)
        pause.start()
        self.sync.begin_external()
        completed = False
        settle = False  # freeze survivors only when a new index was built (its long-lived data)
        try:
            changes = await library.full_reconcile(self._progress_pages())
        except ReconcileNotAllowed:
            logger.debug("Full reconcile not due yet")
        except SessionDockError as exc:
            logger.warning("Library sync failed: %s", exc)
            self._sync_failed(exc)
            self.note_failure(exc)
        except Exception:  # a barrier: the loop must outlive any surprise, never end
            logger.exception("Library sync failed unexpectedly")
            self._set(link=Link.OFFLINE, detail=UNREADABLE, sync_error=None)
            self.check_now()
        else:
            logger.info(
                "Library synced: %d sessions (%d received, %d added, %d changed, %d removed)",
                len(self.index),
                changes.received,
                len(changes.added),
                len(changes.changed),
                len(changes.removed),
            )
            completed = changes.complete
            settle = changes.any
            self._library_loaded = True
            self.sync.end_external(completed=completed)
            # What follows a sync each in a loop step of its own (together they were one stall
            # of 15-30 ms): the palette's new results, the status, the GC's settling.
            self.library_synced.emit()
            await asyncio.sleep(0)
            self._set(syncing=False, library_size=len(self.index), sync_error=None)
            await asyncio.sleep(0)
        finally:
            if self.sync.is_running:
                self.sync.end_external(completed=False)
            # An unchanged library leaves only the reconcile's garbage: freezing it would keep
            # whatever had reached the old generation out of the collector's reach for good.
            pause.end(settle=settle)
            self._set(syncing=False, library_size=len(self.index))

    def _sync_failed(self, exc: SessionDockError) -> None:
        """The palette and the tray say that the sync failed and when it is retried, while the
        link stays up (a 5xx, a malformed answer); a lost link says so itself, and the sync is
        retried at the reconnect. What the sync stored is in the index (``full_reconcile``): it
        is searched from now on, as it would be after a restart."""
        if len(self.index) and not self._library_loaded:
            self._library_loaded = True
            self.library_synced.emit()  # the palette shows the stored sessions, not the server's
        if _is_transport(exc) or isinstance(exc, Unauthorized):
            self._set(sync_error=None)
            return
        wait = max(self.library.pacer.seconds_until_allowed(time.monotonic()), 1.0)
        reason = f"HTTP {exc.status}" if isinstance(exc, ApiError) else ""
        self._set(sync_error=reason, sync_retry_at=time.time() + wait)

    async def _progress_pages(self) -> AsyncIterator[RawSessionPage]:
        received = 0
        async with closing(self._fetch_pages()) as pages:
            async for page in pages:
                received += len(page.sessions)
                self._on_sync_progress(received, max(page.total, received))
                yield page
                # One page's young garbage (the HTTP response cycles, the parsed page) at a
                # time, in a loop step of its own: a few ms per page, instead of one pass over
                # the whole sync's allocations at the end (~100 ms at 50k).
                await asyncio.sleep(0)
                gc.collect(1)

    # -- helpers -----------------------------------------------------------------------------
    def _fetch_pages(self) -> AsyncIterator[RawSessionPage]:
        assert self.client is not None  # unparsed: the store skips unchanged sessions unparsed
        return self.client.iter_raw_pages(
            page_size=SYNC_PAGE_SIZE, retry_delays=self.page_retry_delays_s
        )

    def _on_sync_progress(self, received: int, total: int) -> None:
        # Every status change repaints the palette's labels and the tray's icon and tooltip
        # (~2 ms a time): a few updates a second say as much as one per page.
        now = self._clock()
        if now - self._progress_shown_at >= PROGRESS_INTERVAL_S or received >= total:
            self._progress_shown_at = now
            self._set(sync_received=received, sync_total=total)

    def _set(self, **changes: object) -> None:
        status = self.status.with_(**changes)
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)


def _is_transport(exc: BaseException) -> bool:
    return isinstance(exc, NetworkError)


def _offline_text(exc: BaseException) -> str:
    if isinstance(exc, SessionDockError) and _is_transport(exc):
        return exc.user_message
    return UNREADABLE
