"""``sessiondock-launcher --quit`` while an edit is unsaved: the launcher asks the user instead of
quitting, and the command says so (exit 3 and a line on stderr), so a script can tell.

The real app under Xvfb; the edit is made with real keys (Ctrl+T, a tag typed and added); the
judge is ``--quit``'s exit status and stderr, and whether the app process is still running.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.processes import LineReader, stop
from tests.support.xvfb import require_xvfb, x_env, xdotool, xvfb_display

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "e2e-quit-token-9e0a"
TARGET_TITLE = "Zebrafinch Overture"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    library = generate_library(200, seed=12)
    library[42]["title"] = TARGET_TITLE
    thread = SimulatorThread(SimulatorState(SimulatorConfig(token=TOKEN), library)).start()
    yield thread
    thread.stop()


def _ctl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.xvfb
def test_quit_with_an_unsaved_edit_exits_3_and_says_why(
    sim: SimulatorThread, tmp_path: Path
) -> None:
    require_xvfb("xdotool")
    with xvfb_display() as display:
        env = x_env(display) | {
            "SESSIONDOCK_BASE_URL": sim.base_url,
            "SESSIONDOCK_TOKEN": TOKEN,
            "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path),
        }
        app = subprocess.Popen(
            [sys.executable, "-m", "sessiondock_launcher", "--log-level", "DEBUG"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert app.stderr is not None
        log = LineReader(app.stderr)
        try:
            log.wait_for("Library synced")
            assert _ctl(env, "--search", "zebrafinch").returncode == 0
            log.wait_for("Palette shown")
            window = xdotool(
                display, "search", "--sync", "--onlyvisible", "--name", "^SessionDock Launcher$"
            ).split()[0]
            xdotool(display, "windowfocus", "--sync", window)
            xdotool(display, "key", "ctrl+t")
            log.wait_for("Editor open: TagEditor")
            xdotool(display, "type", "--delay", "15", "brandnewtag")
            xdotool(display, "key", "Return")
            log.wait_for("Tag added in the editor")

            asked = _ctl(env, "--quit")
            assert asked.returncode == 3, asked.stderr
            assert asked.stdout == ""
            assert "asks whether to keep your unsaved edit; not quit" in asked.stderr
            log.wait_for("Quit requested with an unsaved edit: asking first")
            assert app.poll() is None  # still running, the edit still there

            again = _ctl(env, "--quit")  # asking again is still not quitting
            assert again.returncode == 3, again.stderr
            assert app.poll() is None
        finally:
            rc = stop(app)  # SIGTERM: the system stops us, no questions asked
            log.drain()
            app.stderr.close()
    assert rc == 0, "\n".join(log.lines)


def test_quit_help_documents_exit_3() -> None:
    shown = _ctl({**x_env(":0"), "QT_QPA_PLATFORM": "offscreen"}, "--help")
    assert shown.returncode == 0
    flat = " ".join(shown.stdout.split())
    assert "--quit quit the running launcher; exit 3" in flat
    ctl_help = _ctl({**x_env(":0"), "QT_QPA_PLATFORM": "offscreen"}, "--quit", "--help")
    assert "3 (--quit) the launcher asks the user whether to keep an unsaved edit" in " ".join(
        ctl_help.stderr.split()
    )
