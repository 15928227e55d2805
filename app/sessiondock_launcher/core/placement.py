"""Where the palette goes and how big it is: pure geometry in logical pixels (no Qt).

The palette always fits the available geometry of the screen it opens on (at any
``QT_SCALE_FACTOR``), with or without the preview pane, and keeps the centre it was placed at
when the pane opens or closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MARGIN", "PALETTE_SIZE", "Rect", "palette_geometry", "pick_screen"]

PALETTE_SIZE = (720, 480)
"""The preferred size of the palette without the pane (logical pixels)."""
MARGIN = 16
"""The least gap between the palette and the edges of the available area."""
MIN_LIST_WIDTH = 320
"""The results keep at least this width next to the pane, when the screen allows it."""


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        """One past the last column (``x + w``)."""
        return self.x + self.w

    @property
    def bottom(self) -> int:
        """One past the last row (``y + h``)."""
        return self.y + self.h

    @property
    def centre_x(self) -> int:
        return self.x + self.w // 2

    def contains(self, other: Rect) -> bool:
        return (
            other.x >= self.x
            and other.y >= self.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def contains_point(self, x: int, y: int) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom


def pick_screen(
    screens: Sequence[Rect], primary: int, cursor: tuple[int, int] | None, placement: str
) -> int:
    """Index of the screen the palette opens on.

    ``placement`` is the setting: ``"primary"`` always uses the primary screen; ``"cursor"``
    the screen under the mouse (the primary one when the mouse is on none of them).
    """
    if placement == "cursor" and cursor is not None:
        for i, screen in enumerate(screens):
            if screen.contains_point(*cursor):
                return i
    return primary


def palette_geometry(
    area: Rect,
    *,
    pane_width: int = 0,
    centre_x: int | None = None,
    top: int | None = None,
    size: tuple[int, int] = PALETTE_SIZE,
    margin: int = MARGIN,
) -> Rect:
    """The palette's frame geometry inside ``area`` (a screen's available geometry).

    ``pane_width`` is what the open preview pane adds (0 when closed). The results part is
    ``size[0]`` wide when there is room and gives way to the pane on small screens; the whole
    never exceeds ``area`` less ``margin`` on each side. ``centre_x`` / ``top`` keep an earlier
    placement (the pane toggled): the palette stays centred on it, shifted only as far as it
    must to stay on screen. Without them it is centred, a quarter of the way down.
    """
    usable_w = max(1, area.w - 2 * margin)
    usable_h = max(1, area.h - 2 * margin)
    list_w = min(size[0], max(MIN_LIST_WIDTH, usable_w - pane_width))
    width = min(list_w + pane_width, usable_w)
    height = min(size[1], usable_h)
    cx = area.centre_x if centre_x is None else centre_x
    y = area.y + area.h // 4 if top is None else top
    x = _clamp(cx - width // 2, area.x + margin, area.right - margin - width)
    y = _clamp(y, area.y + margin, area.bottom - margin - height)
    return Rect(x, y, width, height)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
