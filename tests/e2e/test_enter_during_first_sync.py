"""Issue 11 item 1 end to end: the real app as a subprocess, a slow SessionDock, Enter pressed
while the first library sync still runs. SessionDock must be asked to focus exactly the session
that was typed, never the row that was on screen before the typed text's results arrived.

Xvfb + xdotool for real key events; the simulator's request log is the judge; waits are on the
app's log lines, not on sleeps.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.processes import LineReader, stop
from tests.support.sim_log import focused_ids
from tests.support.xvfb import require_xvfb, x_env, xdotool, xvfb_display

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "e2e-slow-token-77c1"
TARGET_TITLE = "Zebrafinch Overture"


@pytest.fixture
def slow_sim() -> Iterator[SimulatorThread]:
    library = generate_library(5_000, seed=8)  # ten pages at 0.3 s each: the sync takes seconds
    library[4_321]["title"] = TARGET_TITLE
    state = SimulatorState(SimulatorConfig(token=TOKEN, latency_s=0.3), library)
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


@pytest.mark.xvfb
def test_enter_during_the_first_sync_focuses_only_the_typed_session(
    slow_sim: SimulatorThread, tmp_path: Path
) -> None:
    require_xvfb("xdotool")
    with slow_sim.state.lock:
        target = next(
            sid for sid, s in slow_sim.state.sessions.items() if s["title"] == TARGET_TITLE
        )
    with xvfb_display() as display:
        env = x_env(display) | {
            "SESSIONDOCK_BASE_URL": slow_sim.base_url,
            "SESSIONDOCK_TOKEN": TOKEN,
            "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path),
        }
        app = subprocess.Popen(
            [sys.executable, "-m", "sessiondock_launcher"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        log = LineReader(app.stderr)
        try:
            log.wait_for(r"Hotkey Ctrl\+Alt\+Space requested from the x11 backend")
            log.wait_for("Connected to SessionDock")  # the first sync starts now
            xdotool(display, "key", "ctrl+alt+space")
            log.wait_for("Palette shown")
            window = xdotool(
                display, "search", "--sync", "--onlyvisible", "--name", "^SessionDock Launcher$"
            ).split()[0]
            xdotool(display, "windowfocus", "--sync", window)
            xdotool(display, "type", "--delay", "15", "zebrafinch")
            xdotool(display, "key", "Return")
            log.wait_for(f"Focused session {target}")
            assert focused_ids(slow_sim) == [target]
        finally:
            rc = stop(app)
        log.drain()
        app.stderr.close()
    lines = "\n".join(log.lines)
    assert rc == 0, lines
    assert "focus waits for the results of the typed text" in lines  # Enter came early
    focused_at = lines.index(f"Focused session {target}")
    synced_at = lines.find("Library synced")
    assert synced_at == -1 or synced_at > focused_at, "the first sync finished before Enter"
