"""The demo's simulator never outlives the app, even when the app is killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.processes import LineReader

PARENT = """
from sessiondock_launcher.simulator.runner import SimulatorProcess
sim = SimulatorProcess(size=20).start()
print("child", sim.pid, flush=True)
input()  # block until killed
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is reaped by init shortly; /proc tells us its state
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_simulator_exits_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None and parent.stdin is not None
    out = LineReader(parent.stdout)
    child = int(out.wait_for(r"^child \d+").split()[1])
    assert _alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait(10)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)  # polling another process's liveness: there is no event to await
    alive = _alive(child)
    if alive:
        os.kill(child, signal.SIGKILL)
    parent.stdin.close()
    parent.stdout.close()
    assert not alive, "the simulator outlived the process that started it"
