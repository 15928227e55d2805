"""Deterministic preview assets: artwork PNG, a short WAV and its waveform peaks.

Everything is pure Python (``zlib``, ``struct``, ``array``) and derived from the session id, the
accent and the preview lane, so the same session always gets the same bytes. Results are cached
because a launcher asks for the same artwork again and again.
"""

from __future__ import annotations

import logging
import math
import random
import struct
import zlib
from array import array
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

__all__ = [
    "ARTWORK_SIZE",
    "AUDIO_SAMPLE_RATE",
    "artwork_png",
    "preview_wav",
    "waveform_peaks",
]

logger = logging.getLogger(__name__)

ARTWORK_SIZE = 256
AUDIO_SAMPLE_RATE = 22_050
AUDIO_SECONDS = 4.0

_ACCENT_COLOURS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "gradient": ((76, 29, 149), (236, 72, 153)),
    "sunset": ((249, 115, 22), (190, 24, 93)),
    "ocean": ((14, 116, 144), (30, 58, 138)),
    "forest": ((21, 128, 61), (20, 83, 45)),
    "neon": ((34, 211, 238), (217, 70, 239)),
    "mono": ((229, 231, 235), (55, 65, 81)),
    "violet": ((139, 92, 246), (49, 46, 129)),
    "ember": ((220, 38, 38), (120, 53, 15)),
}


def _seed(*parts: str) -> int:
    # zlib.crc32 is stable across runs (unlike hash()).
    return zlib.crc32("\x1f".join(parts).encode("utf-8"))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def _encode_png(width: int, height: int, rows: list[bytes]) -> bytes:
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 per row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(raw, 6))
        + _png_chunk(b"IEND", b"")
    )


def _mix(a: Sequence[int], b: Sequence[int], t: float) -> bytes:
    return bytes(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


@lru_cache(maxsize=512)
def artwork_png(session_id: str, accent: str = "gradient", size: int = ARTWORK_SIZE) -> bytes:
    """Return a ``size`` x ``size`` PNG: an accent gradient with a disc and a stripe.

    Rows are built with bytes arithmetic (one colour per row plus two spans), so a 256 px image
    takes about a millisecond.
    """
    top, bottom = _ACCENT_COLOURS.get(accent, _ACCENT_COLOURS["gradient"])
    rng = random.Random(_seed(session_id, accent))
    cx, cy = rng.uniform(0.25, 0.75) * size, rng.uniform(0.25, 0.75) * size
    radius = rng.uniform(0.15, 0.32) * size
    disc = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    stripe_y, stripe_h = int(rng.uniform(0.1, 0.8) * size), max(2, size // 16)
    rows: list[bytes] = []
    for y in range(size):
        colour = _mix(top, bottom, y / max(1, size - 1))
        row = bytearray(colour * size)
        if stripe_y <= y < stripe_y + stripe_h:
            row[:] = _mix(top, (255, 255, 255), 0.35) * size
        dy = y + 0.5 - cy
        if abs(dy) < radius:
            half = math.sqrt(radius * radius - dy * dy)
            x0, x1 = max(0, int(cx - half)), min(size, int(cx + half))
            row[x0 * 3 : x1 * 3] = _mix(disc, colour, 0.25) * (x1 - x0)
        rows.append(bytes(row))
    return _encode_png(size, size, rows)


@lru_cache(maxsize=64)
def _samples(session_id: str, variant_id: str) -> array[int]:
    """Synthesise a short drum-and-pad loop as signed 16-bit mono samples."""
    rng = random.Random(_seed(session_id, variant_id))
    rate = AUDIO_SAMPLE_RATE
    bpm = rng.choice((84, 96, 110, 122, 128, 140, 174))
    beat = int(rate * 60 / bpm)
    # One beat of kick + off-beat hat, computed once and tiled.
    kick_freq = rng.uniform(45, 70)
    noise = random.Random(_seed(session_id, "noise"))
    one_beat = [
        math.sin(2 * math.pi * kick_freq * (i / rate)) * math.exp(-(i / rate) * 9.0)
        + (
            noise.uniform(-0.25, 0.25) * math.exp(-((i - beat // 2) / rate) * 60.0)
            if i >= beat // 2
            else 0.0
        )
        for i in range(beat)
    ]
    total = int(rate * AUDIO_SECONDS)
    chord = [rng.choice((110.0, 130.81, 146.83, 164.81, 196.0, 220.0)) for _ in range(3)]
    step = [2 * math.pi * f / rate for f in chord]
    # Section gains per beat make the waveform interesting: intro, build, drop.
    beats = total // beat + 1
    gains = [0.35 + 0.65 * min(1.0, (b / beats) * rng.uniform(1.2, 2.0)) for b in range(beats)]
    out = array("h")
    out.extend(
        int(
            max(
                -1.0,
                min(
                    1.0,
                    0.7 * gains[i // beat] * one_beat[i % beat]
                    + 0.12 * sum(math.sin(s * i) for s in step),
                ),
            )
            * 32_000
        )
        for i in range(total)
    )
    return out


@lru_cache(maxsize=64)
def preview_wav(session_id: str, variant_id: str = "preview_main") -> bytes:
    """Return a deterministic 4 s mono 22.05 kHz 16-bit PCM WAV for a session preview lane."""
    samples = _samples(session_id, variant_id)
    data = samples.tobytes() if struct.pack("=h", 1) == struct.pack("<h", 1) else _swapped(samples)
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + len(data),
        b"WAVE",
        b"fmt ",
        16,
        1,  # PCM
        1,  # mono
        AUDIO_SAMPLE_RATE,
        AUDIO_SAMPLE_RATE * 2,
        2,
        16,
        b"data",
        len(data),
    )
    return header + data


def _swapped(samples: array[int]) -> bytes:
    copy = array("h", samples)
    copy.byteswap()
    return copy.tobytes()


def waveform_peaks(
    session_id: str, variant_id: str = "preview_main", resolution: int = 200
) -> dict[str, Any]:
    """Peaks of the preview WAV: ``resolution`` magnitudes in 0..1, evenly spread over the audio.

    Returns:
        ``{"sessionId", "variantId", "duration", "sampleRate", "resolution", "peaks"}``.
    """
    samples = _samples(session_id, variant_id)
    resolution = max(1, min(resolution, len(samples)))
    bucket = len(samples) / resolution
    peaks = []
    for n in range(resolution):
        chunk = samples[int(n * bucket) : int((n + 1) * bucket)]
        loudest = max(chunk, default=0)
        peaks.append(max(loudest, -min(chunk, default=0)))
    top = max(peaks, default=0) or 1
    return {
        "sessionId": session_id,
        "variantId": variant_id,
        "duration": round(len(samples) / AUDIO_SAMPLE_RATE, 3),
        "sampleRate": AUDIO_SAMPLE_RATE,
        "resolution": resolution,
        "peaks": [round(p / top, 4) for p in peaks],
    }
