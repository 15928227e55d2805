"""The one atomic write and the private-folder rules, on real (and deliberately broken) disks."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from tests.support.fs import IS_ROOT, foreign_dir, full_disk_dir, read_only_dir

from sessiondock_launcher.core.fsio import (
    NotARegularFileError,
    UnsafeDirError,
    atomic_write,
    ensure_private_dir,
    read_regular_file,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_write_is_0600_in_a_0700_folder_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "new" / "state.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]


def test_shared_write_is_0644(tmp_path: Path) -> None:
    target = tmp_path / "entry.desktop"
    atomic_write(target, b"[Desktop Entry]\n", private=False)
    assert _mode(target) == 0o644


def test_world_writable_folder_is_tightened(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    atomic_write(cache / "pv-1.wav", b"RIFF")
    assert _mode(cache) == 0o700
    assert _mode(cache / "pv-1.wav") == 0o600


def test_foreign_folder_is_refused(tmp_path: Path) -> None:
    planted = foreign_dir(tmp_path / "planted", 0o777)
    with pytest.raises(UnsafeDirError, match="another user"):
        ensure_private_dir(planted)
    with pytest.raises(UnsafeDirError):
        atomic_write(planted / "x", b"x")
    assert not (planted / "x").exists()


def test_symlink_instead_of_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(UnsafeDirError, match="not a folder"):
        ensure_private_dir(tmp_path / "link")


def test_read_only_folder_keeps_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "ro" / "state.json"
    atomic_write(target, b"old")
    with read_only_dir(target.parent), pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]


def test_full_disk_keeps_the_old_file_and_no_temp(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    with full_disk_dir(disk, {"state.json": b"old"}):
        target = disk / "state.json"
        with pytest.raises(OSError):
            atomic_write(target, b"new" * 100_000)
        assert target.read_bytes() == b"old"
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "state.json"]


def test_fifo_is_never_opened_for_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)
    result: list[BaseException] = []

    def read() -> None:
        try:
            read_regular_file(fifo)
        except OSError as exc:  # the outcome is what the test checks
            result.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(result[0], NotARegularFileError)


def test_read_is_bounded(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * 10_000)
    assert len(read_regular_file(big, 100)) == 100
    assert read_regular_file(big) == b"x" * 10_000


@pytest.mark.skipif(not IS_ROOT, reason="needs root to build the broken file systems")
def test_helpers_really_break_the_disk_for_root(tmp_path: Path) -> None:
    """The fixtures must not pass by accident: as root, writes into them really fail."""
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only_dir(folder), pytest.raises(OSError):
        (folder / "x").write_bytes(b"x")
