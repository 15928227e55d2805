"""The action panel's rows: the model (section headers and actions of an ``ActionList``) and the
delegate that paints them (icon, title with its matches in bold, the greyed reason of a disabled
action, the shortcut as keycaps drawn from the one keymap)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sessiondock_launcher.core.action_list import ActionList, ActionRow, PanelAction, Section
from sessiondock_launcher.core.highlight import highlight_runs
from sessiondock_launcher.core.keymap import binding_for
from sessiondock_launcher.core.keymap import shortcut_keys as keymap_keys
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.palette.glyphs import glyph

PANEL_WIDTH = 400
HEADER_HEIGHT = 28
ROW_HEIGHT = 34
MARGIN = 8
Entry = tuple[Section | None, int]
"""A display row: ``(section, -1)`` is a section header, ``(None, i)`` the i-th action row."""


def shortcut_keys(action: PanelAction) -> tuple[str, ...]:
    """The keycaps shown right-aligned beside ``action`` (none when it has no binding)."""
    if action.intent is None:
        return ()
    return keymap_keys(binding_for(action.intent), sys.platform, i18n.tr_message)


def accessible_text(action: PanelAction) -> str:
    """What a screen reader says for a row: the title, then the shortcut or why it is off."""
    if not action.enabled:
        said = QCoreApplication.translate("ActionPanel", "{title}, unavailable: {reason}")
        return said.format(title=action.title, reason=action.reason)
    keys = "+".join(shortcut_keys(action))
    return f"{action.title}, {keys}" if keys else action.title


class ActionRows(QAbstractListModel):
    """Section headers and action rows of the panel's :class:`ActionList`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.content = ActionList(())
        self.session_title = ""
        self.entries: list[Entry] = []

    def reset(self, actions: ActionList, session_title: str) -> None:
        self.beginResetModel()
        self.content, self.session_title = actions, session_title
        self.entries = []
        for section, rows in actions.sections():
            if section is not None:
                self.entries.append((section, -1))
            self.entries.extend((None, i) for i in rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.entries)

    def header_text(self, section: Section) -> str:
        return self.session_title if section is Section.SESSION else i18n.tr_message(section.value)

    def entry_of(self, action_row: int) -> int:
        return next((n for n, (_s, i) in enumerate(self.entries) if i == action_row), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        section, row = self.entries[index.row()]
        if section is not None:  # a header: its text is all there is to say
            text = self.header_text(section)
            return {
                Qt.ItemDataRole.DisplayRole: text,
                Qt.ItemDataRole.AccessibleTextRole: text,
            }.get(Qt.ItemDataRole(role))
        action = self.content.rows[row].action
        return {
            Qt.ItemDataRole.DisplayRole: action.title,
            Qt.ItemDataRole.AccessibleTextRole: accessible_text(action),
            Qt.ItemDataRole.ToolTipRole: action.detail or action.reason or None,
        }.get(Qt.ItemDataRole(role))

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or self.entries[index.row()][0] is not None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ActionRowDelegate(QStyledItemDelegate):
    """Paints a header (small, muted) or an action: icon, title with matches in bold, the greyed
    reason after a disabled title, and the shortcut as keycaps on the right."""

    def __init__(self, model: ActionRows, theme: Theme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.theme = theme

    def sizeHint(
        self, _option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        section, _row = self.model.entries[index.row()]
        return QSize(PANEL_WIDTH - 2 * MARGIN, HEADER_HEIGHT if section is not None else ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        section, row = self.model.entries[index.row()]
        rect = QRect(option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if section is not None:
            self._paint_header(painter, rect, self.model.header_text(section))
        else:
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            self._paint_action(painter, rect, self.model.content.rows[row], selected)
        painter.restore()

    def _paint_header(self, painter: QPainter, rect: QRect, text: str) -> None:
        font = QFont(painter.font())
        font.setPixelSize(11)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(self.theme.subtext)
        inner = rect.adjusted(10, 8, -10, 0)
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideMiddle, inner.width())
        painter.drawText(
            inner, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown
        )

    def _paint_action(self, painter: QPainter, rect: QRect, row: ActionRow, selected: bool) -> None:
        action, t = row.action, self.theme
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(t.selection)
            painter.drawRoundedRect(rect.adjusted(0, 1, 0, -1), 6, 6)
        ink = t.text if action.enabled else t.subtext
        dpr = painter.device().devicePixelRatioF()
        icon_color = QColor(ink)
        if not action.enabled:
            icon_color.setAlpha(150)
        icon = glyph(action.icon, icon_color, 16, dpr)
        painter.drawPixmap(rect.left() + 10, rect.center().y() - 7, icon)
        right = self._paint_keys(painter, rect, shortcut_keys(action), action.enabled)
        font = QFont(painter.font())
        font.setPixelSize(13)
        x = rect.left() + 36
        limit = right - 10
        area = QRect(x, rect.top(), limit - x, rect.height())
        x = self._paint_title(painter, area, font=font, row=row, ink=ink)
        if action.reason and x < limit - 20:
            small = QFont(font)
            small.setPixelSize(12)
            small.setItalic(True)
            painter.setFont(small)
            painter.setPen(t.warning if selected else t.subtext)
            metrics = QFontMetrics(small)
            text = metrics.elidedText(action.reason, Qt.TextElideMode.ElideRight, limit - x - 10)
            painter.drawText(
                QRect(x + 10, rect.top(), limit - x - 10, rect.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )

    def _paint_title(
        self, painter: QPainter, area: QRect, *, font: QFont, row: ActionRow, ink: QColor
    ) -> int:
        """Draw the title in ``area`` (matched runs in bold); returns the x where it ended."""
        title, x, limit = row.action.title, area.left(), area.right()
        bold = QFont(font)
        bold.setWeight(QFont.Weight.Bold)
        runs = highlight_runs(title, row.highlight)
        pieces: list[tuple[str, bool]] = []
        at = 0
        for start, end in runs:
            pieces += [(title[at:start], False), (title[start:end], True)]
            at = end
        pieces.append((title[at:], False))
        painter.setPen(ink)
        for text, strong in pieces:
            if not text:
                continue
            face = bold if strong else font
            metrics = QFontMetrics(face)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, limit - x))
            painter.setFont(face)
            painter.drawText(
                QRect(x, area.top(), limit - x, area.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                shown,
            )
            x += metrics.horizontalAdvance(shown)
            if shown != text:
                break
        return x

    def _paint_keys(
        self, painter: QPainter, rect: QRect, keys: Sequence[str], enabled: bool
    ) -> int:
        """Keycaps right-aligned in ``rect``; returns the x where the first one starts."""
        font = QFont(painter.font())
        font.setPixelSize(11)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        cap = QColor(self.theme.border)
        cap.setAlpha(150 if enabled else 80)
        x = rect.right() - 8
        for key in reversed(keys):
            width = max(20, metrics.horizontalAdvance(key) + 10)
            box = QRect(x - width, rect.center().y() - 10, width, 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(cap)
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(self.theme.subtext)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), key)
            x -= width + 4
        return x
