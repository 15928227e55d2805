"""A real X server (Xvfb) for tests that need xcb: real windows, key grabs, xdotool typing."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tests.support.processes import stop, wait_for_file

X_SOCKETS = Path("/tmp/.X11-unix")


def require_xvfb(*tools: str) -> None:
    missing = [t for t in ("Xvfb", *tools) if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (installed by .ci/run)")


@contextmanager
def xvfb_display(size: str = "1280x800x24") -> Iterator[str]:
    """Start Xvfb on a free display number; yields ``":N"``."""
    number = next(
        n
        for n in range(90, 400)
        if not (X_SOCKETS / f"X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()
    )
    proc = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", size, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_for_file(X_SOCKETS / f"X{number}", timeout=15)
        yield f":{number}"
    finally:
        stop(proc)


def x_env(display: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    return env


def xdotool(display: str, *args: str) -> str:
    """Run xdotool against ``display``; its stdout, stripped."""
    return subprocess.run(
        ["xdotool", *args],
        env=x_env(display),
        check=True,
        capture_output=True,
        text=True,
        timeout=20,
    ).stdout.strip()
