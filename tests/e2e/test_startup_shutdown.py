"""The real app on a broken disk: it starts, says what is wrong, and quits with exit 0.

Each test runs ``python -m sessiondock_launcher --demo`` as a subprocess on a temp home that is
read-only, owned by another user, or has a FIFO where the settings file belongs (issue 15.4 and
15.6), and asserts on what a user sees: the exit code, stderr, and whether the demo simulator
was stopped.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.fs import foreign_dir, read_only_dir
from tests.support.processes import LineReader, stop

TIMEOUT_S = 90


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return env | {"QT_QPA_PLATFORM": "offscreen", "SESSIONDOCK_LAUNCHER_HOME": str(home)}


def _smoke(home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", "--demo", "--demo-size", "200", "--smoke"],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def _simulator_port(stderr: str) -> int:
    match = re.search(r"Demo SessionDock simulator at (\S+)", stderr)
    assert match, stderr
    port = urlsplit(match.group(1)).port
    assert port is not None
    return port


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_usage_history_on_a_read_only_disk_does_not_fail_quit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for name in ("config", "data", "cache", "logs"):
        (home / name).mkdir(parents=True, mode=0o700)
    (home / "data" / "frecency.json").write_text('{"version":1,"entries":{}}')
    with read_only_dir(home / "data"):
        done = _smoke(home)
    assert done.returncode == 0, done.stderr
    assert "smoke ok" in done.stdout
    # Usage history lives in the library store now: it says it cannot be kept, and runs on.
    assert "The library cannot be stored at" in done.stderr
    assert "Traceback" not in done.stderr
    assert not _listening(_simulator_port(done.stderr)), "the demo simulator was left running"


def test_unwritable_home_starts_and_says_why(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only_dir(ro):
        done = _smoke(ro / "home")  # cannot even be created
    assert done.returncode == 0, done.stderr
    assert "smoke ok" in done.stdout
    assert "Traceback" not in done.stderr
    assert "cannot be used" in done.stderr and str(ro / "home") in done.stderr


def test_fifo_at_the_settings_path_neither_hangs_nor_is_lost(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True, mode=0o700)
    os.mkfifo(home / "config" / "settings.json")
    done = _smoke(home)  # timeout=TIMEOUT_S: a hang fails here
    assert done.returncode == 0, done.stderr
    assert "settings file could not be read" in done.stderr
    kept = list((home / "config").glob("settings.json.unreadable-*"))
    assert len(kept) == 1  # moved aside, not deleted


def test_socket_folder_of_another_user_means_running_without_single_instance(
    tmp_path: Path,
) -> None:
    """Another local user owns the folder of the lock and socket: the launcher still runs,
    says so on stderr, and quits cleanly on SIGTERM (it used to exit 1 from listen())."""
    home = tmp_path / "home"
    foreign_dir(home / "cache", 0o777)
    app = subprocess.Popen(
        [sys.executable, "-m", "sessiondock_launcher", "--demo", "--demo-size", "200"],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert app.stderr is not None
    log = LineReader(app.stderr)
    try:
        log.wait_for("Running without single-instance", timeout=TIMEOUT_S)
        log.wait_for("Library synced", timeout=TIMEOUT_S)
        app.send_signal(signal.SIGTERM)
        log.wait_for("Shut down", timeout=TIMEOUT_S)
        assert app.wait(30) == 0
    finally:
        stop(app)
        log.drain()
        app.stderr.close()
    text = "\n".join(log.lines)
    assert "Traceback" not in text
    assert "another user" in text
    assert not _listening(_simulator_port(text))
