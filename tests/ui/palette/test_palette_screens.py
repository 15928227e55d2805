"""The palette on two screens and at ``QT_SCALE_FACTOR=2``, in a fresh process.

Scale and screens are fixed when a QGuiApplication starts, so each case runs a small script in
its own process on the offscreen platform with a screen layout file (Qt's offscreen
``configfile``): screen A 1600x1000 (primary), screen B 1280x800 to its right. The script
builds the real :class:`PaletteWindow`, adds a pane of the preview's fixed width to ``body`` and
toggles it the way the pane does (show it, then grow the window by its width), and prints the
geometries it got.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = r"""
import json, sys
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QWidget
from sessiondock_launcher.ui.common.theme import LIGHT
from sessiondock_launcher.ui.palette.result_delegate import ResultDelegate
from sessiondock_launcher.ui.palette.window import PaletteWindow
from sessiondock_launcher.ui.preview.pane import PANE_WIDTH

placement, cursor_x, cursor_y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
app = QApplication([])
window = PaletteWindow(ResultDelegate(LIGHT, lambda s: None), LIGHT)
window.placement = lambda: placement
pane = QWidget()
pane.setFixedWidth(PANE_WIDTH)
window.body.addWidget(pane)
pane.hide()
QCursor.setPos(QPoint(cursor_x, cursor_y))

def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]

def toggle(shown: bool) -> None:  # what PreviewPane.set_shown does
    pane.setVisible(shown)
    delta = PANE_WIDTH + 10
    window.resize(window.width() + (delta if shown else -delta), window.height())

out = {"screens": {s.name(): rect(s.availableGeometry()) for s in app.screens()}}
window.show_palette()
app.processEvents()
out["closed"] = rect(window.frameGeometry())
toggle(True)
app.processEvents()
out["open"] = rect(window.frameGeometry())
toggle(False)
app.processEvents()
out["closed_again"] = rect(window.frameGeometry())
print(json.dumps(out))
"""

LAYOUT = {
    "screens": [
        {"name": "A", "x": 0, "y": 0, "width": 1600, "height": 1000, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
        {"name": "B", "x": 1600, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
    ]
}  # fmt: skip


def run(tmp_path: Path, scale: int, placement: str, cursor: tuple[int, int]) -> dict[str, Any]:
    layout = tmp_path / "screens.json"
    layout.write_text(json.dumps(LAYOUT), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={layout}",
        QT_SCALE_FACTOR=str(scale),
        QT_ENABLE_HIGHDPI_SCALING="1",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, placement, str(cursor[0]), str(cursor[1])],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return x >= ax and y >= ay and x + w <= ax + aw and y + h <= ay + ah


def centre(rect: list[int]) -> float:
    return rect[0] + rect[2] / 2


@pytest.mark.parametrize("scale", [1, 2])
def test_fits_the_screen_with_and_without_the_pane(tmp_path: Path, scale: int) -> None:
    got = run(tmp_path, scale, "cursor", (10, 10))
    area = got["screens"]["A"]
    for state in ("closed", "open", "closed_again"):
        assert inside(got[state], area), (scale, state, got)
    assert abs(centre(got["open"]) - centre(got["closed"])) <= 1  # grows around its centre
    assert got["closed_again"] == got["closed"]
    if scale == 2:  # reported: 720x460 at y=125 on this 800x500 screen, the footer cut off
        assert got["closed"][3] < 480 and got["open"][2] <= area[2]


def test_under_the_mouse_opens_on_the_screen_under_the_mouse(tmp_path: Path) -> None:
    got = run(tmp_path, 1, "cursor", (2000, 300))
    assert inside(got["closed"], got["screens"]["B"])


def test_on_the_primary_screen_ignores_the_mouse(tmp_path: Path) -> None:
    got = run(tmp_path, 1, "primary", (2000, 300))
    assert inside(got["closed"], got["screens"]["A"])
    assert inside(got["open"], got["screens"]["A"])
