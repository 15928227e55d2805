"""Colours for the palette, following the system light/dark scheme."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication


@dataclass(frozen=True, slots=True)
class Theme:
    dark: bool
    window: QColor
    border: QColor
    field: QColor
    text: QColor
    subtext: QColor
    selection: QColor
    match: QColor
    match_tint: QColor  # behind matched runs of a title: a calm marker, not a link
    error: QColor
    warning: QColor
    info: QColor
    chip_text: QColor

    def chip_color(self, tag: str) -> QColor:
        """A stable colour per tag, tuned for legibility on this theme."""
        hue = zlib.crc32(tag.casefold().encode()) % 360
        return QColor.fromHsl(hue, 150, 70 if self.dark else 215)

    def kind_color(self, kind: str) -> QColor:
        hue = zlib.crc32(kind.casefold().encode()) % 360
        return QColor.fromHsl(hue, 120, 95 if self.dark else 150)


LIGHT = Theme(
    dark=False,
    window=QColor("#fbfbfc"),
    border=QColor("#d5d7dd"),
    field=QColor("#ffffff"),
    text=QColor("#1d1f24"),
    subtext=QColor("#6b7079"),
    selection=QColor("#dce6fb"),
    match=QColor("#1f5fd6"),
    match_tint=QColor(240, 176, 40, 64),
    error=QColor("#b3261e"),
    warning=QColor("#8a5a00"),
    info=QColor("#2f5d8a"),
    chip_text=QColor("#1d1f24"),
)

DARK = Theme(
    dark=True,
    window=QColor("#1f2024"),
    border=QColor("#3a3c43"),
    field=QColor("#2a2c31"),
    text=QColor("#eceef2"),
    subtext=QColor("#9a9fa8"),
    selection=QColor("#34476b"),
    match=QColor("#8ab4ff"),
    match_tint=QColor(255, 255, 255, 34),
    error=QColor("#ff8a80"),
    warning=QColor("#ffcc66"),
    info=QColor("#9cc3ee"),
    chip_text=QColor("#f2f3f5"),
)


def system_theme(preference: str = "auto") -> Theme:
    """``preference`` is the user's setting: "light", "dark" or "auto" (follow the system)."""
    if preference in ("light", "dark"):
        return DARK if preference == "dark" else LIGHT
    hints = QGuiApplication.styleHints()
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT
