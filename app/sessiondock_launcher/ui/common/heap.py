"""Give the C heap's free memory back to the system after the library's big one-off jobs.

A full sync or a load of the index from the store frees tens of MB of temporaries (pages, rows,
the previous index), and glibc keeps most of it: the free chunks sit between live ones, below the
top of the heap. ``malloc_trim(0)`` hands their pages back (6–8 MB at 100k sessions, measured
2026-12-05). It runs on a worker thread, never on the GUI thread (ctypes releases the GIL; it
took 1–9 ms there), shortly after the last sync or load, once per burst.

At start :func:`limit_arenas` caps glibc's per-thread arenas at two: every thread that allocates
(the store's writer, executors, Qt's pool) otherwise gets an arena of its own whose free memory
is kept apart from the main one (−2 MB idle at 10k sessions, −1 MB after the trim at 100k).

Linux with glibc only; elsewhere (macOS, Windows, musl) both are no-ops.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

logger = logging.getLogger(__name__)

M_ARENA_MAX = -8  # glibc's <malloc.h>
ARENAS = 2
TRIM_DELAY_MS = 500
"""After the last sync or load: the sync's GC pause has ended and its garbage is freed."""


def glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (it has ``malloc_trim`` and ``mallopt``), else ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    if not (hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt")):
        return None  # not glibc (musl has neither)
    return libc


def limit_arenas(libc: ctypes.CDLL | None = None, arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (call before threads start); ``True`` when applied."""
    libc = libc if libc is not None else glibc()
    return libc is not None and libc.mallopt(M_ARENA_MAX, arenas) == 1


def rss_mb() -> float:
    """This process's resident memory in MB (0.0 where /proc is missing)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class HeapTrim(QObject):
    """``soon()`` after each big job; one ``malloc_trim(0)`` runs on a worker thread once the
    jobs have been quiet for ``delay_ms``. The worker makes only that call (no logging, as few
    Python objects as possible: a collection started there could free Qt objects off the GUI
    thread, docs/pitfalls.md §14); the GUI thread notices the end and logs it."""

    POLL_MS = 20

    def __init__(
        self,
        libc: ctypes.CDLL | None = None,
        delay_ms: int = TRIM_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._libc = libc if libc is not None else glibc()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._check_done)
        self._worker: threading.Thread | None = None
        self._before_mb = 0.0
        self._took_s = 0.0
        self.trims = 0  # finished trims (tests, logs)

    @property
    def available(self) -> bool:
        return self._libc is not None

    @property
    def running(self) -> bool:
        return self._worker is not None

    def soon(self) -> None:
        """A big job just ended: trim once things are quiet (restarts the wait)."""
        if self._libc is not None:
            self._timer.start()

    def _start(self) -> None:
        if self._worker is not None:
            self._timer.start()  # one at a time: try again after this one
            return
        self._before_mb = rss_mb()
        self._worker = threading.Thread(target=self._trim, name="heap-trim", daemon=True)
        self._worker.start()
        self._poll.start()

    def _trim(self) -> None:  # on the worker thread
        libc = self._libc
        assert libc is not None
        started = time.perf_counter()
        libc.malloc_trim(0)  # ctypes releases the GIL for the call
        self._took_s = time.perf_counter() - started

    def _check_done(self) -> None:
        worker = self._worker
        if worker is None or worker.is_alive():
            return
        self._poll.stop()
        self._worker = None
        self.trims += 1
        logger.info(
            "Heap trimmed: RSS %.1f → %.1f MB (%.1f ms, off the GUI thread)",
            self._before_mb,
            rss_mb(),
            self._took_s * 1000,
        )

    def close(self) -> None:
        """Stop waiting; let a running trim finish (it takes milliseconds)."""
        self._timer.stop()
        self._poll.stop()
        if self._worker is not None:
            self._worker.join(5.0)
            self._worker = None
