"""Where the palette window sits: fitted to the screen the setting picks (under the mouse, or the
primary), and kept around the same centre when the preview pane opens or closes (it resizes the
window). The geometry itself comes from ``core/placement.py``."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QWidget

from sessiondock_launcher.core.placement import Rect, palette_geometry, pick_screen

logger = logging.getLogger(__name__)


class PalettePlacement:
    """Places ``window``; its ``body`` row holds the fixed widgets and, beside them, the pane.

    Args:
        window: the palette window.
        body: the row with the results (``fixed``) and whatever app.py adds (the pane).
        fixed: the widgets of ``body`` that are always there (they add no width).
        setting: the placement setting, read at each placing ("cursor" or "primary").
    """

    def __init__(
        self,
        window: QWidget,
        body: QHBoxLayout,
        fixed: tuple[QWidget, ...],
        setting: Callable[[], str],
    ) -> None:
        self._window = window
        self._body = body
        self._fixed = fixed
        self._setting = setting
        self._placed: tuple[Rect, int, int, int] | None = None  # area, centre x, top, pane
        self._fitting = False

    def place_on_screen(self) -> None:
        """Fit the window to the screen the setting picks (under the mouse, or the primary)."""
        screens = QGuiApplication.screens()
        if not screens:
            return
        primary = QGuiApplication.primaryScreen()
        cursor = QCursor.pos()
        index = pick_screen(
            [_rect(s.geometry()) for s in screens],
            screens.index(primary) if primary in screens else 0,
            (cursor.x(), cursor.y()),
            self._setting(),
        )
        area = _rect(screens[index].availableGeometry())
        pane = self._pane_width()
        geometry = palette_geometry(area, pane_width=pane)
        self._placed = (area, geometry.centre_x, geometry.y, pane)
        self._set_geometry(geometry)

    def on_resized(self) -> None:
        """The pane opened or closed (it resizes the window): refit around the placed centre."""
        if self._fitting or self._placed is None or not self._window.isVisible():
            return
        area, centre_x, top, pane = self._placed
        now = self._pane_width()
        if now == pane:
            return
        geometry = palette_geometry(area, pane_width=now, centre_x=centre_x, top=top)
        self._placed = (area, centre_x, top, now)
        self._set_geometry(geometry)

    def _pane_width(self) -> int:
        """What the open preview pane (added to ``body`` by app.py) adds to the width."""
        body = self._body
        extra = 0
        for i in range(body.count()):
            item = body.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is None or widget in self._fixed or widget.isHidden():
                continue
            hint = max(widget.minimumWidth(), widget.sizeHint().width())
            extra += min(widget.maximumWidth(), hint) + body.spacing()
        return extra

    def _set_geometry(self, geometry: Rect) -> None:
        self._fitting = True
        try:
            self._window.setGeometry(QRect(geometry.x, geometry.y, geometry.w, geometry.h))
        finally:
            self._fitting = False


def _rect(rect: QRect) -> Rect:
    return Rect(rect.x(), rect.y(), rect.width(), rect.height())
