"""Preview audio on disk: a size-capped cache, and waveform peaks computed from a WAV.

The cache means a preview is downloaded once and then played from a local file.

QMediaPlayer cannot send our bearer header, so audio is fetched by the API client and played from
a file here. File names are a hash of the URL plus an extension picked from a fixed list by MIME
type: nothing the server sends ever becomes part of a path (no traversal, no odd characters).
When the cache grows past its cap, the least recently used files (by mtime, refreshed on every
hit) are removed first.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import sys
import threading
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

from sessiondock_launcher.core.fsio import atomic_write

__all__ = ["DEFAULT_MAX_BYTES", "AudioCache", "CacheEntry", "extension_for", "peaks_from_wav"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
_PREFIX = "pv-"
_TMP_PREFIX = ".pv-"  # atomic_write names its temporary file ".<name>.*.tmp"
MAX_SAMPLES_SCANNED = 600_000
_EXTENSIONS: dict[str, str] = {
    "audio/wav": ".wav",
    "audio/wave": ".wav",
    "audio/x-wav": ".wav",
    "audio/vnd.wave": ".wav",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/aac": ".aac",
    "audio/flac": ".flac",
    "audio/x-flac": ".flac",
    "audio/ogg": ".ogg",
    "audio/opus": ".opus",
    "audio/webm": ".webm",
    "audio/aiff": ".aiff",
    "audio/x-aiff": ".aiff",
}


def extension_for(mime: str) -> str:
    """A safe file extension for ``mime`` (``.audio`` when the type is unknown)."""
    base = mime.split(";", 1)[0].strip().casefold()
    return _EXTENSIONS.get(base, ".audio")


@dataclass(frozen=True, slots=True)
class CacheEntry:
    path: Path
    size: int
    mtime: float


class AudioCache:
    """Preview audio files under ``directory``, at most ``max_bytes`` in total.

    Thread-safe: the launcher may write from an executor while the UI thread reads.

    Args:
        directory: Where the files live (created on first write).
        max_bytes: Size cap; older files are evicted after each write to stay under it.
    """

    def __init__(self, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.directory = directory
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def path_for(self, url: str, mime: str = "") -> Path:
        """Where the audio of ``url`` is (or would be) stored."""
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
        return self.directory / f"{_PREFIX}{digest}{extension_for(mime)}"

    def get(self, url: str, mime: str = "") -> Path | None:
        """The cached file of ``url``, marked as just used; ``None`` when it is not cached."""
        path = self.path_for(url, mime)
        with self._lock:
            try:
                os.utime(path)
            except FileNotFoundError:
                return None
            except OSError as exc:  # unreadable or read-only cache: treat as a miss
                logger.info("Audio cache entry %s unusable: %s", path.name, exc)
                return None
        return path

    def put(self, url: str, data: bytes, mime: str = "") -> Path:
        """Store ``data`` for ``url`` atomically, evict old entries, return the file.

        Raises:
            OSError: The cache directory cannot be written (full disk, permissions).
        """
        path = self.path_for(url, mime)
        with self._lock:
            atomic_write(path, data)  # 0600 in a 0700 folder (a 0777 one is tightened)
            self._evict(keep=path)
        return path

    def entries(self) -> list[CacheEntry]:
        """Cached files, least recently used first."""
        found: list[CacheEntry] = []
        try:
            with os.scandir(self.directory) as it:
                for item in it:
                    if not item.name.startswith(_PREFIX) or not item.is_file():
                        continue
                    try:
                        stat = item.stat()
                    except OSError:
                        continue
                    found.append(CacheEntry(Path(item.path), stat.st_size, stat.st_mtime))
        except FileNotFoundError:
            return []
        found.sort(key=lambda e: (e.mtime, e.path.name))
        return found

    def total_bytes(self) -> int:
        return sum(e.size for e in self.entries())

    def clear(self) -> None:
        with self._lock:
            for entry in self.entries():
                entry.path.unlink(missing_ok=True)

    def _evict(self, keep: Path) -> None:
        entries = self.entries()
        total = sum(e.size for e in entries)
        for entry in entries:
            if total <= self.max_bytes:
                break
            if entry.path == keep:  # the file about to be played stays, even if alone too big
                continue
            try:
                entry.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                logger.info("Could not evict %s: %s", entry.path.name, exc)
                continue
            total -= entry.size
        self._remove_stale_temp_files()

    def _remove_stale_temp_files(self) -> None:
        # A crash between mkstemp and replace leaves a temp file; they are never read.
        try:
            with os.scandir(self.directory) as it:
                stale = [Path(i.path) for i in it if i.name.startswith(_TMP_PREFIX)]
        except OSError:
            return
        for path in stale:
            path.unlink(missing_ok=True)


def peaks_from_wav(data: bytes, buckets: int = 200) -> tuple[list[float], float] | None:
    """Magnitudes in 0..1 for ``buckets`` slices of a PCM WAV, and its duration in seconds.

    Long files are scanned with a stride (at most ~600k samples), which keeps this within a few
    tens of milliseconds. Returns ``None`` for anything that is not 8/16/32-bit PCM WAV.
    """
    try:
        with wave.open(io.BytesIO(data)) as wav:
            width, rate, frames = wav.getsampwidth(), wav.getframerate(), wav.getnframes()
            raw = wav.readframes(frames)
    except (wave.Error, EOFError, ValueError) as exc:
        logger.info("Preview audio is not a readable WAV: %s", exc)
        return None
    codes = {1: "B", 2: "h", 4: "i"}
    if width not in codes or rate <= 0 or not raw:
        return None
    samples = array(codes[width])
    samples.frombytes(raw[: len(raw) - len(raw) % width])
    if sys.byteorder == "big" and width > 1:
        samples.byteswap()
    centre, full = (128, 128.0) if width == 1 else (0, float(2 ** (8 * width - 1)))
    stride = max(1, math.ceil(len(samples) / MAX_SAMPLES_SCANNED))
    scanned = samples[::stride]
    size = len(scanned) / max(1, buckets)
    peaks: list[float] = []
    for n in range(max(1, buckets)):
        chunk = scanned[int(n * size) : max(int((n + 1) * size), int(n * size) + 1)]
        if not chunk:
            peaks.append(0.0)
            continue
        peaks.append(max(max(chunk) - centre, centre - min(chunk)) / full)
    top = max(peaks, default=0.0) or 1.0
    return [min(1.0, p / top) for p in peaks], frames / rate
