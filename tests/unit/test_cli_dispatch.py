"""The control commands users bind to a shortcut dispatch before any heavy import.

A desktop shortcut bound to ``sessiondock-launcher --toggle`` starts a fresh interpreter on every
key press (bench/bench_ctl.py budgets it); these tests pin down what that path may import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from sessiondock_launcher import cli
code = cli.main(sys.argv[1:])
heavy = sorted(m for m in ("argparse", "typing", "PySide6", "qasync", "httpx", "platformdirs")
               if m in sys.modules)
print(json.dumps({"code": code, "heavy": heavy}))
"""


def run_probe(tmp_path: Path, *args: str) -> dict[str, object]:
    env = {
        "PATH": "/usr/bin:/bin",
        "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path),  # a private address: no instance runs there
        "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "app"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


@pytest.mark.parametrize(
    "args",
    [
        ("--toggle",),
        ("--hide",),
        ("--quit",),
        ("--search", "drum loop"),
        ("--focus", "session_12"),
        ("--open-latest",),
    ],
)
def test_control_commands_import_nothing_heavy(tmp_path: Path, args: tuple[str, ...]) -> None:
    answer = run_probe(tmp_path, *args)
    assert answer == {"code": 1, "heavy": []}  # 1: no instance runs at this address


def test_version_still_goes_through_argparse(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", "--version"],
        env={
            "PATH": "/usr/bin:/bin",
            "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path),
            "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "app"),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout.split()[0]) == (0, "sessiondock-launcher")
