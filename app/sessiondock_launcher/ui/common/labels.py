"""Labels that show their whole text or say they do not: one line elided with the full text in
the tooltip, or word-wrapped lines that claim the height they need.

Height-for-width does not pass through every layout above a widget (the preview pane's stack,
the editors in it): a wrapped label there gets one line's height and its other lines are
clipped. :class:`WrappingLabel` therefore claims its height at its width as a minimum, as the
tag chips do (``ui/editors/tags.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidingLabel(QLabel):
    """A one-line label that never widens its window: long text ends in "…" (full text in the
    tooltip), so a long status (the offline notice) cannot push the palette off its centre.

    Whether the text is cut is decided at the width it has now, again after every resize: a
    tooltip is there exactly while the text is cut.
    """

    MAX_WIDTH = 420

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), self.MAX_WIDTH), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(super().minimumSizeHint().width(), 80), super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """What is painted: the text, or its start and "…" when it does not fit."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        tooltip = self.text() if self.is_elided() else ""
        if self.toolTip() != tooltip:
            self.setToolTip(tooltip)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.rect(), int(self.alignment()), self.shown_text())


class WrappingLabel(QLabel):
    """A word-wrapped label that is always as tall as its lines at its width (never clipped)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._fit_height()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Not before the first layout: a new widget is 100 px wide until then.
        needed = max(0, self.heightForWidth(self.width())) if self.isVisible() else 0
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)
