"""--demo: when the demo server dies, the launcher says so and restarts it (issue 11 item 4).

A dead demo simulator used to read "SessionDock isn't running — start it…" (the user cannot start
it: the launcher owns it) and stayed dead. The real app runs as a subprocess; its simulator child
is killed; the same address must answer again and the log must say what happened.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import urlopen

from tests.support.processes import LineReader, stop

TIMEOUT_S = 60


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(p) for p in text)
    return found


def test_a_killed_demo_server_is_restarted_on_the_same_address(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path / "home")}
    app = subprocess.Popen(
        [sys.executable, "-m", "sessiondock_launcher", "--demo", "--demo-size", "100"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stderr is not None
        log = LineReader(app.stderr)
        line = log.wait_for(r"Demo SessionDock simulator at \S+", timeout=TIMEOUT_S)
        base_url = re.search(r"at (\S+)", line).group(1)  # type: ignore[union-attr]
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        log.wait_for(r"Library synced|synced", timeout=TIMEOUT_S)
        (child,) = _children(app.pid)
        os.kill(child, signal.SIGKILL)
        log.wait_for(r"The demo server stopped .*restarting it", timeout=10)
        deadline = time.monotonic() + 20
        answered = False
        while not answered and time.monotonic() < deadline:
            try:
                with urlopen(origin + "/api/v1/health", timeout=1) as reply:
                    answered = reply.status == 200
            except HTTPError:  # any HTTP answer: the server is up
                answered = True
            except OSError:
                time.sleep(0.2)  # polling another process's socket: no event to await
        assert answered, "the demo server was not restarted on its address"
        assert app.poll() is None
    finally:
        stop(app)
        if app.stderr is not None:
            app.stderr.close()
