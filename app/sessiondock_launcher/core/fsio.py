"""File-system helpers every store shares: one atomic write, private folders, safe reads (Qt-free).

* :func:`atomic_write` writes a temporary file in the target's folder, fsyncs it and
  ``os.replace``-s it over the target, so a crash or a full disk leaves the old file whole.
  Private files (settings, token, history) are created 0600 from the first byte.
* :func:`ensure_private_dir` creates a folder 0700 and tightens one that is group- or
  world-writable; :func:`check_private_dir` refuses a folder another user owns.
* :func:`read_regular_file` never opens a FIFO, a device or a socket (opening a FIFO for reading
  blocks until a writer appears: a start-up that hangs forever).
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

__all__ = [
    "NotARegularFileError",
    "UnsafeDirError",
    "atomic_write",
    "check_private_dir",
    "ensure_private_dir",
    "read_regular_file",
]

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
SHARED_FILE_MODE = 0o644
_POSIX = sys.platform != "win32"


class UnsafeDirError(OSError):
    """A folder that must be private is not: another user owns it, or it is not a folder."""


class NotARegularFileError(OSError):
    """A path that should hold a plain file holds a FIFO, a device, a socket or a folder."""


def atomic_write(path: Path, data: bytes, *, private: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, fsync, ``os.replace``).

    Args:
        path: The target; its folder is created if missing (0700 when ``private``).
        data: The new content.
        private: Create the file 0600 (only the user may read it). Otherwise the file gets the
            ordinary 0644 (e.g. an autostart entry other tools read).

    Raises:
        OSError: The folder cannot be created or written (read-only, full disk, permissions).
            The target is unchanged and no temporary file is left behind.
    """
    if private:
        ensure_private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if _POSIX and not private:
                # mkstemp creates 0600; a shared file (an autostart entry) is world-readable.
                os.fchmod(handle.fileno(), SHARED_FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def ensure_private_dir(directory: Path) -> None:
    """Create ``directory`` (and missing parents) so only this user may write into it.

    A folder of this user that is group- or world-writable (e.g. a cache folder left 0777)
    is tightened to 0700.

    Raises:
        UnsafeDirError: It exists but is not a folder, or another user owns it.
        OSError: It cannot be created (read-only or full disk, permissions).
    """
    directory.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    check_private_dir(directory, tighten=True)


def check_private_dir(directory: Path, *, tighten: bool = False) -> None:
    """Refuse a folder another user owns or could plant files in.

    Args:
        directory: An existing folder.
        tighten: Make a group- or world-writable folder of this user 0700 instead of refusing it.

    Raises:
        UnsafeDirError: Not a folder (a symlink counts as not a folder), owned by another
            user, or writable by others and not ``tighten``.
    """
    if not _POSIX:
        return
    info = directory.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeDirError(f"{directory} is not a folder")
    if info.st_uid != os.getuid():
        raise UnsafeDirError(f"{directory} belongs to another user (uid {info.st_uid})")
    if info.st_mode & 0o022:
        if not tighten:
            raise UnsafeDirError(
                f"{directory} is writable by other users (mode {stat.S_IMODE(info.st_mode):o})"
            )
        directory.chmod(PRIVATE_DIR_MODE)


def read_regular_file(path: Path, max_bytes: int | None = None) -> bytes:
    """The content of ``path``, refusing anything that is not a regular file.

    The file is opened non-blocking and checked with ``fstat`` on the open descriptor, so a
    FIFO (which would block ``open`` until a writer appears) or a device is never read.

    Raises:
        FileNotFoundError: Nothing is there.
        NotARegularFileError: A FIFO, socket, device or folder is there.
        OSError: It cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFileError(f"{path} is not a regular file")
        limit = info.st_size if max_bytes is None else min(info.st_size, max_bytes)
        chunks: list[bytes] = []
        remaining = limit
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
