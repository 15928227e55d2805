"""Fixtures for the pytest-qt tests: the shared qasync loop (tests/support/qt_loop.py) and the
real app object graph (``app.Launcher``) started against a simulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.qt_loop import qloop, run_async

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.logs import SecretFilter
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import ConnectionConfig, Settings
from sessiondock_launcher.simulator.runner import SimulatorThread

__all__ = ["make_launcher", "qloop", "run_async"]


@pytest.fixture
def make_launcher(
    qtbot: Any, qloop: Any, run_async: Callable[..., Any], tmp_path: Path
) -> Iterator[Callable[..., Launcher]]:
    """``make_launcher(sim, token=None, settings=None, synced=True)``: a started Launcher.

    The token defaults to the simulator's; ``synced`` waits for the first library sync.
    """
    made: list[Launcher] = []

    def make(
        sim: SimulatorThread,
        token: str | None = None,
        settings: Settings | None = None,
        synced: bool = True,
    ) -> Launcher:
        paths = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "k", tmp_path / "l")
        paths.ensure()
        conn = ConnectionConfig(sim.base_url, token or sim.state.config.token, "demo", "demo")
        launcher = Launcher(conn, settings or Settings(), paths, SecretFilter())
        launcher.link.backoff_min_s = 0.05
        launcher.link.backoff_max_s = 0.2
        made.append(launcher)
        launcher.start(show=False)
        if synced:  # and its status says so: the sync's end is two loop steps (ui/link.py)
            link = launcher.link
            qtbot.waitUntil(lambda: link.sync.is_synced and not link.status.syncing, timeout=10_000)
        return launcher

    yield make
    # Not qtbot.addWidget(palette): pytest-qt deleteLater()s added widgets before fixture
    # teardown, and shutdown's event loop may then delete the palette under palette.hide().
    for launcher in made:
        run_async(launcher.shutdown())
        launcher.palette.deleteLater()
