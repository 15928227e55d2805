"""Artwork thumbnails for result rows: fetched on first paint, a few at a time, kept in memory.

Only rows that are painted ask for artwork, so scrolling 50 results fetches what is visible.
Failures are remembered (no retry storm) and never reach the user: a row keeps its placeholder.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap

from sessiondock_launcher.api import Session, SessionDockClient, SessionDockError
from sessiondock_launcher.ui.common.tasks import TaskRunner

logger = logging.getLogger(__name__)


class ThumbnailCache(QObject):
    """LRU cache of scaled artwork keyed by ``previewUrl``.

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
        max_items: int = 600,
        concurrency: int = 4,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._tasks = tasks
        self._size = size
        self._max_items = max_items
        self._limit = asyncio.Semaphore(concurrency)
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._pending: set[str] = set()
        self._failed: set[str] = set()
        self._running: set[asyncio.Task[None]] = set()
        self._closing = False

    def pixmap_for(self, session: Session) -> QPixmap | None:
        url = session.preview_url
        if not url:
            return None
        pixmap = self._cache.get(url)
        if pixmap is not None:
            self._cache.move_to_end(url)
            return pixmap
        if url not in self._pending and url not in self._failed and not self._closing:
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
            image = QImage.fromData(data)
            if image.isNull():
                logger.info("Artwork for %s is not an image", session_id)
                self._failed.add(url)
                return
            self._store(url, image)
            self.thumbnail_ready.emit(session_id)
        except SessionDockError as exc:
            logger.info("Artwork for %s unavailable: %s", session_id, exc)
            self._failed.add(url)
        finally:
            self._pending.discard(url)

    def _store(self, url: str, image: QImage) -> None:
        screen = QGuiApplication.primaryScreen()
        ratio = screen.devicePixelRatio() if screen is not None else 1.0
        side = round(self._size * ratio)
        scaled = image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self._cache[url] = pixmap
        while len(self._cache) > self._max_items:
            self._cache.popitem(last=False)

    def forget_failures(self) -> None:
        """Try failed artwork again (after a reconnect)."""
        self._failed.clear()
