"""The heap trim after the library's big jobs (ui/common/heap.py): once per burst, off the GUI
thread, a no-op where the C library is not glibc, and with the real glibc it gives memory back."""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import pytest

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common import heap
from sessiondock_launcher.ui.common.heap import HeapTrim, glibc, limit_arenas, rss_mb

on_glibc = pytest.mark.skipif(glibc() is None, reason="glibc's malloc_trim (Linux)")


class RecordingLibc:
    """glibc's two calls as documented: ``malloc_trim(pad)`` → 1 when memory was released,
    ``mallopt(param, value)`` → 1 on success; records the thread each trim ran on."""

    def __init__(self) -> None:
        self.trim_threads: list[threading.Thread] = []
        self.options: list[tuple[int, int]] = []

    def malloc_trim(self, pad: int) -> int:
        assert pad == 0
        self.trim_threads.append(threading.current_thread())
        return 1

    def mallopt(self, param: int, value: int) -> int:
        self.options.append((param, value))
        return 1


def test_a_burst_of_jobs_trims_once_off_the_gui_thread(qtbot: Any) -> None:
    libc = RecordingLibc()
    trim = HeapTrim(libc, delay_ms=50)  # glibc's two calls only
    for _ in range(3):  # a sync, the load it triggers, a cheap check right after
        trim.soon()
    qtbot.waitUntil(lambda: trim.trims == 1, timeout=3000)
    assert len(libc.trim_threads) == 1
    assert libc.trim_threads[0] is not threading.main_thread()
    trim.soon()  # the next sync trims again
    qtbot.waitUntil(lambda: trim.trims == 2, timeout=3000)
    trim.close()


def test_without_glibc_nothing_is_scheduled(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap.sys, "platform", "darwin")
    assert glibc() is None
    assert limit_arenas() is False
    trim = HeapTrim(delay_ms=1)
    assert not trim.available
    trim.soon()
    qtbot.wait(50)  # a timer that should not fire: there is no condition to wait for
    assert trim.trims == 0 and not trim.running


def test_arenas_are_capped_through_mallopt() -> None:
    libc = RecordingLibc()
    assert limit_arenas(libc, arenas=2)
    assert libc.options == [(heap.M_ARENA_MAX, 2)]


@on_glibc
def test_real_trim_gives_freed_heap_back(qtbot: Any) -> None:
    """Freed chunks below a live one stay resident until trimmed (what a sync leaves)."""
    libc = glibc()
    assert libc is not None
    libc.malloc_trim(0)
    chunks = [ctypes.create_string_buffer(2048) for _ in range(20_000)]  # ~40 MB of malloc
    for chunk in chunks:
        ctypes.memset(chunk, 1, 2048)  # touch every page
    keep = chunks[-1]  # pins the top of the heap: glibc cannot shrink it on free
    del chunks
    high = rss_mb()
    trim = HeapTrim(delay_ms=1)
    trim.soon()
    qtbot.waitUntil(lambda: trim.trims == 1, timeout=5000)
    assert rss_mb() < high - 20, f"RSS {high:.1f} → {rss_mb():.1f} MB"
    assert keep.raw[:1] == b"\x01"  # the live chunk is untouched
    trim.close()


@on_glibc
def test_the_app_trims_after_its_first_sync(make_launcher: Any, qtbot: Any) -> None:
    state = SimulatorState(SimulatorConfig(token="heap"), generate_library(50, seed=2))
    sim = SimulatorThread(state).start()
    try:
        launcher = make_launcher(sim)
        qtbot.waitUntil(lambda: launcher.heap.trims >= 1, timeout=5000)
    finally:
        sim.stop()
