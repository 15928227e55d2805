"""Hold the palette open while one of our own menus or dialogs has the focus.

The palette hides when it loses activation; a Ctrl+K menu or a file picker takes it on purpose.
Whoever opens one gets a :class:`PaletteHold` passed in and runs the menu inside ``with hold:``.
"""

from __future__ import annotations

from types import TracebackType


class PaletteHold:
    """A counted "keep the palette open" reason; nests, and is released even on errors."""

    def __init__(self) -> None:
        self._count = 0

    @property
    def active(self) -> bool:
        return self._count > 0

    def __enter__(self) -> PaletteHold:
        self._count += 1
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._count -= 1
