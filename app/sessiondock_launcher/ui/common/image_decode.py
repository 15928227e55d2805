"""Artwork decoding that a hostile image cannot blow up, and image caches bounded in bytes.

A 2 KB PNG can declare 30000 x 30000 pixels: decoded in full that is 3.6 GB. So the header is
read first (``QImageReader.size()`` decodes nothing), absurd dimensions are refused, and the image
is decoded scaled to the size it is shown at (``setScaledSize``), never larger. Decoded images are
kept in caches bounded by their bytes, not by a count of entries.

Decoding stays on the GUI thread: with the dimensions capped it costs milliseconds, and
QImageReader in a worker thread deadlocked here (its format probe takes Qt's connection mutex
while the GUI thread, holding the GIL, waited on it).
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from typing import Generic, TypeVar

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPixmap

__all__ = [
    "MAX_SIDE",
    "MAX_SOURCE_PIXELS",
    "ImageCache",
    "art_box",
    "decode_scaled",
]

logger = logging.getLogger(__name__)

# Real artwork is at most a few thousand pixels a side (album art: 3000 x 3000 = 9 MP).
MAX_SIDE = 12_000
MAX_SOURCE_PIXELS = 16_000_000  # 64 MB as ARGB32 while a format without scaled decoding decodes
# Qt refuses to allocate more than this for one image (its own default is 256 MB).
ALLOCATION_LIMIT_MB = 80

# The preview pane's artwork view in logical pixels: PANE_WIDTH x ART_HEIGHT (ui/preview_pane.py,
# ui/waveform_view.py; tests/ui/test_image_decode.py pins them).
ART_VIEW_SIZE = QSize(340, 150)

K = TypeVar("K")
Image = TypeVar("Image", QImage, QPixmap)


def decode_scaled(data: bytes, box: QSize, *, cover: bool = True) -> QImage | None:
    """Decode ``data`` no larger than needed to fill ``box`` (device pixels).

    Args:
        data: The downloaded file.
        box: The size the image is shown at, in device pixels.
        cover: Scale so the image covers ``box`` (cropped when painted); else fit inside it.

    Returns:
        The decoded image, at most about ``box`` in size (never upscaled), or ``None`` when
        ``data`` is not an image, its dimensions are unknown or absurd, or decoding fails.
        The caller shows its placeholder then.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    if not buffer.open(QIODevice.OpenModeFlag.ReadOnly):
        return None
    try:
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)
        QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
        size = reader.size()  # from the header: nothing is decoded yet
        if not size.isValid() or size.isEmpty():
            logger.info("Artwork refused: dimensions unknown (%s)", reader.errorString())
            return None
        width, height = size.width(), size.height()
        if max(width, height) > MAX_SIDE or width * height > MAX_SOURCE_PIXELS:
            logger.info("Artwork refused: %d x %d pixels is not artwork", width, height)
            return None
        target = scaled_size(size, box, cover=cover)
        if target != size:
            reader.setScaledSize(target)
        image = reader.read()
        if image.isNull():
            logger.info("Artwork not decoded: %s", reader.errorString())
            return None
        return image
    finally:
        buffer.close()


def art_box() -> QSize:
    """The preview pane's artwork size in device pixels of the primary screen."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    return QSize(
        math.ceil(ART_VIEW_SIZE.width() * ratio), math.ceil(ART_VIEW_SIZE.height() * ratio)
    )


def scaled_size(size: QSize, box: QSize, *, cover: bool) -> QSize:
    """``size`` scaled (keeping its aspect ratio) to cover or fit ``box``; never enlarged."""
    if box.isEmpty():
        return size
    sx, sy = box.width() / size.width(), box.height() / size.height()
    factor = max(sx, sy) if cover else min(sx, sy)
    if factor >= 1:
        return size
    return QSize(
        max(1, math.ceil(size.width() * factor)), max(1, math.ceil(size.height() * factor))
    )


def image_bytes(image: QImage | QPixmap) -> int:
    """Memory an image holds: 4 bytes per pixel for a pixmap (the backing store's format)."""
    if isinstance(image, QImage):
        return int(image.sizeInBytes())
    return image.width() * image.height() * 4


class ImageCache(Generic[K, Image]):
    """Least-recently-used images, at most ``max_bytes`` of decoded pixels in total.

    Args:
        max_bytes: The bound; the oldest images are dropped to stay under it. One image larger
            than the bound is not kept at all.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.total_bytes = 0
        self._items: OrderedDict[K, tuple[Image, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def get(self, key: K) -> Image | None:
        """The image for ``key`` (marked as just used), or ``None``."""
        item = self._items.get(key)
        if item is None:
            return None
        self._items.move_to_end(key)
        return item[0]

    def put(self, key: K, image: Image) -> None:
        """Keep ``image`` under ``key``, dropping the least recently used beyond the bound."""
        self.pop(key)
        size = image_bytes(image)
        if size > self.max_bytes:
            return
        self._items[key] = (image, size)
        self.total_bytes += size
        while self.total_bytes > self.max_bytes:
            _, (_, dropped) = self._items.popitem(last=False)
            self.total_bytes -= dropped

    def pop(self, key: K) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self.total_bytes -= item[1]
