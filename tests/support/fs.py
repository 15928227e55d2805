"""Broken file systems in a temp dir: read-only, full, owned by another user.

CI runs as root, where ``chmod 0o555`` stops nobody (root bypasses permission bits). So, as root,
a read-only folder is a read-only bind mount and a full disk is a tiny tmpfs; as a normal user,
a read-only folder is ``chmod 0o555`` and the root-only cases skip (CI always runs them).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY_UID = 65534


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=10)


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True, timeout=10)


@contextlib.contextmanager
def read_only_dir(path: Path) -> Iterator[Path]:
    """Make the existing folder ``path`` read-only (for root too) while the block runs."""
    if IS_ROOT:
        _mount("--bind", str(path), str(path))
        try:
            _mount("-o", "remount,bind,ro", str(path))
            yield path
        finally:
            _umount(path)
        return
    mode = path.stat().st_mode
    path.chmod(0o555)
    try:
        yield path
    finally:
        path.chmod(mode)


@contextlib.contextmanager
def full_disk_dir(
    path: Path, files: dict[str, bytes] | None = None, size_kib: int = 16
) -> Iterator[Path]:
    """Mount a tiny tmpfs at ``path``, write ``files``, then fill it: every write is ENOSPC.

    Root only (as on CI): a normal user cannot mount.
    """
    if not IS_ROOT:
        pytest.skip("a full file system needs a tmpfs mount (root, as on CI)")
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(path))
    try:
        for name, data in (files or {}).items():
            (path / name).write_bytes(data)
        filler = path / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        yield path
    finally:
        _umount(path)


def foreign_dir(path: Path, mode: int = 0o755) -> Path:
    """A folder at ``path`` owned by another user (``nobody``); root only, as on CI."""
    if not IS_ROOT:
        pytest.skip("creating a folder owned by another user needs root (as on CI)")
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, NOBODY_UID, NOBODY_UID)
    path.chmod(mode)
    return path
