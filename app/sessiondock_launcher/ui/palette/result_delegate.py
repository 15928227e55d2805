"""Paints one result row: artwork, highlighted title, kind · status · last opened, tag chips."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import Match, messages
from sessiondock_launcher.core.highlight import highlight_runs, match_reason
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.tiles import tile_initials
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.palette.results_model import MatchRole

ROW_HEIGHT = 54
THUMB = 40
PAD = 8
CHIP_H = 18
MAX_CHIPS_SHARE = 0.5

PixmapFor = Callable[[Session], QPixmap | None]
_LEFT = Qt.AlignmentFlag.AlignLeft
_CENTER = Qt.AlignmentFlag.AlignHCenter
_WIDTHS_KEPT = 2_048


@dataclass(frozen=True, slots=True)
class _Fonts:
    """The row's fonts and their metrics, made once per base font (not per painted row)."""

    title: QFont
    strong: QFont
    small: QFont
    tile: QFont
    title_fm: QFontMetrics
    strong_fm: QFontMetrics
    small_fm: QFontMetrics
    tile_fm: QFontMetrics

    widths: dict[str, int]
    """Widths of short texts in ``small`` (tags, key hints: few, painted on every row)."""

    def small_width(self, text: str) -> int:
        width = self.widths.get(text)
        if width is None:
            width = self.small_fm.horizontalAdvance(text)
            if len(self.widths) < _WIDTHS_KEPT:
                self.widths[text] = width
        return width

    @classmethod
    def of(cls, base: QFont) -> _Fonts:
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.08)
        title.setWeight(QFont.Weight.DemiBold)
        strong = QFont(title)
        strong.setWeight(QFont.Weight.Bold)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.88)
        tile = QFont(base)
        tile.setBold(True)
        title_fm, strong_fm, small_fm, tile_fm = map(QFontMetrics, (title, strong, small, tile))
        return cls(title, strong, small, tile, title_fm, strong_fm, small_fm, tile_fm, {})


def _draw_text(  # noqa: PLR0917 (one call per text drawn: no options object)
    painter: QPainter,
    fm: QFontMetrics,
    rect: QRect,
    text: str,
    align: Qt.AlignmentFlag = _LEFT,
    width: int | None = None,
) -> None:
    """One line of ``text`` in ``rect``, centred vertically and aligned left, right or centred.

    Drawn at its baseline: ``drawText(rect, flags, text)`` lays the text out afresh on every call
    (~30 us against ~16 us), and a row draws about seven texts on every paint.
    """
    x = rect.left()
    if align != _LEFT:
        free = rect.width() - (fm.horizontalAdvance(text) if width is None else width)
        x += free if align == Qt.AlignmentFlag.AlignRight else free // 2
    painter.drawText(x, rect.top() + (rect.height() - fm.height() + 1) // 2 + fm.ascent(), text)


class ResultDelegate(QStyledItemDelegate):
    """Draws rows from :class:`Match` data; thumbnails come from ``pixmap_for``."""

    def __init__(self, theme: Theme, pixmap_for: PixmapFor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self._pixmap_for = pixmap_for
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._query: tuple[str, tuple[str, ...]] = ("", ())
        self._fonts: dict[str, _Fonts] = {}
        self.is_pinned: Callable[[str], bool] = lambda _id: False  # app.py: the controller's

    def _tokens(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, ...]:
        """The free-text tokens of the query the rows answer (parsed once per query)."""
        text = getattr(index.model(), "text", "")
        if not isinstance(text, str):
            return ()
        if text != self._query[0]:
            self._query = (text, parse_query(text).tokens)
        return self._query[1]

    def sizeHint(
        self, option: QStyleOptionViewItem, _index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        match = index.data(MatchRole)
        if not isinstance(match, Match):
            return
        theme = self.theme
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.selection)
            painter.drawRoundedRect(QRectF(rect.adjusted(4, 1, -4, -1)), 6, 6)

        session = match.session
        thumb = QRect(
            rect.left() + PAD + 4, rect.top() + (rect.height() - THUMB) // 2, THUMB, THUMB
        )
        self._paint_thumb(painter, thumb, session, self._fonts_for(option.font))

        left = thumb.right() + 10
        right = rect.right() - PAD - 4
        fonts = self._fonts_for(option.font)
        small, fm = fonts.small, fonts.small_fm

        hint_w = 0
        if index.row() < 9:
            painter.setFont(small)
            painter.setPen(theme.subtext)
            hint = f"{i18n.tr_message('Alt')}+{index.row() + 1}"
            hint_w = fonts.small_width(hint) + 8
            hint_rect = QRect(right - hint_w, rect.top() + 7, hint_w, 20)
            _draw_text(painter, fm, hint_rect, hint, Qt.AlignmentFlag.AlignRight, hint_w - 8)

        title_rect = QRect(left, rect.top() + 7, right - left - hint_w, 22)
        self._paint_title(painter, title_rect, fonts, session.display_title, match.title_positions)

        meta_y = rect.top() + 30
        chips_w = int((right - left) * MAX_CHIPS_SHARE)
        chips_left = self._paint_chips(
            painter, QRect(right - chips_w, meta_y, chips_w, CHIP_H), fonts, session.tags
        )
        meta = self.meta_line(session, self._tokens(index))
        painter.setFont(small)
        painter.setPen(theme.subtext)
        meta_rect = QRect(left, meta_y, max(0, chips_left - left - 8), CHIP_H)
        elided = fm.elidedText(meta, Qt.TextElideMode.ElideRight, meta_rect.width())
        _draw_text(painter, fm, meta_rect, elided)
        painter.restore()

    def _fonts_for(self, base: QFont) -> _Fonts:
        key = base.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            if len(self._fonts) >= 8:  # (a theme or scale change: the old ones are done)
                self._fonts.clear()
            fonts = self._fonts[key] = _Fonts.of(base)
        return fonts

    def meta_line(self, session: Session, tokens: tuple[str, ...]) -> str:
        """``Pinned · #ambient · Ableton · mixing · 2 h ago``: the row's second line."""
        reason = match_reason(session.display_title, session.tags, session.notes, tokens)
        parts = (
            i18n.tr_message(messages.PINNED_MARK) if self.is_pinned(session.id) else "",
            reason,
            session.kind,
            session.status,
            i18n.relative_time(session.last_opened, self.now()),
        )
        return " · ".join(part for part in parts if part)

    def _paint_thumb(self, painter: QPainter, rect: QRect, session: Session, fonts: _Fonts) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), 6, 6)
        pixmap = self._pixmap_for(session)
        if pixmap is not None and not pixmap.isNull():
            painter.save()
            painter.setClipPath(path)
            painter.drawPixmap(rect, pixmap)
            painter.restore()
            return
        painter.fillPath(path, self.theme.kind_color(session.kind or "?"))
        painter.setPen(self.theme.chip_text)
        painter.setFont(fonts.tile)
        _draw_text(painter, fonts.tile_fm, rect, tile_initials(session.kind), _CENTER)

    def _paint_title(
        self, painter: QPainter, rect: QRect, fonts: _Fonts, title: str, positions: tuple[int, ...]
    ) -> None:
        """The title, elided in the middle (long titles differ at the end), matched runs tinted."""
        text, to_title = elide_middle(fonts.title_fm, title, rect.width())
        marked = {at for start, end in highlight_runs(title, positions) for at in range(start, end)}
        hit = [source in marked for source in to_title]  # (the ellipsis, -1, never is)
        x = rect.left()
        i = 0
        while i < len(text) and x <= rect.right():
            j = i
            while j < len(text) and hit[j] == hit[i]:
                j += 1
            chunk, is_hit = text[i:j], hit[i]
            font, fm = (fonts.strong, fonts.strong_fm) if is_hit else (fonts.title, fonts.title_fm)
            width = fm.horizontalAdvance(chunk)
            if is_hit:
                tint = QRectF(x - 2, rect.top() + 2, width + 4, rect.height() - 4)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.theme.match_tint)
                painter.drawRoundedRect(tint, 4, 4)
            painter.setFont(font)
            painter.setPen(self.theme.text)
            _draw_text(painter, fm, QRect(x, rect.top(), width + 2, rect.height()), chunk)
            x += width
            i = j

    def _paint_chips(
        self, painter: QPainter, rect: QRect, fonts: _Fonts, tags: tuple[str, ...]
    ) -> int:
        """Right-aligned tag chips; returns the left edge used (``rect.right()`` when none)."""
        if not tags:
            return rect.right()
        painter.setFont(fonts.small)
        widths = [fonts.small_width(t) + 14 for t in tags]
        shown = len(tags)
        more_w = 0
        while shown > 0:
            more = len(tags) - shown
            more_w = fonts.small_width(f"+{more}") + 14 if more else 0
            if sum(widths[:shown]) + 4 * shown + more_w <= rect.width():
                break
            shown -= 1
        x = rect.right()
        if len(tags) > shown:
            x -= more_w
            more_rect = QRect(x, rect.top(), more_w, CHIP_H)
            self._chip(painter, fonts, more_rect, f"+{len(tags) - shown}", None)
            x -= 4
        for tag, width in reversed(list(zip(tags[:shown], widths[:shown], strict=True))):
            x -= width
            self._chip(painter, fonts, QRect(x, rect.top(), width, CHIP_H), tag, tag)
            x -= 4
        return x

    def _chip(
        self, painter: QPainter, fonts: _Fonts, rect: QRect, text: str, tag: str | None
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        color = self.theme.chip_color(tag) if tag else self.theme.border
        painter.setBrush(color)
        painter.drawRoundedRect(QRectF(rect), CHIP_H / 2, CHIP_H / 2)
        painter.setPen(self.theme.chip_text)
        _draw_text(painter, fonts.small_fm, rect, text, _CENTER, fonts.small_width(text))


def elide_middle(fm: QFontMetrics, title: str, width: int) -> tuple[str, list[int]]:
    """``title`` elided in the middle to ``width``, and each shown character's index in it.

    The ellipsis maps to -1 (it is never highlighted).
    """
    if fm.horizontalAdvance(title) <= width:
        return title, list(range(len(title)))
    text = fm.elidedText(title, Qt.TextElideMode.ElideMiddle, width)
    head = 0
    while head < len(text) and head < len(title) and text[head] == title[head]:
        head += 1
    tail = max(0, len(text) - head - 1)
    mapping = list(range(head)) + [-1] * (len(text) - head - tail)
    mapping += list(range(len(title) - tail, len(title)))
    return text, mapping
