"""Windowed bundles (Windows ``console=False``, macOS .app) run with no stdout and no stderr.

PyInstaller then sets ``sys.stdout``, ``sys.stderr`` and their ``__dunder__`` twins to None
(docs/pitfalls.md §12): a logging handler or a ``print(..., file=sys.stderr)`` must not crash
there. This runs the real app (``--smoke --demo``, offscreen) in that state on any OS, without a
build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = """\
import sys

sys.stdout = sys.stderr = sys.__stdout__ = sys.__stderr__ = None
from sessiondock_launcher.cli import main

raise SystemExit(main(["--smoke", "--demo", "--demo-size", "300"]))
"""


def test_app_runs_without_stdout_and_stderr(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout == ""  # print() to a None stdout is dropped, not an error
    assert "Traceback" not in result.stderr  # Qt's own messages still reach fd 2; Python's not
    log = (tmp_path / "logs" / "launcher.log").read_text(encoding="utf-8")
    assert "Library synced: 300 sessions" in log
    assert "Shut down cleanly" in log
