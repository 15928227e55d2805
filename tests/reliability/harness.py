"""Helpers of the reliability suite: the event-loop gap monitor and the launcher harness.

:class:`LoopGapMonitor` is a 5 ms ``QTimer`` that records the longest interval between two of its
ticks while a scenario runs: a late tick means the GUI thread was busy (or blocked) that long.
Only the app counts: the test harness pauses the monitor around its own blocking steps (joining a
simulator thread, generating a library), and on Linux the time the GUI thread spent runnable but
waiting for a CPU (the run delay in ``/proc/thread-self/schedstat``) is taken out of each gap: on a
2-core machine with a loaded run queue that is the machine's load, not the app blocking its loop
(CI saw 107-137 ms gaps that were pure preemption). Time spent computing, or blocked on I/O, a lock
or the GIL, still counts. Figures go to :data:`FIGURES`, reported by conftest.py.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common.bridge import UserMessage

TOKEN = "reliability-token-7d41c0aa"
MAX_GAP_MS = 100.0
TICK_MS = 5
LONG_GAP_MS = 8.0

FIGURES: dict[str, dict[str, Any]] = {}
"""Scenario name -> figures (max loop gap, timings), reported at the end of the run."""


_SCHEDSTAT = "/proc/thread-self/schedstat"


def _run_delay_ms() -> float:
    """Milliseconds this thread has waited on a run queue so far (0 where unknown)."""
    try:
        with open(_SCHEDSTAT, encoding="ascii") as stat:  # noqa: PTH123 - a 30-byte proc read
            return int(stat.read().split()[1]) / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0


class LoopGapMonitor:
    """Records the longest gap between 5 ms timer ticks on the GUI thread.

    ``paused()`` excludes the harness's own blocking steps; ``worst_at_s`` says when the worst
    gap ended (seconds since ``start``), to find the culprit in the log.
    """

    def __init__(self, name: str, tick_ms: int = TICK_MS) -> None:
        self.name = name
        self.tick_ms = tick_ms
        self.max_gap_ms = 0.0
        self.worst_at_s = 0.0
        self.ticks = 0
        self.gaps_over_50ms = 0
        self.max_raw_gap_ms = 0.0
        self.long_gaps: list[tuple[float, float]] = []
        """(seconds since ``start``, gap ms) of every gap over ``LONG_GAP_MS``."""
        self._last: float | None = None
        self._last_wait = 0.0
        self._started = 0.0
        self._timer: QTimer | None = None

    def start(self) -> LoopGapMonitor:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.tick_ms)
        self._timer.timeout.connect(self._tick)
        self._started = time.perf_counter()
        self._last = None
        self._timer.start()
        return self

    def restart(self, tick_ms: int | None = None) -> None:
        """Forget what was recorded so far (the scenario's set-up) and go on ticking, every
        ``tick_ms`` from now (a finer tick measures short stalls closer to their length)."""
        self.stop()
        self.max_gap_ms = self.max_raw_gap_ms = self.worst_at_s = 0.0
        self.ticks = self.gaps_over_50ms = 0
        self.long_gaps = []
        if tick_ms is not None:
            self.tick_ms = tick_ms
        self.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self) -> None:
        now = time.perf_counter()
        waited = _run_delay_ms()
        self.ticks += 1
        if self._last is not None:
            raw = (now - self._last) * 1000
            self.max_raw_gap_ms = max(self.max_raw_gap_ms, raw)
            gap = raw - max(0.0, waited - self._last_wait)
            if gap > 50:
                self.gaps_over_50ms += 1
            if gap > LONG_GAP_MS:
                self.long_gaps.append((round(now - self._started, 3), round(gap, 1)))
            if gap > self.max_gap_ms:
                self.max_gap_ms = gap
                self.worst_at_s = now - self._started
        self._last = now
        self._last_wait = waited

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Exclude a blocking step of the test harness itself."""
        self._last = None
        try:
            yield
        finally:
            self._last = None

    def note(self, key: str, value: Any) -> None:
        """Record a figure of this scenario for the run's report."""
        FIGURES.setdefault(self.name, {})[key] = value

    def assert_responsive(self, budget_ms: float = MAX_GAP_MS) -> None:
        assert self.ticks > 0, "the gap monitor never ticked: the Qt loop did not run"
        assert self.max_gap_ms < budget_ms, (
            f"the GUI thread was blocked for {self.max_gap_ms:.0f} ms "
            f"({self.worst_at_s:.2f} s into the scenario); budget {budget_ms:.0f} ms"
        )


def free_port() -> int:
    """A loopback port nobody listens on right now (for "SessionDock is not running")."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_state(size: int = 300, seed: int = 11, **config: Any) -> SimulatorState:
    return SimulatorState(SimulatorConfig(token=TOKEN, **config), generate_library(size, seed=seed))


@dataclass
class Harness:
    """One launcher under test, what the user was told, and helpers to drive it."""

    launcher: Launcher
    messages: list[UserMessage]
    qtbot: Any

    @property
    def status(self) -> Any:
        return self.launcher.link.status

    def wait_link(self, link: Link, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: self.launcher.link.status.link is link, timeout=timeout)

    def wait_synced(self, timeout: int = 15_000) -> None:
        """Synced, and the status says so: the sync's end is two loop steps (ui/link.py)."""
        link = self.launcher.link
        self.qtbot.waitUntil(
            lambda: link.sync.is_synced and not link.status.syncing, timeout=timeout
        )

    def wait_message(self, after: int = 0, timeout: int = 10_000) -> UserMessage:
        self.qtbot.waitUntil(lambda: len(self.messages) > after, timeout=timeout)
        return self.messages[-1]

    def crashes(self) -> list[str]:
        """Messages that only the task barrier or the excepthook post (an unhandled error)."""
        return [m.text for m in self.messages if m.text.startswith("Something went wrong")]

    def show(self) -> None:
        palette = self.launcher.palette
        palette.show_palette()
        self.qtbot.waitExposed(palette)

    def type(self, text: str) -> float:
        """Type ``text`` key by key, letting the loop run between keys; the slowest key in ms."""
        slowest = 0.0
        for char in text:
            started = time.perf_counter()
            self.qtbot.keyClicks(self.launcher.palette.search, char)
            slowest = max(slowest, (time.perf_counter() - started) * 1000)
            self.qtbot.wait(1)
        return slowest

    def titles(self) -> list[str]:
        model = self.launcher.palette.model
        return [model.session_at(r).display_title for r in range(model.rowCount())]  # type: ignore[union-attr]


# -- scenario steps shared by the fault tests ------------------------------------------------
def focus_requests(state: SimulatorState) -> list[str]:
    """Session ids SessionDock was asked to focus (the log holds the decoded path)."""
    prefix, suffix = "/api/v1/sessions/", "/focus"
    return [
        r["path"][len(prefix) : -len(suffix)]
        for r in state.request_log()
        if r["method"] == "POST" and r["path"].startswith(prefix) and r["path"].endswith(suffix)
    ]


def press_enter(h: Harness) -> None:
    QTest.keyClick(h.launcher.palette.search, Qt.Key.Key_Return)


def focus_current(h: Harness, timeout: int = 5_000) -> str:
    """Press Enter on the highlighted row and wait until SessionDock focused it."""
    session = h.launcher.palette.current_session()
    assert session is not None, "no row to focus"
    with h.qtbot.waitSignal(h.launcher.controller.session_focused, timeout=timeout) as blocker:
        press_enter(h)
    assert blocker.args == [session.id]
    return session.id


def show_with_results(h: Harness, text: str = "a") -> None:
    h.show()
    h.type(text)
    assert h.launcher.palette.model.rowCount() > 0


def assert_healthy(h: Harness, gaps: LoopGapMonitor) -> None:
    assert h.crashes() == [], h.crashes()
    gaps.assert_responsive()
