"""Artwork thumbnails for result rows: fetched on first paint, a few at a time, kept in memory.

Only rows that are painted ask for artwork, so scrolling 50 results fetches what is visible.
Failures never reach the user (a row keeps its placeholder) and never storm: a failed artwork is
tried again after a back-off (``core/retry_book.py``) and when the link comes back, and given up
with one log line after that; a repaint in between sends nothing.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap

from sessiondock_launcher.api import Session, SessionDockClient, SessionDockError
from sessiondock_launcher.core.retry_book import RETRY_DELAYS_S, RetryBook
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.common.image_decode import ImageCache, decode_scaled
from sessiondock_launcher.ui.common.tasks import TaskRunner

logger = logging.getLogger(__name__)

THUMBNAIL_CACHE_BYTES = 8 * 1024 * 1024  # ~1,200 rows of 40 px artwork at 1x, ~300 at 2x
_ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
"""Decoded once at start-up: Qt loads its image plugins on the first decode (~11 ms of CPU
and, from a cold disk, tens of ms), which would otherwise stall the loop when the first
artwork arrives, in the middle of connecting and syncing."""


class ThumbnailCache(QObject):
    """LRU cache of scaled artwork keyed by ``previewUrl``, bounded in bytes.

    Signals:
        thumbnail_ready(str): artwork for this session id is now available.
    """

    thumbnail_ready = Signal(str)

    def __init__(
        self,
        client: Callable[[], SessionDockClient | None],
        tasks: TaskRunner,
        *,
        size: int = 40,
        max_bytes: int = THUMBNAIL_CACHE_BYTES,
        concurrency: int = 4,
        retry_delays: tuple[float, ...] = RETRY_DELAYS_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._tasks = tasks
        self._size = size
        self._limit = asyncio.Semaphore(concurrency)
        self._cache: ImageCache[str, QPixmap] = ImageCache(max_bytes)
        self._pending: set[str] = set()
        self.retry: RetryBook[str] = RetryBook(retry_delays)
        self._link = Link.CONNECTING
        self._running: set[asyncio.Task[None]] = set()
        self._closing = False
        decode_scaled(_ONE_PIXEL_PNG, QSize(1, 1))

    def pixmap_for(self, session: Session) -> QPixmap | None:
        url = session.preview_url
        if not url:
            return None
        pixmap = self._cache.get(url)
        if pixmap is not None:
            return pixmap
        if (
            url not in self._pending
            and self.retry.may_try(url, time.monotonic())
            and not self._closing
        ):
            self._pending.add(url)
            task = self._tasks.spawn(self._fetch(session.id, url), f"thumb:{session.id}")
            if task is not None:
                self._running.add(task)
                task.add_done_callback(self._running.discard)
        return None

    async def drain(self, seconds: float = 1.0) -> None:
        """Stop fetching and let downloads in flight finish (or time out).

        Cancelling a download while its connection is being set up leaks that socket (closed
        only by the GC, with a ResourceWarning), so shutdown lets them end instead.
        """
        self._closing = True
        if self._running:
            await asyncio.wait(set(self._running), timeout=seconds)

    def __len__(self) -> int:
        return len(self._cache)

    async def _fetch(self, session_id: str, url: str) -> None:
        try:
            client = self._client()
            if client is None:
                return
            async with self._limit:
                data = await client.download(url)
            side = round(self._size * self._ratio())
            # Scaled to the row's size while decoding; absurd dimensions are refused unread.
            image = decode_scaled(data, QSize(side, side))
            if image is None:
                self._note_failure(session_id, url, "not an image")
                return
            self.retry.succeeded(url)
            self._store(url, image)
            self.thumbnail_ready.emit(session_id)
        except SessionDockError as exc:
            self._note_failure(session_id, url, str(exc))
        finally:
            self._pending.discard(url)

    def _note_failure(self, session_id: str, url: str, reason: str) -> None:
        delay = self.retry.failed(url, time.monotonic())
        if delay is None:
            logger.info(
                "Artwork for %s unavailable, given up until reconnect: %s", session_id, reason
            )
            return
        logger.debug(
            "Artwork for %s unavailable (%s); retrying in %.0f s", session_id, reason, delay
        )
        # Repaint the row then: its paint asks again (nothing is sent before).
        asyncio.get_running_loop().call_later(delay, self._ask_again, session_id)

    def _ask_again(self, session_id: str) -> None:
        if not self._closing:
            self.thumbnail_ready.emit(session_id)

    @staticmethod
    def _ratio() -> float:
        screen = QGuiApplication.primaryScreen()
        return screen.devicePixelRatio() if screen is not None else 1.0

    def _store(self, url: str, image: QImage) -> None:
        ratio = self._ratio()
        side = round(self._size * ratio)
        scaled = image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self._cache.put(url, pixmap)

    def forget_failures(self) -> None:
        """Try failed artwork again (after a reconnect)."""
        self.retry.reset()

    def on_status(self, status: LauncherStatus) -> None:
        """The link changed: when it comes back, failed artwork is tried again."""
        back = status.link is Link.CONNECTED and self._link is not Link.CONNECTED
        self._link = status.link
        if back:
            self.forget_failures()
