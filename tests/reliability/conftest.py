"""Fixtures of the reliability suite: a qasync loop, a gap monitor, launchers on simulators.

The loop fixtures come from ``tests/support/qt_loop.py`` (shared with tests/ui): sync tests, one
qasync loop per test pumped by ``qtbot.waitUntil``, never ``loop.stop()``
(docs/pitfalls.md §3, §14, §15).
The gap monitor and the launcher harness live in ``harness.py``.

Figures: every gap monitor reports its scenario's worst gap (plus what the test notes); they are
printed at the end of the run and written as JSON to ``$SESSIONDOCK_RELIABILITY_REPORT``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QApplication
from tests.reliability.harness import FIGURES, TOKEN, Harness, LoopGapMonitor, make_state
from tests.support.qt_loop import qloop, run_async

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.store import FullSyncPacer
from sessiondock_launcher.logs import SecretFilter
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import ConnectionConfig, Settings
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorState
from sessiondock_launcher.ui.common.bridge import UserMessage

T = TypeVar("T")
REPORT_ENV = "SESSIONDOCK_RELIABILITY_REPORT"


# -- the gap monitor ---------------------------------------------------------------------------
@pytest.fixture
def gaps(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[LoopGapMonitor]:
    """A running gap monitor named after the test; its figures land in the run's report."""
    monitor = LoopGapMonitor(request.node.name).start()
    yield monitor
    monitor.stop()
    entry = FIGURES.setdefault(monitor.name, {})
    entry.update(
        max_loop_gap_ms=round(monitor.max_gap_ms, 1),
        max_raw_gap_ms=round(monitor.max_raw_gap_ms, 1),
        worst_gap_at_s=round(monitor.worst_at_s, 2),
        ticks=monitor.ticks,
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name, figures in sorted(FIGURES.items()):
        shown = ", ".join(f"{k}={v}" for k, v in figures.items())
        terminalreporter.write_line(f"{name}: {shown}")
    target = os.environ.get(REPORT_ENV)
    if target:
        Path(target).write_text(json.dumps(FIGURES, indent=2, sort_keys=True), encoding="utf-8")


# -- simulators and launchers ------------------------------------------------------------------
@pytest.fixture
def sims() -> Iterator[Callable[..., SimulatorThread]]:
    """Start simulator threads; every one still running is stopped after the test."""
    started: list[SimulatorThread] = []

    def start(state: SimulatorState | None = None, port: int = 0) -> SimulatorThread:
        thread = SimulatorThread(state or make_state(), port=port).start()
        started.append(thread)
        return thread

    yield start
    for thread in started:
        thread.stop()


@pytest.fixture
def sim(sims: Callable[..., SimulatorThread]) -> SimulatorThread:
    return sims()


@pytest.fixture
def launch(qtbot: Any, qloop: Any, tmp_path: Path) -> Iterator[Callable[..., Harness]]:
    """Build the real object graph (``app.Launcher``) against a base URL and start it."""
    made: list[Launcher] = []

    def make(
        base_url: str,
        *,
        token: str = TOKEN,
        synced: bool = True,
        backoff: tuple[float, float] = (0.05, 0.25),
        health_interval_s: float = 0.3,
        settings: Settings | None = None,
        paths: AppPaths | None = None,
        secrets: SecretFilter | None = None,
    ) -> Harness:
        if paths is None:
            paths = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "k", tmp_path / "l")
        paths.ensure()
        conn = ConnectionConfig(base_url, token, "demo", "demo")
        launcher = Launcher(conn, settings or Settings(), paths, secrets or SecretFilter())
        launcher.link.backoff_min_s, launcher.link.backoff_max_s = backoff
        launcher.link.backoff_s = backoff[0]
        launcher.link.health_interval_s = health_interval_s
        # Faults are provoked by asking for syncs back to back: no pacing here (the pacer's own
        # politeness is tested in tests/unit/core/store and tests/ui/palette).
        launcher.library.pacer = FullSyncPacer(share=1.0, min_interval_s=0.0)
        seen: list[UserMessage] = []
        launcher.bridge.message_posted.connect(seen.append)
        made.append(launcher)
        launcher.start(show=False)
        harness = Harness(launcher, seen, qtbot)
        if synced:
            harness.wait_synced()
        return harness

    yield make
    for launcher in made:
        shutdown = asyncio.ensure_future(launcher.shutdown())
        qtbot.waitUntil(shutdown.done, timeout=10_000)
        shutdown.result()
        launcher.palette.deleteLater()


@pytest.fixture
def no_task_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail when the task barrier or the excepthook had to catch anything during the test."""
    caplog.set_level(logging.INFO)
    yield
    escaped = [
        r.getMessage()
        for r in caplog.records
        if r.getMessage().startswith(("Task ", "Unhandled exception"))
        and r.levelno >= logging.ERROR
    ]
    assert not escaped, f"unhandled exceptions reached the barrier: {escaped}"
