"""The Ctrl+K action panel: a searchable list of the session's actions over the palette.

It floats over the palette's bottom-right (a child of the body, so it never moves the list and
never takes the window's activation away), with a "Search actions…" field at its foot like
Raycast's. What is listed, enabled or greyed with its reason, and what a typed filter keeps come
from ``core/action_list.py``; the keys are the palette's keymap (``core/keymap.py``): ↑/↓ and the
other moves, ↵ runs the highlighted action, Esc or Ctrl+K again closes the panel only, and an
action's own shortcut runs it.

Signals:
    ActionPanel.action_triggered(PanelAction): the user ran an enabled action (panel closed).
    ActionPanel.closed(): the panel closed (run, Esc, Ctrl+K, a click outside, the palette hid).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from sessiondock_launcher.core.action_list import ActionList, PanelAction
from sessiondock_launcher.core.keymap import NAVIGATION, Intent, lookup
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.palette.action_rows import (
    HEADER_HEIGHT,
    MARGIN,
    PANEL_WIDTH,
    ROW_HEIGHT,
    ActionRowDelegate,
    ActionRows,
    accessible_text,
)
from sessiondock_launcher.ui.palette.glyphs import glyph
from sessiondock_launcher.ui.palette.keys import key_of

logger = logging.getLogger(__name__)

_MOVES = {
    Intent.NEXT: 1,
    Intent.PREVIOUS: -1,
    Intent.PAGE_DOWN: 6,
    Intent.PAGE_UP: -6,
}


class ActionPanel(QWidget):
    """The overlay (covering the palette's body, catching clicks outside) and its card."""

    action_triggered = Signal(object)
    closed = Signal()

    def __init__(self, host: QWidget, theme: Theme) -> None:
        super().__init__(host)
        self.setObjectName("actionOverlay")
        self.theme = theme
        self.focus_home: QWidget | None = None  # where focus goes back to when it closes
        self.content = ActionList(())
        self.card = QFrame(self)
        self.card.setObjectName("actionPanel")
        self.card.setAccessibleName(self.tr("Actions"))
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, 0)
        layout.setSpacing(4)
        self.session_title = ""
        self.model = ActionRows(self)
        self.delegate = ActionRowDelegate(self.model, theme, self)
        self.list = _action_list(self.card, self.model, self.delegate)
        self.reason_label = QLabel(self.card)
        self.reason_label.setObjectName("actionReason")
        self.reason_label.setAccessibleName(self.tr("Why this action is unavailable"))
        self.reason_label.setWordWrap(True)
        self.reason_label.hide()
        self.field = QLineEdit(self.card)
        self.field.setObjectName("actionSearch")
        self.field.setAccessibleName(self.tr("Search actions"))
        self.field.setPlaceholderText(self.tr("Search actions…"))
        self.field.addAction(
            glyph("search", theme.subtext, 14), QLineEdit.ActionPosition.LeadingPosition
        )
        layout.addWidget(self.list)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.field)
        shadow = QGraphicsDropShadowEffect(self.card)
        shadow.setBlurRadius(28)
        shadow.setOffset(0, 8)
        shadow.setColor(QColor(0, 0, 0, 70))
        self.card.setGraphicsEffect(shadow)

        self.field.textChanged.connect(self._on_text_changed)
        self.field.installEventFilter(self)
        self.list.clicked.connect(self._on_clicked)
        self.list.entered.connect(self._on_hovered)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        host.installEventFilter(self)  # follow the host's size
        self.apply_theme(theme)
        self.hide()

    # -- opening and closing ---------------------------------------------------------------------
    def open(self, actions: Sequence[PanelAction], session_title: str) -> None:
        """Show ``actions`` for the session titled ``session_title`` with the first one
        highlighted and the search field focused."""
        self.content = ActionList(actions)
        self.session_title = session_title
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.reason_label.hide()
        self._refresh()
        self.place()
        self.show()
        self.raise_()
        self._sync_current()  # scrolled again now that the list has its height
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)
        logger.info("Action panel opened (%d actions)", len(self.content.actions))

    def close_panel(self) -> None:
        if self.isHidden():
            return
        focused = QApplication.focusWidget()
        self.hide()
        if self.focus_home is not None and (focused is None or self.isAncestorOf(focused)):
            self.focus_home.setFocus(Qt.FocusReason.PopupFocusReason)  # back to the palette
        logger.info("Action panel closed")
        self.closed.emit()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.delegate.theme = theme
        t = theme
        card = t.field if not t.dark else QColor("#27292e")
        self.setStyleSheet(
            f"#actionPanel {{ background: {card.name()}; border: 1px solid {t.border.name()};"
            " border-radius: 10px; }"
            "#actionList { background: transparent; }"
            f"#actionReason {{ color: {t.warning.name()}; font-size: 12px; padding: 2px 8px; }}"
            f"#actionSearch {{ background: transparent; color: {t.text.name()}; font-size: 13px;"
            f" border: none; border-top: 1px solid {t.border.name()}; padding: 9px 4px; }}"
        )
        self.field.actions()[0].setIcon(glyph("search", t.subtext, 14))  # the leading icon
        self.list.viewport().update()

    # -- geometry ----------------------------------------------------------------------------
    def place(self) -> None:
        """Cover the host; the card sits at its bottom-right, as tall as its rows (clamped)."""
        host = self.parentWidget()
        if host is None:
            return
        self.setGeometry(host.rect())
        width = min(PANEL_WIDTH, max(0, host.width() - 2 * MARGIN))
        chrome = self.field.sizeHint().height() + MARGIN + 6
        if self.reason_label.isVisibleTo(self.card):
            chrome += self.reason_label.heightForWidth(width - 2 * MARGIN) + 4
        room = host.height() - 2 * MARGIN - chrome - 4
        rows = 0  # whole rows only: the list never ends on half a row
        for section, _ in self.model.entries:
            step = HEADER_HEIGHT if section is not None else ROW_HEIGHT
            if rows + step > room:
                break
            rows += step
        self.list.setFixedHeight(max(rows, ROW_HEIGHT) + 2)
        height = min(max(rows, ROW_HEIGHT) + 6 + chrome, max(0, host.height() - 2 * MARGIN))
        self.card.setGeometry(
            host.width() - width - MARGIN, host.height() - height - MARGIN, width, height
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress:
                return self._on_key(event)
            return False
        if (
            watched is self.parentWidget()
            and event.type() == QEvent.Type.Resize
            and self.isVisible()
        ):
            self.place()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on the palette outside the card closes the panel (and goes no further)."""
        if not self.card.geometry().contains(event.position().toPoint()):
            self.close_panel()
        event.accept()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.isVisible() and new is not None and not self.isAncestorOf(new):
            self.close_panel()  # focus went elsewhere in the app (a click on the search field)

    # -- keys --------------------------------------------------------------------------------
    def _on_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return True  # focus stays in the panel
        pressed = key_of(event)
        binding = lookup(*pressed, audition=False) if pressed is not None else None
        if binding is None:
            return False
        intent = binding.intent
        if intent in (Intent.CLEAR_OR_HIDE, Intent.ACTIONS):
            self.close_panel()
        elif intent is Intent.FOCUS:
            self.run_highlighted()
        elif intent in _MOVES:
            self._move(_MOVES[intent])
        elif intent in (Intent.FIRST, Intent.LAST):
            self._move_to(0 if intent is Intent.FIRST else len(self.content.rows) - 1)
        elif intent in NAVIGATION:  # Alt+1…9: no meaning here
            return True
        else:
            action = self.content.by_intent(intent)
            if action is None:
                return True
            self._run(action)
        return True

    # -- rows --------------------------------------------------------------------------------
    def _on_text_changed(self, text: str) -> None:
        self.content.set_text(text)
        self.reason_label.hide()
        self._refresh()
        self.place()
        self._sync_current()

    def _refresh(self) -> None:
        self.model.reset(self.content, self.session_title)

    def _sync_current(self) -> None:
        entry = self.model.entry_of(self.content.current)
        if entry < 0:
            self.list.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(entry)
        self.list.setCurrentIndex(index)
        if entry > 0 and self.model.entries[entry - 1][1] < 0:  # keep its header in view
            self.list.scrollTo(self.model.index(entry - 1))
        self.list.scrollTo(index)
        highlighted = self.content.highlighted
        if highlighted is not None and self.isVisible():
            QAccessible.updateAccessibility(
                QAccessibleAnnouncementEvent(self.list, accessible_text(highlighted))
            )

    def _move(self, delta: int) -> None:
        self.content.move(delta)
        self.reason_label.hide()
        self._sync_current()

    def _move_to(self, row: int) -> None:
        self.content.move_to(row)
        self.reason_label.hide()
        self._sync_current()

    def _on_hovered(self, index: QModelIndex) -> None:
        _section, row = self.model.entries[index.row()]
        if row >= 0 and row != self.content.current:
            self._move_to(row)

    def _on_clicked(self, index: QModelIndex) -> None:
        _section, row = self.model.entries[index.row()]
        if row >= 0:
            self._move_to(row)
            self.run_highlighted()

    def run_highlighted(self) -> None:
        action = self.content.highlighted
        if action is not None:
            self._run(action)

    def _run(self, action: PanelAction) -> None:
        if not action.enabled:
            # Say why instead of doing nothing: the gate's full sentence when it has one.
            text = action.detail or f"{action.title.rstrip('…')}: {action.reason}"
            self.reason_label.setText(text)
            self.reason_label.show()
            self.place()
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.reason_label, text))
            logger.info("Action %s unavailable: %s", action.id.value, action.reason)
            return
        logger.info("Action %s chosen in the panel", action.id.value)
        self.close_panel()
        self.action_triggered.emit(action)

    def shown_rows(self) -> list[str]:
        """The titles on show, in order (headers excluded): what the user reads."""
        return [self.content.rows[i].action.title for _s, i in self.model.entries if i >= 0]


def _action_list(parent: QWidget, model: ActionRows, delegate: ActionRowDelegate) -> QListView:
    """The rows (never focused: typing stays in the panel's field)."""
    view = QListView(parent)
    view.setObjectName("actionList")
    view.setAccessibleName(QCoreApplication.translate("ActionPanel", "Actions"))
    view.setModel(model)
    view.setItemDelegate(delegate)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setMouseTracking(True)  # hover highlights, like the keyboard does
    return view
