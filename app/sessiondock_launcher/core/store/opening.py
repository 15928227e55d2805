"""Opening the library store, and what happens when the file is broken.

A database that cannot be used (not a regular file, unreadable or read-only, not SQLite, corrupt,
written by a newer launcher) is renamed aside, never deleted, next to where it was
(``library.sqlite3.broken-20261205T031500Z``) with its ``-wal``/``-shm`` files; a fresh store
is created in its place and the library is rebuilt by the next sync. The :class:`OpenReport` says
what happened so the UI can tell the user. A path that is not a regular file is never opened, so a
FIFO or a device cannot hang start-up. Files are created private (0600) in a private (0700) dir.
"""

from __future__ import annotations

import enum
import logging
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sessiondock_launcher.core.store.schema import CURRENT_VERSION, SchemaTooNew, migrate
from sessiondock_launcher.core.store.store import LibraryStore, connect
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

__all__ = ["STORE_FILENAME", "OpenOutcome", "OpenReport", "connect", "open_store"]

logger = logging.getLogger(__name__)

STORE_FILENAME = "library.sqlite3"
DEMO_STORE_FILENAME = "library-demo.sqlite3"
"""``--demo``'s generated library: kept apart, so it never shows up offline as the user's own."""
"""The file name under the platform data dir."""

_HEADER = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")


class OpenOutcome(enum.Enum):
    OPENED = "opened"
    """An existing store at the current schema."""
    CREATED = "created"
    """No store yet: a new, empty one."""
    MIGRATED = "migrated"
    """An existing store, upgraded to the current schema."""
    RECOVERED = "recovered"
    """The file was unusable: kept aside, and a new, empty store created."""
    IN_MEMORY = "in_memory"
    """Nothing could be written at the path: a store in memory (lost on quit)."""


@dataclass(frozen=True, slots=True)
class OpenReport:
    """What :func:`open_store` did.

    Attributes:
        outcome: See :class:`OpenOutcome`.
        path: The database path asked for.
        problem: Why the file was unusable (empty when it was fine).
        moved_to: Where the unusable file now is, or ``None``.
        from_version: Schema version found (0: new file).
    """

    outcome: OpenOutcome
    path: Path
    problem: str = ""
    moved_to: Path | None = None
    from_version: int = 0

    @property
    def needs_attention(self) -> bool:
        """True when the user should be told (the stored library was lost or is not kept)."""
        return self.outcome in (OpenOutcome.RECOVERED, OpenOutcome.IN_MEMORY)

    @property
    def message(self) -> str:
        """One sentence for the user (empty when there is nothing to say)."""
        if self.outcome is OpenOutcome.RECOVERED:
            kept = (
                QT_TRANSLATE_NOOP("Messages", " It was kept as {path}.").format(path=self.moved_to)
                if self.moved_to
                else ""
            )
            return QT_TRANSLATE_NOOP(
                "Messages",
                "The stored library could not be used ({problem}).{kept} "
                "It is being rebuilt from SessionDock.",
            ).format(problem=self.problem, kept=kept)
        if self.outcome is OpenOutcome.IN_MEMORY:
            return QT_TRANSLATE_NOOP(
                "Messages",
                "The library cannot be stored at {path} ({problem}); "
                "it will be synced again on the next start.",
            ).format(path=self.path, problem=self.problem)
        return ""


class _Unusable(Exception):
    """The file at the path cannot be used as the store; the message says why."""


class _InUse(Exception):
    """The file is fine but cannot be used right now (locked by another process, disk full)."""


_TRANSIENT = {
    sqlite3.SQLITE_BUSY: "in use by another process (is another launcher running?)",
    sqlite3.SQLITE_LOCKED: "in use by another process (is another launcher running?)",
    sqlite3.SQLITE_FULL: "the disk is full",
}


def _is_busy(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _TRANSIENT


def _in_use(exc: sqlite3.Error) -> _InUse:
    return _InUse(_TRANSIENT[getattr(exc, "sqlite_errorcode", 0) & 0xFF])


def open_store(
    path: Path, *, clock: Callable[[], float] = time.time
) -> tuple[LibraryStore, OpenReport]:
    """Open (or create) the store at ``path``; never raises for a bad file, never hangs.

    Args:
        path: The database file (the app passes ``data_dir / STORE_FILENAME``).
        clock: Wall-clock seconds (names the file kept aside).
    """
    try:
        _private_dir(path.parent)
    except OSError as exc:
        return _in_memory(path, f"cannot create {path.parent}: {exc.strerror or exc}")
    problem = ""
    moved_to: Path | None = None
    try:
        conn, found = _open_existing(path)
    except FileNotFoundError:
        pass
    except _InUse as exc:
        return _in_memory(path, str(exc))
    except _Unusable as exc:
        problem = str(exc)
    else:
        outcome = OpenOutcome.OPENED if found == CURRENT_VERSION else OpenOutcome.MIGRATED
        return LibraryStore(conn, path), OpenReport(outcome, path, from_version=found)
    if problem:
        logger.warning("Library store %s is unusable: %s", path, problem)
        try:
            moved_to = _move_aside(path, clock())
        except OSError as exc:
            return _in_memory(path, f"{problem}; could not move it aside: {exc.strerror or exc}")
        logger.warning("Kept the unusable library store as %s", moved_to)
    try:
        conn = _create(path)
    except (OSError, sqlite3.Error) as exc:
        return _in_memory(path, problem or str(exc))
    outcome = OpenOutcome.RECOVERED if problem else OpenOutcome.CREATED
    return LibraryStore(conn, path), OpenReport(outcome, path, problem, moved_to)


def _open_existing(path: Path) -> tuple[sqlite3.Connection, int]:
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise _Unusable("a broken symbolic link") from None
        raise
    except OSError as exc:
        raise _Unusable(f"cannot be read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise _Unusable("not a regular file")
    if not os.access(path, os.R_OK | os.W_OK):
        raise _Unusable("not readable and writable")
    _check_header(path, info.st_size)
    try:
        conn = connect(path)
    except sqlite3.Error as exc:
        raise (_in_use(exc) if _is_busy(exc) else _Unusable(f"damaged: {exc}")) from exc
    try:
        found = migrate(conn)
        _check(conn)
    except SchemaTooNew as exc:
        conn.close()
        raise _Unusable(f"written by a newer version of the launcher ({exc})") from exc
    except sqlite3.Error as exc:
        conn.close()
        raise (_in_use(exc) if _is_busy(exc) else _Unusable(f"damaged: {exc}")) from exc
    _private_files(path)
    return conn, found


def _check_header(path: Path, size: int) -> None:
    if size == 0:
        return  # SQLite treats an empty file as an empty database
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_HEADER))
    except OSError as exc:
        raise _Unusable(f"cannot be read: {exc.strerror or exc}") from exc
    if header != _HEADER:
        raise _Unusable("not a SQLite database")


def _check(conn: sqlite3.Connection) -> None:
    """Raise ``sqlite3.DatabaseError`` unless every page reads back and writing works."""
    row = conn.execute("PRAGMA quick_check(1)").fetchone()
    if row is None or row[0] != "ok":
        raise sqlite3.DatabaseError(f"integrity check: {row[0] if row else 'no answer'}")
    conn.execute("BEGIN IMMEDIATE")  # a read-only file or directory fails here, not mid-sync
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('opened_at', ?)", (time.time(),))
    conn.execute("COMMIT")


def _create(path: Path) -> sqlite3.Connection:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    conn = connect(path)
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    _private_files(path)
    return conn


def _in_memory(path: Path, problem: str) -> tuple[LibraryStore, OpenReport]:
    logger.warning("Keeping the library in memory only: %s", problem)
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    migrate(conn)
    return LibraryStore(conn, None), OpenReport(OpenOutcome.IN_MEMORY, path, problem)


def _move_aside(path: Path, now: float) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    target = path.with_name(f"{path.name}.broken-{stamp}")
    serial = 1
    while target.exists() or target.is_symlink():
        target = path.with_name(f"{path.name}.broken-{stamp}-{serial}")
        serial += 1
    path.rename(target)
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists() or companion.is_symlink():
            companion.rename(target.with_name(target.name + suffix))
    return target


def _private_dir(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "nt":  # the per-user profile dir is already private; chmod has no say there
        return
    info = directory.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        directory.chmod(0o700)


def _private_files(path: Path) -> None:
    if os.name == "nt":
        return
    for name in (path.name, *(path.name + s for s in _COMPANIONS)):
        candidate = path.with_name(name)
        try:
            info = candidate.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
            candidate.chmod(0o600)
