"""The palette's building blocks: the results list, the search field, the empty state, the
status chip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP
from sessiondock_launcher.ui.common.labels import ElidingLabel
from sessiondock_launcher.ui.editors.draft import NewSessionDraft, draft_for_search


class ResultsList(QListView):
    """A list whose viewport is opaque, so scrolling moves the painted rows and paints only the
    rows it uncovers.

    A viewport with a transparent or style-sheet background is repainted whole on every scroll
    step (Qt scrolls by copying pixels only for opaque widgets): 7-9 rows at ~0.7 ms each per
    step, where 2 rows are new. The viewport is marked opaque and fills the background itself.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.background = QColor(Qt.GlobalColor.white)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def repaint_row(self, index: QModelIndex) -> None:
        """That row's rectangle (a connection to ``update`` would pick the whole widget's)."""
        self.update(index)

    def set_background(self, color: QColor) -> None:
        self.background = QColor(color)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.background)  # (what Qt no longer clears)
        painter.end()
        super().paintEvent(event)


def results_list(
    parent: QWidget, model: QAbstractItemModel, delegate: QAbstractItemDelegate
) -> ResultsList:
    """The results: uniform rows (fast resets at 100k, docs/pitfalls.md §6), never focused."""
    view = ResultsList(parent)
    view.setObjectName("results")
    view.setAccessibleName(QCoreApplication.translate("Palette", "Results"))
    view.setModel(model)
    view.setItemDelegate(delegate)
    view.setUniformItemSizes(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setFrameShape(QFrame.Shape.NoFrame)
    return view


def search_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName("search")
    field.setAccessibleName(QCoreApplication.translate("Palette", "Search sessions"))
    field.setPlaceholderText(
        QCoreApplication.translate(
            "Palette", "Search sessions…   #tag  kind:Ableton  status:mixing  recent"
        )
    )
    field.setClearButtonEnabled(True)
    return field


FILTER_HELP = QT_TRANSLATE_NOOP(
    "Palette",
    "Narrow it down with a filter\n"
    "#tag  ·  kind:Ableton  ·  status:mixing  ·  recent\n"
    "Words match titles, tags, kinds and the start of the notes.",
)


ECHO_CHARS = 120
"""Characters of the search quoted back in the empty state ("No sessions match “…”")."""
ECHO_WORD_CHARS = 40
"""Characters of one word of it: a longer one cannot wrap and would widen the palette."""


def echo_text(search: str) -> str:
    """``search`` short enough to quote in the empty state: the field holds all of it."""
    words = [
        w if len(w) <= ECHO_WORD_CHARS else w[: ECHO_WORD_CHARS - 1] + "…" for w in search.split()
    ]
    text = " ".join(words)
    return text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1].rstrip() + "…"


class ElidingButton(QPushButton):
    """A push button that never widens its window: narrower than its text, the text ends in
    "…" when painted (``text()`` stays whole for the tooltip and screen readers)."""

    MIN_WIDTH = 120

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # Preferred may shrink below the text (a QPushButton's default, Minimum, may not).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.MIN_WIDTH), hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        metrics = self.fontMetrics()
        padding = self.sizeHint().width() - metrics.horizontalAdvance(self.text())
        option.text = metrics.elidedText(
            self.text(), Qt.TextElideMode.ElideRight, max(0, self.width() - padding)
        )
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_PushButton, option)


def _no_values(_field: str) -> list[str]:
    return []


class EmptyState(QWidget):
    """No rows: what happened (``label``), how to search better, and "New session" when allowed.

    The new session is prefilled from the search (:func:`draft_for_search`) so it lands in it;
    the button says what it will create. ``known_values`` gives the library's kinds and statuses
    (the app sets it; a kind neither the library nor the well-known list has is not prefilled).

    Signals:
        new_session_requested(NewSessionDraft): the user asked for a new session from the search.
    """

    new_session_requested = Signal(object)
    TITLE_WIDTH = 300
    """Pixels of the button's title before it ends in "…" (and of its filters, below)."""
    FILTERS_WIDTH = 220

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.draft = NewSessionDraft()
        self.known_values: Callable[[str], list[str]] = _no_values
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(10)
        layout.addStretch(1)
        self.label = QLabel(self)
        self.label.setObjectName("empty")
        self.label.setAccessibleName(QCoreApplication.translate("Palette", "No results"))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.help = QLabel(QCoreApplication.translate("Palette", FILTER_HELP), self)
        self.help.setObjectName("emptyHelp")
        self.help.setAccessibleName(QCoreApplication.translate("Palette", "Search help"))
        self.help.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.help.setWordWrap(True)
        self.new_button = ElidingButton(self)
        self.new_button.setObjectName("emptyNew")
        self.new_button.setAccessibleName(QCoreApplication.translate("Palette", "New session"))
        self.new_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the field
        self.new_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.new_button.clicked.connect(lambda: self.new_session_requested.emit(self.draft))
        layout.addWidget(self.label)
        layout.addWidget(self.help)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.hide()

    def show_state(self, text: str, query: str, *, can_write: bool) -> None:
        """``query`` non-empty: no match for it (help and, if ``can_write``, the button)."""
        known = self.known_values
        self.draft = (
            draft_for_search(query, kinds=known("kind"), statuses=known("status"))
            if query
            else NewSessionDraft()
        )
        self.label.setText(text)
        self.help.setVisible(bool(query))
        self.new_button.setVisible(bool(self.draft.title) and can_write)
        shown = self._button_text(elide=True)
        self.new_button.setText(shown.replace("&", "&&"))  # "Rock & Roll": no mnemonic
        full = self._button_text(elide=False)
        self.new_button.setToolTip(full if full != shown else "")
        self.new_button.setAccessibleDescription(full)

    def _button_text(self, *, elide: bool) -> str:
        title, filters = self.draft.title, self.draft.filters_text
        if elide:
            metrics = self.new_button.fontMetrics()
            right = Qt.TextElideMode.ElideRight
            title = metrics.elidedText(title, right, self.TITLE_WIDTH)
            filters = metrics.elidedText(filters, right, self.FILTERS_WIDTH)
        if not filters:
            return QCoreApplication.translate("Palette", "+  New session “{title}”").format(
                title=title
            )
        return QCoreApplication.translate("Palette", "+  New session “{title}” {filters}").format(
            title=title, filters=filters
        )

    def text(self) -> str:
        return self.label.text()


def empty_state(parent: QWidget) -> EmptyState:
    return EmptyState(parent)


class StatusChip(QFrame):
    """The connection state as a small chip: a dot in the tray's colour, then the text."""

    def __init__(self, parent: QWidget, accessible_name: str) -> None:
        super().__init__(parent)
        self.setObjectName("statusChip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 10, 0)
        layout.setSpacing(5)
        self.setFixedHeight(20)  # a radius over half the height is ignored by style sheets
        self.dot = QLabel("●", self)
        self.dot.setObjectName("chipDot")
        self.dot.setAccessibleName("")
        self.label = ElidingLabel(self)
        self.label.setObjectName("status")
        self.label.setAccessibleName(accessible_name)
        layout.addWidget(self.dot)
        layout.addWidget(self.label)
        self.color = QColor()

    def set_state(self, text: str, color: QColor, border: QColor) -> None:
        self.color = color
        self.label.setText(text)
        self.label.setAccessibleDescription(text)
        self.setToolTip(text)  # the whole sentence when the row's width cuts it ("Focusin…")
        tint = QColor(color)
        tint.setAlpha(46)
        rgba = f"rgba({tint.red()}, {tint.green()}, {tint.blue()}, {tint.alpha()})"
        self.setStyleSheet(
            f"#statusChip {{ background: {rgba}; border: 1px solid {border.name()};"
            " border-radius: 9px; }"
            "#statusChip QLabel { background: transparent; border: none; }"
            f"#chipDot {{ color: {color.name()}; font-size: 10px; }}"
        )
        self.setVisible(bool(text))


def status_label(parent: QWidget, accessible_name: str, text: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("status")
    label.setAccessibleName(accessible_name)
    return label
