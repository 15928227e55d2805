"""The built search index kept on disk beside the database, so a start or ``--query`` loads it
in a few hundred milliseconds at 100k sessions instead of rebuilding it (~10 s).

The file (``library.index`` beside ``library.sqlite3``, the demo's ``library-demo.index``
beside its own database) is derived data: it pairs with exactly one database file, so it lives in
the same folder (``--query`` finds it from the database path alone, and resetting the library by
removing the data folder removes it too). It is used only when it matches the store exactly: the
header records the database's random ``uid`` and its content ``version`` (bumped by triggers on
every change to ``sessions``, ``schema.py``) read in the same read transaction as the rows it was
built from, and a keyed checksum (HMAC-SHA256 with the database's ``key``) covers the header and
every byte after it. Lengths are checked against the file size before anything is allocated.
Anything else (another version, damage, a foreign file) → the file is ignored, a damaged one
deleted (it is a cache), and the index is built from the store as before, then written again.

Writes are atomic (a temporary file in the same folder, fsync, ``os.replace``) and streamed (no
second copy of the file in memory); reads and writes run on the store's worker thread, and make
no garbage-collected object per session or key: a collection triggered from the worker holds the
GIL over the whole heap (at 50k sessions it made a keystroke wait 120 ms instead of 45).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import sqlite3
import stat
import struct
import sys
import tempfile
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sessiondock_launcher import __version__
from sessiondock_launcher.core.fsio import ensure_private_dir
from sessiondock_launcher.core.library import FIELD_SEPARATOR, NOTES_SEARCH_CHARS, LibrarySnapshot
from sessiondock_launcher.core.snapshot_codec import (
    SnapshotFormatError,
    decode_snapshot,
    encode_snapshot,
)

__all__ = [
    "FORMAT_VERSION",
    "INDEX_SUFFIX",
    "LibraryVersion",
    "index_path",
    "library_version",
    "load_index",
    "load_index_behind",
    "save_index",
]

logger = logging.getLogger(__name__)

INDEX_SUFFIX = ".index"
MAGIC = b"SDLINDEX"
FORMAT_VERSION = 2
"""Bump when the layout or what a column holds changes (folding, the haystack's fields)."""
HEADER = struct.Struct("<8sI16s16sQIQ32s")
"""magic, format, build, uid, content version, sessions, payload bytes, checksum."""
_SIGNED = struct.Struct("<8sI16s16sQI")
"""The header's fields the checksum covers (all but the payload size and the checksum)."""
_MIN_SESSION_BYTES = 28
"""Bytes every session takes at least (two string lengths, two ends, last opened, facet)."""
_BURST_S = 0.001
_REST_S = 0.002
"""The write works in bursts of ``_BURST_S`` and rests ``_REST_S`` in between: a worker that
wants the GIL all the time gets it every switch interval (5 ms), which doubled the time of a
keystroke (45 -> 83-120 ms at 50k sessions, a reliability test); resting, it takes ~1/3 of it
when the loop is busy (writing 100k takes ~0.6 s instead of ~0.2 s; nobody waits for it)."""


def _build_tag() -> bytes:
    """What the column contents depend on besides the store: this code and this machine."""
    parts = (
        FORMAT_VERSION,
        __version__,
        sys.byteorder,
        array("i").itemsize,
        array("I").itemsize,
        NOTES_SEARCH_CHARS,
        FIELD_SEPARATOR,
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()


BUILD = _build_tag()


@dataclass(frozen=True, slots=True)
class LibraryVersion:
    """Which database, and which state of its sessions (``schema.py``'s ``library_version``)."""

    uid: bytes
    key: bytes
    version: int


class IndexMismatch(Exception):
    """A sound file for another database, state or build: ignored, replaced by the next write."""


def index_path(store_path: Path) -> Path:
    """The index file of the database at ``store_path``."""
    return store_path.with_suffix(INDEX_SUFFIX)


def library_version(conn: sqlite3.Connection) -> LibraryVersion | None:
    """The store's identity and content version (``None``: a schema before v3, read-only)."""
    try:
        row = conn.execute(
            "SELECT uid, key, version FROM library_version WHERE slot = 0"
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    if row is None or not isinstance(row[0], bytes) or not isinstance(row[1], bytes):
        return None
    return LibraryVersion(uid=row[0], key=row[1], version=int(row[2]))


def _signed_header(version: LibraryVersion, sessions: int) -> bytes:
    return _SIGNED.pack(MAGIC, FORMAT_VERSION, BUILD, version.uid[:16], version.version, sessions)


# -- writing ---------------------------------------------------------------------------------
def save_index(
    store_path: Path, snapshot: LibrarySnapshot, version: LibraryVersion, *, background: bool = True
) -> Path:
    """Write ``snapshot`` (built from the store at ``version``) atomically; returns its path.

    ``background``: beside an event loop (rests between bursts, see ``_REST_S``).

    Raises:
        OSError: It could not be written; any previous file is unchanged.
    """
    path = index_path(store_path)
    ensure_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            signed = _signed_header(version, len(snapshot))
            mac = hmac.new(version.key, signed, hashlib.sha256)
            handle.write(bytes(HEADER.size))
            size = 0
            burst = time.perf_counter()

            def write(data: bytes | bytearray | memoryview | array[int] | array[float]) -> None:
                nonlocal size
                size += handle.write(data)  # (no object per call: see the module docstring)
                mac.update(data)

            def rest() -> None:
                nonlocal burst
                if time.perf_counter() - burst >= _BURST_S:
                    time.sleep(_REST_S)  # a background write gives way to a busy event loop
                    burst = time.perf_counter()

            encode_snapshot(snapshot, write, pause=rest if background else _no_pause)
            handle.seek(0)
            handle.write(HEADER.pack(*_SIGNED.unpack(signed), size, mac.digest()))
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


# -- reading ---------------------------------------------------------------------------------
def load_index(
    store_path: Path, version: LibraryVersion, *, worker: bool = False
) -> LibrarySnapshot | None:
    """The index of the store at ``version``, or ``None`` when there is no usable file.

    Never raises for a bad file: a damaged or foreign one is logged and deleted, one for another
    state of the library is left for the next write to replace. ``worker``: on a thread beside
    an event loop, pause between chunks so the loop gets the GIL (costs wall time on a busy box).
    """
    found = load_index_behind(store_path, version, worker=worker, behind=False)
    return found[0] if found is not None else None


def load_index_behind(
    store_path: Path, version: LibraryVersion, *, worker: bool = False, behind: bool = True
) -> tuple[LibrarySnapshot, int] | None:
    """Like :func:`load_index`, but also a file written at an earlier ``version`` of the same
    library (``behind``): returns it with the version it was built at, for the caller to bring
    up to date with the sessions changed since (``index_catchup.py``)."""
    path = index_path(store_path)
    try:
        return _read(path, version, _pause if worker else _no_pause, behind=behind)
    except FileNotFoundError:
        return None
    except IndexMismatch as exc:
        logger.info("Index file %s is not for this library's state (%s): rebuilding", path, exc)
        return None
    except (OSError, SnapshotFormatError, MemoryError) as exc:
        logger.warning("Index file %s is unusable (%s): deleted, rebuilding", path, exc)
        with contextlib.suppress(OSError):
            path.unlink()
        return None


def _read(
    path: Path, version: LibraryVersion, pause: Callable[[], None], *, behind: bool
) -> tuple[LibrarySnapshot, int]:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)  # non-blocking: a FIFO planted here never hangs the start
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SnapshotFormatError("not a regular file")
        header = _read_fully(handle, HEADER.size)
        if len(header) != HEADER.size:
            raise SnapshotFormatError("shorter than a header")
        magic, fmt, build, uid, content, sessions, size, digest = HEADER.unpack(header)
        if magic != MAGIC:
            raise SnapshotFormatError("not an index file")
        if (fmt, build) != (FORMAT_VERSION, BUILD):
            raise IndexMismatch("written by another version of the launcher")
        if uid != version.uid[:16]:
            raise IndexMismatch("written for another library")
        if content > version.version or (content != version.version and not behind):
            raise IndexMismatch(f"library state {content}, the store is at {version.version}")
        if size != info.st_size - HEADER.size:
            raise SnapshotFormatError(f"{size} bytes announced, {info.st_size} in the file")
        if sessions * _MIN_SESSION_BYTES > size:
            raise SnapshotFormatError(f"{sessions} sessions cannot fit in {size} bytes")
        mac = hmac.new(version.key, header[: _SIGNED.size], hashlib.sha256)

        def read(count: int) -> bytes:
            data = _read_fully(handle, count)
            mac.update(data)  # (without the GIL for all but small parts)
            return data

        # Section by section, each checked against what is left of the file before it is read:
        # no copy of the whole file in memory, no zero-filled buffer to hold the GIL over.
        snapshot = decode_snapshot(read, size, sessions, pause=pause)
    if not hmac.compare_digest(mac.digest(), digest):
        raise SnapshotFormatError("checksum mismatch")
    return snapshot, content


def _read_fully(handle: BinaryIO, count: int) -> bytes:
    data = handle.read(count)
    if len(data) == count or not data:
        return data
    parts = [data]  # a short read before the end (rare): go on until the end of the file
    got = len(data)
    while got < count and (more := handle.read(count - got)):
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def _pause() -> None:
    """Between chunks on the worker thread: hand the GIL to the event loop if it waits."""
    time.sleep(0)


def _no_pause() -> None:
    pass
