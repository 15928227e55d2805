"""Tray icons per link state: the dot's colour shows the state, and switching states while
connecting draws no SVG again (each state's first icon cost ~7 ms on the loop before)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer

from sessiondock_launcher.core.status import TrayState
from sessiondock_launcher.ui.common import icons


@pytest.fixture
def svg_renders(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every SVG drawing of the icon, by size; the caches start empty."""
    drawn: list[int] = []
    real = QSvgRenderer.render

    def counting(self: QSvgRenderer, painter: Any, *args: Any) -> None:
        drawn.append(painter.device().width())
        real(self, painter, *args)

    monkeypatch.setattr(QSvgRenderer, "render", counting)
    for name in ("app_icon", "tray_icon", "_artwork", "_svg"):
        cached = getattr(icons, name, None)
        if cached is not None:
            cached.cache_clear()
    return drawn


def _image(state: TrayState, size: int) -> QImage:
    return icons.tray_icon(state).pixmap(QSize(size, size)).toImage()


def test_every_state_after_the_first_draws_no_svg(svg_renders: list[int]) -> None:
    icons.app_icon()
    first = len(svg_renders)
    assert sorted(svg_renders) == sorted(icons.SIZES)  # once per size
    for state in TrayState:
        icons.tray_icon(state)
    assert len(svg_renders) == first


def test_the_dot_shows_the_state_and_the_artwork_is_untouched(svg_renders: list[int]) -> None:
    size = 48
    artwork = icons.app_icon().pixmap(QSize(size, size)).toImage()
    dot_center = size - int(max(6.0, size * 0.42) / 2)
    for state in TrayState:
        image = _image(state, size)
        assert image.pixelColor(dot_center, dot_center).name() == icons.DOT_COLORS[state].name()
        assert image.pixelColor(size // 3, size // 3) == artwork.pixelColor(size // 3, size // 3)
    # The artwork kept for later states has no dot painted into it.
    again = icons.app_icon().pixmap(QSize(size, size)).toImage()
    assert again.pixelColor(dot_center, dot_center) != QColor(icons.DOT_COLORS[TrayState.SYNCING])
