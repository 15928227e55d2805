"""``--query TEXT --json`` prints Alfred Script Filter JSON in every outcome.

Alfred and Raycast script filters parse stdout as JSON: plain text or nothing shows the user
nothing. Without an answer, one item that cannot be chosen (``"valid": false``) carries the
message; stderr keeps it; the exit codes stay (0 answered, 1 no answer, 2 usage).
Real processes: the CLI, and for the syncing case a running launcher with a SessionDock so slow
that its first sync cannot finish during the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.processes import LineReader, stop

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX sockets")

TOKEN = "query-json-token"
TIMEOUT_S = 60


def _env(home: Path, base_url: str = "http://127.0.0.1:9/api/v1") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return env | {
        "QT_QPA_PLATFORM": "offscreen",
        "SESSIONDOCK_LAUNCHER_HOME": str(home),
        "SESSIONDOCK_BASE_URL": base_url,
        "SESSIONDOCK_TOKEN": TOKEN,
    }


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def _only_invalid_item(stdout: str) -> dict[str, object]:
    """The one ``"valid": false`` item of a Script Filter answer (fails on anything else)."""
    answer = json.loads(stdout)
    assert list(answer) == ["items"]
    (item,) = answer["items"]
    assert item["valid"] is False
    assert isinstance(item["title"], str)
    assert item["title"]
    return dict(item)


def test_no_instance_and_no_store_is_an_item_saying_so(tmp_path: Path) -> None:
    done = _cli(_env(tmp_path), "--query", "drums", "--json")
    assert done.returncode == 1
    item = _only_invalid_item(done.stdout)
    assert str(item["title"]).startswith("No running launcher and no stored library")
    assert "no running launcher and no stored library" in done.stderr


def test_plain_query_without_answer_still_prints_nothing_on_stdout(tmp_path: Path) -> None:
    done = _cli(_env(tmp_path), "--query", "drums")
    assert (done.returncode, done.stdout) == (1, "")


@pytest.mark.parametrize(
    "args",
    [("--query", "--json"), ("--json", "--query"), ("--query", "x" * 300, "--json")],
    ids=["no-text", "json-first-no-text", "text-over-the-limit"],
)
def test_usage_errors_with_json_are_an_item_and_exit_2(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    done = _cli(_env(tmp_path), *args)
    assert done.returncode == 2, done.stderr
    item = _only_invalid_item(done.stdout)
    assert done.stderr.strip()
    assert str(item["title"]).casefold() in done.stderr.casefold()  # the same message


def test_instance_still_on_its_first_sync_is_an_item_saying_so(tmp_path: Path) -> None:
    slow = SimulatorConfig(token=TOKEN, latency_s=30.0)  # no page arrives during this test
    sim = SimulatorThread(SimulatorState(slow, generate_library(50, seed=3))).start()
    env = _env(tmp_path / "home", sim.base_url)
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
        log.wait_for("Listening for commands", TIMEOUT_S)
        log.wait_for("Stored library searchable", TIMEOUT_S)  # answer_command is wired
        done = _cli(env, "--query", "drums", "--json")
        log.wait_for(r"IPC command query")  # the instance was asked first
        assert done.returncode == 1, (done.stdout, done.stderr)
        item = _only_invalid_item(done.stdout)
        assert "still syncing your library" in str(item["title"])
        assert "still syncing your library" in done.stderr
    finally:
        stop(app)
        log.wait_closed()
        app.stderr.close()
        sim.stop()
