"""Issue 13 round 6, item 1: what is typed right after the hotkey reaches the palette.

Between the press and the moment the palette has the X focus, X hands keys to the focused window
(the DAW). That gap is a map-and-focus round trip, and longer while the launcher's loop is busy
(start-up: building the window, loading the library). Here the loop is made as busy as it can
be: the app is stopped (SIGSTOP) before the chord and everything typed after it, and continued
only when the typing is over. The simulator's focus log is the judge: Enter on the typed title
must focus that session. Before the fix, every key went to the root window and nothing was
focused at all.

``--toggle`` returning only once the palette has the focus is tested on the control server
(tests/ui/shell/test_single_instance.py).
"""

from __future__ import annotations

import os
import signal
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

TOKEN = "e2e-keys-token-3b1d"
TARGET_TITLE = "Zebrafinch Overture"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    library = generate_library(300, seed=11)
    library[123]["title"] = TARGET_TITLE
    thread = SimulatorThread(SimulatorState(SimulatorConfig(token=TOKEN), library)).start()
    yield thread
    thread.stop()


def _target(sim: SimulatorThread) -> str:
    with sim.state.lock:
        return next(sid for sid, s in sim.state.sessions.items() if s["title"] == TARGET_TITLE)


def _start_app(display: str, sim: SimulatorThread, home: Path) -> subprocess.Popen[str]:
    env = x_env(display) | {
        "SESSIONDOCK_BASE_URL": sim.base_url,
        "SESSIONDOCK_TOKEN": TOKEN,
        "SESSIONDOCK_LAUNCHER_HOME": str(home),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "sessiondock_launcher", "--log-level", "DEBUG"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.xvfb
def test_keys_typed_while_the_launcher_is_busy_after_the_hotkey_reach_the_palette(
    sim: SimulatorThread, tmp_path: Path
) -> None:
    require_xvfb("xdotool")
    target = _target(sim)
    with xvfb_display() as display:
        app = _start_app(display, sim, tmp_path)
        assert app.stderr is not None
        log = LineReader(app.stderr)
        try:
            log.wait_for("Library synced")
            log.wait_for(r"Hotkey Ctrl\+Alt\+Space requested from the x11 backend")
            os.kill(app.pid, signal.SIGSTOP)  # a loop as busy as it gets
            try:
                xdotool(display, "key", "ctrl+alt+space")
                xdotool(display, "type", "--delay", "15", "zebrafinch")
                xdotool(display, "key", "Return")
            finally:
                os.kill(app.pid, signal.SIGCONT)
            log.wait_for(f"Focused session {target}", timeout=20)
            assert focused_ids(sim) == [target]
        finally:
            rc = stop(app)
            log.drain()
            app.stderr.close()
    lines = "\n".join(log.lines)
    assert rc == 0, lines
    assert "Keyboard thawed: the palette is ready" in lines  # not the timer's or watchdog's
