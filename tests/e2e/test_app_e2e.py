"""The real app as a subprocess: start it, type into its palette, press Enter, see the focus.

Runs under Xvfb with xcb (real windows, real key events through xdotool) against a simulator on
a real socket. Waits on the app's log lines, never on fixed sleeps.
"""

from __future__ import annotations

import sqlite3
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

TOKEN = "e2e-token-4f9a2c"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    thread = SimulatorThread(
        SimulatorState(SimulatorConfig(token=TOKEN), generate_library(400, seed=5))
    ).start()
    yield thread
    thread.stop()


@pytest.mark.xvfb
def test_hotkey_type_and_enter_focuses_the_session_in_sessiondock(
    sim: SimulatorThread, tmp_path: Path
) -> None:
    require_xvfb("xdotool")
    with sim.state.lock:
        by_title: dict[str, list[str]] = {}
        for s in sim.state.sessions.values():
            by_title.setdefault(s["title"], []).append(s["id"])
    title, (target,) = next(
        (t, ids) for t, ids in by_title.items() if len(ids) == 1 and t.isascii() and len(t) > 10
    )
    with xvfb_display() as display:
        env = x_env(display) | {
            "SESSIONDOCK_BASE_URL": sim.base_url,
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
        assert app.stderr is not None
        log = LineReader(app.stderr)
        try:
            log.wait_for("Library synced")
            log.wait_for(r"Hotkey Ctrl\+Alt\+Space requested from the x11 backend")
            xdotool(display, "key", "ctrl+alt+space")  # the global hotkey opens the palette
            log.wait_for("Hotkey pressed")
            log.wait_for("Palette shown")
            window = xdotool(
                display, "search", "--sync", "--onlyvisible", "--name", "^SessionDock Launcher$"
            ).split()[0]
            xdotool(display, "windowfocus", "--sync", window)
            xdotool(display, "type", "--delay", "15", title)
            xdotool(display, "key", "Return")
            log.wait_for(f"Focused session {target}")
            assert focused_ids(sim) == [target]
        finally:
            rc = stop(app)
        log.drain()
        app.stderr.close()
        assert rc == 0, "\n".join(log.lines)
        assert any("Shut down cleanly" in line for line in log.lines)
    logs = (tmp_path / "logs" / "launcher.log").read_text()
    assert "Focused session" in logs
    assert TOKEN not in logs and TOKEN not in "\n".join(log.lines)
    # Usage history persisted: the pick is in the library store on disk.
    conn = sqlite3.connect(tmp_path / "data" / "library.sqlite3")
    try:
        picked = [row[0] for row in conn.execute("SELECT session_id FROM usage")]
    finally:
        conn.close()
    assert picked == [target]


def test_demo_smoke_runs_offscreen_and_exits_zero(tmp_path: Path) -> None:
    env = x_env(":0") | {"QT_QPA_PLATFORM": "offscreen", "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path)}
    env.pop("DISPLAY")
    done = subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", "--demo", "--demo-size", "500", "--smoke"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "smoke ok: 500 sessions synced" in done.stdout


def test_version_prints_the_package_version() -> None:
    from sessiondock_launcher import __version__

    done = subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", "--version"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"sessiondock-launcher {__version__}"


def test_second_start_and_control_commands_reach_the_running_app(
    sim: SimulatorThread, tmp_path: Path
) -> None:
    env = x_env(":0") | {
        "QT_QPA_PLATFORM": "offscreen",
        "SESSIONDOCK_BASE_URL": sim.base_url,
        "SESSIONDOCK_TOKEN": TOKEN,
        "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path),
    }
    env.pop("DISPLAY")

    def launcher(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sessiondock_launcher", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    app = subprocess.Popen(
        [sys.executable, "-m", "sessiondock_launcher"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert app.stderr is not None
    log = LineReader(app.stderr)
    try:
        log.wait_for("Library synced")
        second = launcher()  # a second start forwards "show" and exits 0
        assert second.returncode == 0, second.stderr
        log.wait_for("Command received: show")
        log.wait_for("Palette shown")
        assert launcher("--search", "drum loop").returncode == 0
        log.wait_for("Command received: search")
        assert launcher("--toggle").returncode == 0
        log.wait_for("Command received: toggle")
        assert launcher("--quit").returncode == 0
        log.wait_for("Shut down cleanly")
        assert app.wait(20) == 0
    finally:
        stop(app)
        log.drain()
        app.stderr.close()
    gone = launcher("--toggle")
    assert gone.returncode == 1
    assert "not running" in gone.stderr
