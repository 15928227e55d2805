"""Settings at ``QT_SCALE_FACTOR=2`` on a 1600x1000 screen (800x500 logical): the window fits the
screen and Save stays on it; the sections scroll instead (seen under Xvfb: Save was off-screen).

Scale is fixed when a QApplication starts, so the dialog is built in a fresh offscreen process
with a screen layout file (Qt's offscreen ``configfile``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import json
from PySide6.QtWidgets import QApplication
from sessiondock_launcher.settings import ConnectionConfig, Settings
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.common.theme import LIGHT, apply_app_theme
from sessiondock_launcher.ui.settings.dialog import SettingsDialog

app = QApplication([])
apply_app_theme(LIGHT)

async def never(*_args):
    raise AssertionError("no health check here")

conn = ConnectionConfig("http://127.0.0.1:18432/api/v1", None, "settings", "keyring")
dialog = SettingsDialog(Settings(), conn, never, TaskRunner(on_error=print), first_run=True)
dialog.show()
app.processEvents()
area = dialog.screen().availableGeometry()
save = dialog.save_button
top_left = save.mapToGlobal(save.rect().topLeft())
bar = dialog.body.verticalScrollBar()
print(json.dumps({
    "area": [area.x(), area.y(), area.width(), area.height()],
    "dialog": [dialog.x(), dialog.y(), dialog.width(), dialog.height()],
    "save": [top_left.x(), top_left.y(), save.width(), save.height()],
    "scrolls": bar.maximum() > 0,
}))
"""

LAYOUT = {
    "screens": [
        {"name": "A", "x": 0, "y": 0, "width": 1600, "height": 1000, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
    ]
}  # fmt: skip


@pytest.mark.parametrize("scale", [1, 2])
def test_settings_fit_the_screen_with_save_on_it(tmp_path: Path, scale: int) -> None:
    layout = tmp_path / "screens.json"
    layout.write_text(json.dumps(LAYOUT), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={layout}",
        QT_SCALE_FACTOR=str(scale),
        QT_ENABLE_HIGHDPI_SCALING="1",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    ax, ay, aw, ah = got["area"]
    assert (aw, ah) == (1600 // scale, 1000 // scale)
    _x, _y, w, h = got["dialog"]
    assert w <= aw and h <= ah, got
    sx, sy, sw, sh = got["save"]
    assert ax <= sx and sx + sw <= ax + aw and ay <= sy and sy + sh <= ay + ah, got
    assert got["scrolls"] == (scale == 2)  # all of it shows at scale 1
