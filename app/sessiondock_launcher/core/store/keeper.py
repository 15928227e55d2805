"""The stored library kept in step with the search index: load at start, reconcile, cheap check.

:class:`StoredLibrary` is what the app's link monitor drives instead of replacing the index from
memory on every sync: ``load`` makes the index searchable from disk before any network answer;
``full_reconcile`` (gated by :class:`FullSyncPacer`, one at a time; its writes on a worker
thread with their own connection) and ``cheap_check`` update the store, and the index follows
only when something changed (no flash of new results under the cursor when nothing did): a few
changed sessions are read back and searched beside the index's base at once; many, or an overlay
grown past ``OVERLAY_MAX``, rebuild it from the store in bounded steps. Qt-free; every step on the
loop yields to it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sqlite3
import time
from collections.abc import AsyncIterable, Callable, Coroutine
from pathlib import Path
from typing import Any

from sessiondock_launcher.api.models import ListingPage, Session, SessionPage
from sessiondock_launcher.core.index import OVERLAY_MAX, SessionIndex
from sessiondock_launcher.core.library import LibrarySnapshot
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
from sessiondock_launcher.core.store.entries import read_entries
from sessiondock_launcher.core.store.index_catchup import (
    CaughtUp,
    changed_since,
    load_caught_up,
    prune_changes,
)
from sessiondock_launcher.core.store.loading import BuildSource, build_snapshot_steps
from sessiondock_launcher.core.store.pacing import FullSyncPacer
from sessiondock_launcher.core.store.persisted import (
    LibraryVersion,
    library_version,
    save_index,
)
from sessiondock_launcher.core.store.reconcile import (
    Changes,
    CheapCheck,
    apply_first_page,
    reconcile_async,
)
from sessiondock_launcher.core.store.store import LibraryState, LibraryStore
from sessiondock_launcher.core.store.threaded import _executor as store_thread
from sessiondock_launcher.core.store.threaded import reconcile_in_thread

__all__ = ["FIRST_INDEX_SESSIONS", "INDEX_WRITE_DELAY_S", "ReconcileNotAllowed", "StoredLibrary"]

logger = logging.getLogger(__name__)

FIRST_INDEX_SESSIONS = 5_000
"""Libraries larger than this get a first index of the most recently opened sessions."""
INDEX_WRITE_DELAY_S = 5.0
"""The index file is written this long after the last full build (see ``_write_index_soon``)."""


Spawn = Callable[[Coroutine[Any, Any, Any], str], "asyncio.Task[Any] | None"]
"""Runs a coroutine as a named task (``TaskRunner.spawn``)."""


class ReconcileNotAllowed(RuntimeError):
    """A full reconcile is running, or the pacer says it is too early."""


class StoredLibrary:
    """Keeps ``index`` equal to what ``store`` holds.

    Args:
        store: The open store (``open_store``).
        index: The palette's index; it is only ever replaced by a complete snapshot.
        pacer: Paces full reconciles (default: 2 % of wall time, at most every 5 minutes).
        first_index: Above this many stored sessions, ``load`` installs an index of the most
            recently opened ones first.
        index_write_delay_s: The index file is written this long after the last full build
            (0: at once; a write still pending at quit is dropped: the next start builds).
        clock: Wall-clock seconds (stored sync times).
        monotonic: Monotonic seconds (pacing).
    """

    def __init__(
        self,
        store: LibraryStore,
        index: SessionIndex,
        *,
        pacer: FullSyncPacer | None = None,
        first_index: int = FIRST_INDEX_SESSIONS,
        index_write_delay_s: float = INDEX_WRITE_DELAY_S,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.index = index
        self.pacer = pacer or FullSyncPacer()
        self._first_index = first_index
        self._clock = clock
        self._monotonic = monotonic
        self._loading: asyncio.Lock = asyncio.Lock()
        self._spawn: Spawn | None = None
        self._follow_up: asyncio.Task[Any] | None = None
        self._again = False
        self._write_delay_s = index_write_delay_s
        self._write_timer: asyncio.TimerHandle | None = None
        self._pending_write: tuple[LibrarySnapshot, LibraryVersion] | None = None
        index.attach_details(store, on_upsert=self._store_edit, on_remove=self._store_removal)

    def state(self) -> LibraryState:
        return self.store.state()

    async def load(self) -> int:
        """Fill the index from the store; returns the sessions loaded.

        The index file written after the last build (``persisted.py``) is loaded on the store's
        worker thread and installed when it matches the store exactly. Otherwise the index is
        built from the store: above ``first_index`` sessions, the most recently opened ones are
        installed first so the palette can search them within a second, then the whole library.
        """
        loaded = await self._load_file()
        if loaded is not None:
            return loaded
        if len(self.store) > self._first_index:
            await self._rebuild(most_recent=self._first_index)
        return await self._rebuild()

    def may_full_reconcile(self) -> bool:
        return self.pacer.may_start(self._monotonic())

    async def full_reconcile(self, pages: AsyncIterable[ListingPage]) -> Changes:
        """Apply a complete listing to the store, then bring the index up to it (``_apply``).

        Raises:
            ReconcileNotAllowed: One is running or the pacer says not yet (nothing is fetched).
            Whatever ``pages`` raises: the store keeps every session (see ``reconcile``), the
                pages that did arrive included, and the index searches them too; the pacer
                counts a failure (it is tried again soon, ``pacing.py``).
        """
        if not self.pacer.try_start(self._monotonic()):
            raise ReconcileNotAllowed("a full reconcile is running or not due yet")
        apply = reconcile_in_thread if self.store.path is not None else reconcile_async
        before = self._content_version()
        try:
            changes = await apply(self.store, pages, clock=self._clock, monotonic=self._monotonic)
        except BaseException as exc:
            self.pacer.finished(self._monotonic(), failed=True)
            if not isinstance(exc, asyncio.CancelledError):
                await self._catch_up(before)
            raise
        self.pacer.finished(self._monotonic())
        if changes.any:
            await self._apply(changes)
        return changes

    def _content_version(self) -> int | None:
        """The store's content version (bumped by every change to a session)."""
        try:
            version = library_version(self.store.connection)
        except sqlite3.Error:
            return None
        return None if version is None else version.version

    async def _catch_up(self, before: int | None) -> None:
        """After a failed reconcile: what its pages stored is searched too (the first sync of a
        large library fails at page 60: the palette must not go on showing none of the 30,000
        it stored), as changes beside the index's base, or by a rebuild when many."""
        if self.store.path is not None:  # the writes still queued on the store's thread first
            await asyncio.wrap_future(store_thread().submit(_nothing))
        after = self._content_version()
        if before is None or after is None or after == before:
            return
        try:
            ids = changed_since(self.store.connection, before, OVERLAY_MAX)
            if ids is None:  # more than an overlay holds, or the log does not reach back
                await self._rebuild()
            else:
                await self._apply(Changes(changed=ids))
        except sqlite3.Error as exc:  # the sync's own error is the one to report
            logger.warning("Could not bring the index up to what the failed sync stored: %s", exc)

    def request_stamp(self) -> float:
        """Take just before requesting a cheap check's page (see ``cheap_check``)."""
        return self.store.stamp(self._clock())

    async def cheap_check(
        self, first_page: SessionPage, requested_at: float | None = None
    ) -> CheapCheck:
        """Store the first page by ``-lastOpened``; update the index if it brought news.

        ``requested_at``: :meth:`request_stamp` taken before the page was requested; a session
        edited here after that keeps its edit (the page was fetched before it).
        """
        check = apply_first_page(
            self.store, first_page, requested_at=requested_at, clock=self._clock
        )
        if check.changes.any:
            await self._apply(check.changes)
        return check

    def use_spawner(self, spawn: Spawn) -> None:
        """Run index rebuilds after single changes as tasks of ``spawn`` (the app's task runner,
        which cancels them at shutdown); without one the index rebuilds itself at once."""
        self._spawn = spawn

    async def _apply(self, changes: Changes) -> None:
        """Bring the index up to a store that ``changes`` changed: a few changes go beside the
        index's base (read back from the store: what it holds is what is searched), many
        rebuild it in steps."""
        touched = [*changes.added, *changes.changed]
        pending = self.index.overlay_size + len(touched) + len(changes.removed)
        if pending > OVERLAY_MAX or pending * 4 > len(self.index):  # (a first sync: rebuild)
            await self._rebuild()
            return
        try:
            entries = read_entries(self.store, touched)
        except sqlite3.Error as exc:
            logger.warning("Could not read %d changed sessions back: %s", len(touched), exc)
            await self._rebuild()
            return
        self.index.apply_stored(entries, changes.removed)

    def _store_edit(self, session: Session) -> None:
        """A session changed here (an edit, a rollback, a new one): the store holds it at once,
        stamped now, so a listing fetched before it never overwrites it (see ``reconcile``).
        The index searches the change at once (beside its base, until the next rebuild)."""
        try:
            self.store.put([session], self._clock())
        except sqlite3.Error as exc:
            logger.warning("Could not store the change of %s: %s", session.id, exc)
            return
        self._rebuild_when_full()

    def _store_removal(self, session_id: str) -> None:
        """SessionDock no longer has this session (it answered 404)."""
        try:
            self.store.delete([session_id])
        except sqlite3.Error as exc:
            logger.warning("Could not remove %s from the store: %s", session_id, exc)
            return
        self._rebuild_when_full()

    def _rebuild_when_full(self) -> None:
        if self.index.overlay_size > OVERLAY_MAX:
            self._rebuild_soon()

    def _rebuild_soon(self) -> bool:
        """Rebuild the index from the store in steps (not an O(n) rebuild in one go: ~10 s at
        100k sessions); one at a time, once more if a change came in meanwhile."""
        if self._spawn is None:
            return False
        if self._follow_up is not None:
            self._again = True
            return True
        self._follow_up = self._spawn(self._rebuild_after_changes(), "index-after-edit")
        return self._follow_up is not None

    async def _rebuild_after_changes(self) -> None:
        try:
            self._again = True
            while self._again:
                self._again = False
                await self._rebuild()
        finally:
            self._follow_up = None

    async def _load_file(self) -> int | None:
        """Install the index file's snapshot, with the sessions changed in the store since it
        was written searched beside it (``index_catchup.py``); ``None``: build instead."""
        path = self.store.path
        if path is None:
            return None
        async with self._loading:
            seen = self.index.changes  # what changed here after this is kept ahead of the read
            found = await asyncio.wrap_future(store_thread().submit(_read_index, path))
            if found is None:
                return None
            self.index.install(found.snapshot, changes_seen=seen)
            if found.entries or found.removed:
                self.index.apply_stored(found.entries, found.removed)
            logger.info(
                "Index loaded from its file: %d sessions, %d changed and %d removed since",
                len(found.snapshot),
                len(found.entries),
                len(found.removed),
            )
            return len(self.index)

    async def _rebuild(self, most_recent: int | None = None) -> int:
        async with self._loading:
            seen = self.index.changes  # what changed here after this is kept ahead of the read
            builder = SnapshotBuilder()
            source = BuildSource()
            enabled = gc.isenabled()
            gc.disable()  # a full collection over the growing library is a long stall
            try:
                steps = build_snapshot_steps(
                    self.store, builder, most_recent=most_recent, source=source
                )
                for _ in steps:
                    await asyncio.sleep(0)
            finally:
                if enabled:
                    gc.enable()
            snapshot = builder.result()
            self.index.install(snapshot, changes_seen=seen)
            logger.info("Index loaded from the store: %d sessions", len(snapshot))
            if most_recent is None and source.version is not None:
                self._write_index_soon(snapshot, source.version)
            return len(snapshot)

    def _write_index_soon(self, snapshot: LibrarySnapshot, version: LibraryVersion) -> None:
        """Write the index file ``index_write_delay_s`` after the last build (only the newest).

        Right after a build the user is likely typing (a palette open's check found news), and a
        worker thread's CPU work slows the loop's (the GIL); the file only matters at the next
        start. The write itself runs on the store's thread, after any step queued before it.
        """
        path = self.store.path
        if path is None:
            return
        self._pending_write = (snapshot, version)
        if self._write_delay_s <= 0:
            self._write_index_now()
        elif self._write_timer is None:
            loop = asyncio.get_running_loop()
            self._write_timer = loop.call_later(self._write_delay_s, self._write_index_now)

    def _write_index_now(self) -> None:
        self._write_timer = None
        pending, self._pending_write = self._pending_write, None
        if pending is not None and self.store.path is not None:
            store_thread().submit(_write_index, self.store.path, *pending)


def _nothing() -> None:
    """A step on the store's thread that runs after every step queued before it."""


def _read_index(store_path: Path) -> CaughtUp | None:
    """On the store's thread: the index file's snapshot and the store's changes since."""
    try:
        conn = sqlite3.connect(store_path, timeout=1.0, isolation_level=None)
    except sqlite3.Error as exc:
        logger.warning("Could not read the library version: %s", exc)
        return None
    try:
        conn.execute("BEGIN")  # one view of the version, the change log and the rows
        return load_caught_up(conn, store_path, limit=OVERLAY_MAX, worker=True)
    except sqlite3.Error as exc:
        logger.warning("Could not read the library's changes: %s", exc)
        return None
    finally:
        conn.close()


def _write_index(store_path: Path, snapshot: LibrarySnapshot, version: LibraryVersion) -> None:
    try:
        written = save_index(store_path, snapshot, version)
    except OSError as exc:
        logger.warning("Could not write the index file: %s", exc)
    else:
        logger.info("Index file written: %s (%d sessions)", written, len(snapshot))
        prune_changes(store_path, version.version)
