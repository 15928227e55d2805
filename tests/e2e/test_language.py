"""The real app picks its language from the environment at start-up (docs/translations.md).

``python -m sessiondock_launcher --demo --smoke`` runs with the variables a user sets; the smoke
line reports the connection status as the UI shows it, so it is German exactly when the German
translator was loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT_S = 90
_LOCALE_VARS = ("SESSIONDOCK_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _smoke(home: Path, **language: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", *_LOCALE_VARS)
    }
    env |= {"QT_QPA_PLATFORM": "offscreen", "SESSIONDOCK_LAUNCHER_HOME": str(home), **language}
    return subprocess.run(
        [sys.executable, "-m", "sessiondock_launcher", "--demo", "--demo-size", "50", "--smoke"],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


@pytest.mark.parametrize(
    ("language", "status", "locale"),
    [
        ({"SESSIONDOCK_LANGUAGE": "de"}, "Verbunden", "de_DE"),
        ({"LANG": "de_DE.UTF-8"}, "Verbunden", "de_DE"),
        ({"LANG": "de_DE.UTF-8", "SESSIONDOCK_LANGUAGE": "en"}, "Connected", "en_"),
        ({"LC_ALL": "C"}, "Connected", "en_"),
    ],
)
def test_the_environment_chooses_the_language(
    tmp_path: Path, language: dict[str, str], status: str, locale: str
) -> None:
    done = _smoke(tmp_path / "home", **language)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"status '{status}'" in done.stdout
    assert f"Language: {locale}" in done.stderr
