"""PNG files for image tests, written by hand: a hostile one (tiny file, huge dimensions)."""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


@lru_cache(maxsize=8)
def png(width: int, height: int, rgba: tuple[int, int, int, int] = (40, 120, 220, 255)) -> bytes:
    """A valid ``width`` x ``height`` RGBA PNG of one colour (so it compresses ~1000:1)."""
    row = b"\x00" + bytes(rgba) * width  # filter type 0
    packer = zlib.compressobj(9)
    parts = [packer.compress(row) for _ in range(height)]
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def hostile_png() -> bytes:
    """~200 KB on the wire, 7000 x 7000 pixels: 196 MB once decoded (just under Qt's own limit)."""
    return png(7000, 7000)
