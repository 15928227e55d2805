"""The qasync loop fixtures shared by the Qt test folders (import them into a conftest.py).

A qasync loop that asyncio sees as running while qtbot pumps events. Verified arrangement from
research/machine-notes.md §4 (0 crashes in 160 runs): tests are sync, drive the loop with
``qtbot.waitUntil``/``waitSignal``, and never call ``loop.stop()``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication

T = TypeVar("T")
_RETIRED_LOOPS: list[qasync.QEventLoop] = []


class _TestQEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    def close(self) -> None:
        super().close()
        # A closed qasync loop keeps live Qt timers; kill them here on the main thread and keep
        # the loop alive so the GC never frees it on another thread (docs/pitfalls.md §14).
        timer = self._timer
        for tid in list(timer._SimpleTimer__callbacks):
            timer.killTimer(tid)
        timer._SimpleTimer__callbacks.clear()
        _RETIRED_LOOPS.append(self)


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    loop = _TestQEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        deadline = time.monotonic() + 2
        while pending and not all(t.done() for t in pending) and time.monotonic() < deadline:
            qapp.processEvents()
        asyncio.events._set_running_loop(None)
        loop._QEventLoop__is_running = False  # not loop.stop(): it poisons later waits
        loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture
def run_async(qloop: asyncio.AbstractEventLoop, qtbot: Any) -> Callable[..., Any]:
    """From a sync test: run a coroutine to completion by pumping Qt events."""

    def _run(coro: Coroutine[Any, Any, T], timeout: int = 10_000) -> T:
        task = asyncio.ensure_future(coro)
        qtbot.waitUntil(task.done, timeout=timeout)
        return task.result()

    return _run
