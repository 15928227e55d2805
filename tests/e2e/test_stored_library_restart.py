"""The library on disk, end to end: real app processes, a real simulator on loopback, the real
``library.sqlite3`` and the real command line.

1. The app syncs from the simulator, quits; the simulator stops; the app starts again against the
   dead address, loads its index from the index file beside the database, and still finds
   sessions: asked with ``--query`` over its control socket (its log shows it answered), and,
   once it quits too, from the stored library alone.
2. ``--query`` exit codes: 0 with results, 0 with none, 1 with a message when there is neither
   an instance nor a stored library.
3. ``--focus ID`` makes SessionDock focus exactly that session (the simulator's request log).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.processes import LineReader, stop

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX sockets and signals")

TOKEN = "stored-library-token"
SIZE = 300
TIMEOUT_S = 60


def _env(home: Path, base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return env | {
        "QT_QPA_PLATFORM": "offscreen",
        "SESSIONDOCK_LAUNCHER_HOME": str(home),
        "SESSIONDOCK_BASE_URL": base_url,
        "SESSIONDOCK_TOKEN": TOKEN,
    }


class App:
    """``python -m sessiondock_launcher`` with its log (stderr) read line by line."""

    def __init__(self, home: Path, base_url: str) -> None:
        self.env = _env(home, base_url)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sessiondock_launcher", "--log-level", "DEBUG"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        self.log = LineReader(self.process.stderr)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(self.env, *args)

    def quit(self) -> None:
        done = self.cli("--quit")
        assert done.returncode == 0, done.stderr
        assert self.process.wait(TIMEOUT_S) == 0
        self.log.wait_for("Shut down cleanly")


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(SIZE, seed=11))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


@pytest.fixture
def apps() -> Iterator[list[App]]:
    started: list[App] = []
    yield started
    for app in started:
        stop(app.process)
        app.log.wait_closed()
        assert app.process.stderr is not None
        app.process.stderr.close()


def _distinct_title(sim: SimulatorThread) -> tuple[str, str]:
    """A session whose title no other session shares, so it must be the top result."""
    titles = [s["title"] for s in sim.state.sessions.values()]
    for session in sim.state.sessions.values():
        if titles.count(session["title"]) == 1:
            return session["id"], session["title"]
    raise AssertionError("every title is shared")


def test_restart_with_sessiondock_down_finds_sessions_from_the_store(
    tmp_path: Path, sim: SimulatorThread, apps: list[App]
) -> None:
    home = tmp_path / "home"
    session_id, title = _distinct_title(sim)
    first = App(home, sim.base_url)
    apps.append(first)
    first.log.wait_for(
        rf"Library synced: {SIZE} sessions \({SIZE} received, {SIZE} added", TIMEOUT_S
    )
    first.log.wait_for(r"Index file written: .* \(300 sessions\)", TIMEOUT_S)  # 5 s later
    first.quit()
    index_file = home / "data" / "library.index"
    assert index_file.is_file()
    port = sim.port
    sim.stop()
    assert not _listening(port), "the simulator still answers"

    second = App(home, sim.base_url)  # the same address, nobody listening
    apps.append(second)
    second.log.wait_for(rf"Index loaded from its file: {SIZE} sessions", TIMEOUT_S)
    second.log.wait_for(rf"Stored library searchable: {SIZE} sessions", TIMEOUT_S)
    asked = second.cli("--query", title)
    assert asked.returncode == 0, asked.stderr
    top_title, top_id = asked.stdout.splitlines()[0].split("\t")
    assert (top_title, top_id) == (title, session_id)
    second.log.wait_for(r"IPC command query")  # the running instance answered, not the file
    assert not any("Library synced" in line for line in second.log.drain())

    as_json = second.cli("--query", title, "--json")
    assert as_json.returncode == 0, as_json.stderr
    first_item = json.loads(as_json.stdout)["items"][0]
    assert (first_item["uid"], first_item["arg"], first_item["title"]) == (
        session_id,
        session_id,
        title,
    )
    second.quit()

    # No instance now: the stored library answers, with the same ranking.
    alone = run_cli(second.env, "--query", title)
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout.splitlines()[0] == f"{title}\t{session_id}"
    nothing = run_cli(second.env, "--query", "zzqqxxnothingmatchesthis", "--json")
    assert (nothing.returncode, json.loads(nothing.stdout)) == (0, {"items": []})


def test_query_without_instance_or_library_exits_1_and_says_why(tmp_path: Path) -> None:
    env = _env(tmp_path / "empty", "http://127.0.0.1:9/api/v1")
    done = run_cli(env, "--query", "drums")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no running launcher and no stored library" in done.stderr
    assert not (tmp_path / "empty" / "data" / "library.sqlite3").exists()  # nothing created


def test_query_during_the_first_sync_is_not_an_empty_answer(
    tmp_path: Path, apps: list[App]
) -> None:
    """An instance still on its first sync has no library to rank: it answered an empty list
    with exit 0 while its palette showed SessionDock's results (a tester's Alfred got nothing).
    Now the stored library answers, and with none stored yet it says so with exit 1."""
    slow = SimulatorConfig(token=TOKEN, latency_s=30.0)  # no page arrives during this test
    sim = SimulatorThread(SimulatorState(slow, generate_library(SIZE, seed=11))).start()
    try:
        app = App(tmp_path / "home", sim.base_url)
        apps.append(app)
        app.log.wait_for(r"IPC server listening|Palette|SessionDock", TIMEOUT_S)
        _session_id, title = _distinct_title(sim)
        done = app.cli("--query", title)
        assert done.returncode == 1, (done.stdout, done.stderr)
        assert done.stdout == ""
        assert "still syncing your library" in done.stderr
        app.log.wait_for(r"IPC command query")  # the instance was asked first
    finally:
        sim.stop()


def test_query_usage_error_exits_2(tmp_path: Path) -> None:
    done = run_cli(_env(tmp_path, "http://127.0.0.1:9/api/v1"), "--query")
    assert done.returncode == 2
    assert "usage: sessiondock-launcher --query TEXT" in done.stderr


def test_focus_id_focuses_exactly_that_session(
    tmp_path: Path, sim: SimulatorThread, apps: list[App]
) -> None:
    target = sorted(sim.state.sessions)[7]
    app = App(tmp_path / "home", sim.base_url)
    apps.append(app)
    app.log.wait_for(r"Library synced", TIMEOUT_S)
    sim.state.clear_requests()
    done = app.cli("--focus", target)
    assert done.returncode == 0, done.stderr
    app.log.wait_for(rf"Focused session {target}", TIMEOUT_S)
    posts = [(r["method"], r["path"]) for r in sim.state.request_log() if r["method"] == "POST"]
    assert posts == [("POST", f"/api/v1/sessions/{target}/focus")]
    app.quit()
