"""``sessiondock-launcher --show`` always ends with a palette on screen.

The decision (README, "The hotkey, and --toggle for any desktop"): ``--show`` is the one control
command that starts the launcher when none runs, so a shortcut or a script bound to it always
opens the palette; ``--toggle``, ``--hide``, ``--quit`` and ``--search`` only talk to a running
instance and exit 1 with a message when there is none (tests/e2e/test_ipc_processes.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.processes import LineReader, stop

from sessiondock_launcher import ctl
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "show-token-1b7e"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    thread = SimulatorThread(
        SimulatorState(SimulatorConfig(token=TOKEN), generate_library(50, seed=3))
    ).start()
    yield thread
    thread.stop()


def test_show_with_no_instance_starts_one_that_shows_the_palette(
    sim: SimulatorThread, tmp_path: Path
) -> None:
    env = dict(os.environ) | {
        "QT_QPA_PLATFORM": "offscreen",
        "SESSIONDOCK_BASE_URL": sim.base_url,
        "SESSIONDOCK_TOKEN": TOKEN,
        "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path),
    }
    env.pop("XDG_RUNTIME_DIR", None)
    app = subprocess.Popen(
        [sys.executable, "-m", "sessiondock_launcher", "--show"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = LineReader(app.stderr)
    try:
        log.wait_for("Palette shown", timeout=60)
        # it is the running instance now: control commands reach it
        ctl.send("quit", address=ctl.server_address(environ=env), retry_for=10)
        assert app.wait(30) == 0
    finally:
        stop(app)
        log.drain()
        assert app.stderr is not None
        app.stderr.close()
