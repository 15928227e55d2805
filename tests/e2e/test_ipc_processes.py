"""Single instance + IPC across real processes: a Qt instance and the ``ctl`` command line.

The instance is a small helper script (QApplication offscreen + SingleInstance) that prints
``ready`` and one ``command <cmd> <args json>`` line per command, and exits 0 after ``quit``.
Tests wait for its output lines with a timeout, never with sleeps.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from sessiondock_launcher import ctl

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and sockets")

HELPER = """\
import json
import sys

from PySide6.QtWidgets import QApplication

from sessiondock_launcher.desktop.single_instance import SingleInstance

app = QApplication(sys.argv)
instance = SingleInstance.for_current_user()
if not instance.acquire():
    print("locked", flush=True)
    sys.exit(3)
instance.listen()


def on_command(cmd, args):
    print("command", cmd, json.dumps(args, sort_keys=True), flush=True)
    if cmd == "quit":
        instance.close()
        app.quit()


instance.command_received.connect(on_command)
print("ready", flush=True)
sys.exit(app.exec())
"""

LINE_TIMEOUT = 20.0  # Qt start-up on a loaded CI box


class Instance:
    """A helper process with its stdout read line by line on a thread."""

    def __init__(self, script: Path, env: dict[str, str], log: Path) -> None:
        self._log_file = log.open("w")
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, str(script)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            text=True,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def next_line(self, timeout: float = LINE_TIMEOUT) -> str | None:
        """The next stdout line; ``None`` at end of output."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"no output within {timeout} s; stderr:\n{self.log.read_text()}")

    def wait(self, timeout: float = LINE_TIMEOUT) -> int:
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self._reader.join(10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log_file.close()


Start = Callable[[], Instance]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    environ[ctl.HOME_ENV] = str(tmp_path / "home")
    environ["QT_QPA_PLATFORM"] = "offscreen"
    return environ


@pytest.fixture
def start(tmp_path: Path, env: dict[str, str]) -> Iterator[Start]:
    script = tmp_path / "instance.py"
    script.write_text(HELPER)
    started: list[Instance] = []

    def _start() -> Instance:
        instance = Instance(script, env, tmp_path / f"instance-{len(started)}.log")
        started.append(instance)
        return instance

    yield _start
    for instance in started:
        instance.stop()


def run_ctl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher.ctl", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_ctl_commands_reach_the_running_instance(start: Start, env: dict[str, str]) -> None:
    instance = start()
    assert instance.next_line() == "ready"

    for args, expected in [
        (["--show"], "command show {}"),
        (["--toggle"], "command toggle {}"),
        (["--search", "drum loop"], 'command search {"text": "drum loop"}'),
    ]:
        result = run_ctl(env, *args)
        assert (result.returncode, result.stderr) == (0, "")
        assert instance.next_line() == expected

    result = run_ctl(env, "--quit")
    assert (result.returncode, result.stderr) == (0, "")
    assert instance.next_line() == "command quit {}"
    assert instance.next_line() is None
    assert instance.wait() == 0
    # it cleaned up: the next --toggle finds nothing
    assert run_ctl(env, "--toggle").returncode == 1


def test_toggle_without_instance_exits_1_with_a_clear_message(env: dict[str, str]) -> None:
    started = time.monotonic()
    result = run_ctl(env, "--toggle")
    assert result.returncode == 1
    assert ctl.NO_INSTANCE_MESSAGE in result.stderr
    assert result.stdout == ""
    assert time.monotonic() - started < 10  # no long connect timeout


def test_second_instance_is_refused_and_the_first_keeps_serving(
    start: Start,
    env: dict[str, str],
) -> None:
    first = start()
    assert first.next_line() == "ready"
    second = start()
    assert second.next_line() == "locked"
    assert second.wait() == 3

    assert run_ctl(env, "--toggle").returncode == 0
    assert first.next_line() == "command toggle {}"
    assert run_ctl(env, "--quit").returncode == 0
    assert first.next_line() == "command quit {}"
    assert first.wait() == 0


def test_killed_instance_is_replaced_by_the_next_start(start: Start, env: dict[str, str]) -> None:
    crashed = start()
    assert crashed.next_line() == "ready"
    crashed.process.send_signal(signal.SIGKILL)
    assert crashed.wait() == -signal.SIGKILL
    address = ctl.server_address(environ=env)
    assert Path(address).exists()  # the stale socket stays behind

    result = run_ctl(env, "--toggle")  # refused connection = not running
    assert result.returncode == 1
    assert ctl.NO_INSTANCE_MESSAGE in result.stderr

    replacement = start()  # takes over the dead lock and removes the stale socket
    assert replacement.next_line() == "ready"
    assert run_ctl(env, "--show").returncode == 0
    assert replacement.next_line() == "command show {}"
    assert run_ctl(env, "--quit").returncode == 0
    assert replacement.next_line() == "command quit {}"
    assert replacement.wait() == 0
