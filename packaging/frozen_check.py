"""Run the built bundle the way a user would, on any OS (the release workflow's check).

1. ``sessiondock-launcher --version`` prints the version;
2. ``sessiondock-launcher --smoke --demo`` starts, runs the demo simulator (the frozen binary
   itself), syncs, searches and quits with 0;
3. the app runs with ``--demo``; ``sessiondock-launcher-ctl --toggle`` reaches it (exit 0), and
   ``--quit`` ends it cleanly.

Usage: ``python packaging/frozen_check.py [BUNDLE]`` (default: this OS's bundle in ``dist/``).
Qt runs offscreen (no display needed). Exit status 0 when every step passed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GUI, CTL = "sessiondock-launcher", "sessiondock-launcher-ctl"
TIMEOUT_S = 120.0


def executables(bundle: Path) -> tuple[Path, Path]:
    """The GUI and ctl executables of a bundle folder or a macOS ``.app``."""
    folder = bundle / "Contents" / "MacOS" if bundle.suffix == ".app" else bundle
    suffix = ".exe" if sys.platform == "win32" else ""
    return folder / f"{GUI}{suffix}", folder / f"{CTL}{suffix}"


def default_bundle() -> Path:
    """Where ``packaging/build.py`` puts this OS's bundle."""
    sys.path.insert(0, str(HERE))
    from os_metadata import DISPLAY_NAME

    dist = HERE.parent / "dist"
    return dist / (f"{DISPLAY_NAME}.app" if sys.platform == "darwin" else GUI)


def run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(argv), flush=True)
    result = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    print(result.stdout + result.stderr, flush=True)
    return result


def log_size(log: Path) -> int:
    try:
        return log.stat().st_size
    except OSError:
        return 0


def wait_for_log(log: Path, start: int, text: str, app: subprocess.Popen[bytes]) -> bool:
    """Wait until the app's log file has ``text`` after byte ``start`` (a windowed Windows app
    has no stderr to read)."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with log.open("rb") as handle:
                handle.seek(start)
                if text.encode() in handle.read():
                    return True
        except OSError:
            pass
        if app.poll() is not None:
            print(f"the app exited early ({app.returncode})")
            return False
        time.sleep(0.2)
    print(f"timed out waiting for {text!r} in {log}")
    return False


def ctl_reaches_app(gui: Path, ctl: Path, env: dict[str, str], log: Path) -> bool:
    start = log_size(log)  # the smoke run logged into the same file before
    app = subprocess.Popen([str(gui), "--demo", "--demo-size", "300"], env=env)
    try:
        if not wait_for_log(log, start, "Connected to SessionDock", app):  # up, answering
            return False
        if run([str(ctl), "--toggle"], env).returncode != 0:
            return False
        if not wait_for_log(log, start, "Palette shown", app):
            return False
        if run([str(ctl), "--quit"], env).returncode != 0:
            return False
        return app.wait(TIMEOUT_S) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if log.exists():
            print(log.read_text(encoding="utf-8", errors="replace"), flush=True)


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else default_bundle()
    gui, ctl = executables(bundle)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SESSIONDOCK_LAUNCHER_HOME=home)
        for name in ("SESSIONDOCK_BASE_URL", "SESSIONDOCK_TOKEN"):
            env.pop(name, None)
        checks = {
            "--version": run([str(gui), "--version"], env).returncode == 0,
            "--smoke --demo": run([str(gui), "--smoke", "--demo"], env).returncode == 0,
            "ctl --toggle": ctl_reaches_app(gui, ctl, env, Path(home) / "logs" / "launcher.log"),
        }
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
