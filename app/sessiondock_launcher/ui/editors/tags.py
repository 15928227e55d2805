"""Tag chips, a chip input with autocomplete from ``GET /tags``, and the tag editor (Ctrl+T).

The editor saves with ``PUT /sessions/{id}/tags`` through :class:`EditController`: the row updates
at once and rolls back with a message if SessionDock refuses; the chips stay for Retry.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QRectF, QSize, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QSizePolicy, QVBoxLayout, QWidget
from shiboken6 import isValid

from sessiondock_launcher.api import Session, TagCount
from sessiondock_launcher.core.edits import SaveResult
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP
from sessiondock_launcher.ui.common.labels import WrappingLabel
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.editors.draft import clean_tag  # one rule for typed and prefilled
from sessiondock_launcher.ui.editors.editing import EditController
from sessiondock_launcher.ui.editors.panel import EditorPanel

logger = logging.getLogger(__name__)

CHIP_H = 20
CHIP_PAD = 8
CHIP_GAP = 5
CLOSE_W = 14


class ChipsView(QWidget):
    """Tags as coloured chips that wrap; with ``removable`` each chip has a × to remove it.

    Signals:
        chip_removed(str): the × of this tag was clicked.
    """

    chip_removed = Signal(str)

    def __init__(self, theme: Theme, *, removable: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.removable = removable
        self.tags: tuple[str, ...] = ()
        self.empty_text = ""
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)

    def set_tags(self, tags: Sequence[str]) -> None:
        self.tags = tuple(tags)
        self.setAccessibleDescription(", ".join(self.tags) or self.empty_text)
        self._fit_height()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        return font

    def chip_rects(self, width: int | None = None) -> list[QRectF]:
        fm = QFontMetricsF(self._font(), self)
        avail = max(40, width if width is not None else self.width())
        x = y = 0.0
        rects = []
        for tag in self.tags:
            w = min(
                avail,
                fm.horizontalAdvance(tag) + 2 + 2 * CHIP_PAD + (CLOSE_W if self.removable else 0),
            )
            if x > 0 and x + w > avail:
                x, y = 0.0, y + CHIP_H + CHIP_GAP
            rects.append(QRectF(x, y, w, CHIP_H))
            x += w + CHIP_GAP
        return rects

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rects = self.chip_rects(width)
        if not rects:
            return CHIP_H if self.empty_text else 0
        return int(rects[-1].bottom()) + 1

    def sizeHint(self) -> QSize:
        return QSize(240, self.heightForWidth(max(self.width(), 240)))

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.heightForWidth(max(self.width(), 40)))

    def resizeEvent(self, _event: object) -> None:
        self._fit_height()

    def showEvent(self, _event: object) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        """Claim the height the chips need at this width as a minimum. Height-for-width does not
        pass through every layout above (the editor sits in the pane's stack): a wrapped last
        line was clipped under the field, where Backspace removed a tag nobody could see.

        Not before the first layout: a new widget is 100 px wide until then, and the rows at
        that width (one tag each) were claimed and left a gap under the chips."""
        needed = self.heightForWidth(self.width()) if self.isVisible() else 0
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)
        self.updateGeometry()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self._font()
        p.setFont(font)
        fm = QFontMetricsF(font, self)
        if not self.tags and self.empty_text:
            p.setPen(self.theme.subtext)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignVCenter, self.empty_text)
        for tag, rect in zip(self.tags, self.chip_rects(), strict=True):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.theme.chip_color(tag))
            p.drawRoundedRect(rect, CHIP_H / 2, CHIP_H / 2)
            p.setPen(self.theme.chip_text)
            text_rect = rect.adjusted(
                CHIP_PAD, 0, -CHIP_PAD - (CLOSE_W if self.removable else 0), 0
            )
            fits = fm.horizontalAdvance(tag) <= text_rect.width() + 2
            label = (
                tag if fits else fm.elidedText(tag, Qt.TextElideMode.ElideRight, text_rect.width())
            )
            p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, label)
            if self.removable:
                close = QRectF(rect.right() - CHIP_PAD - CLOSE_W + 4, rect.top(), CLOSE_W, CHIP_H)
                p.drawText(close, Qt.AlignmentFlag.AlignCenter, "×")
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.removable and self.isEnabled():
            pos = event.position()
            for tag, rect in zip(self.tags, self.chip_rects(), strict=True):
                if rect.contains(pos) and pos.x() >= rect.right() - CHIP_PAD - CLOSE_W:
                    self.chip_removed.emit(tag)
                    return
        super().mousePressEvent(event)


class TagInput(QWidget):
    """Removable chips plus a field: Enter or comma adds a tag, Backspace on empty removes one.

    Signals:
        tags_changed(list): the chips changed.
        submitted(): Enter on an empty field (the editor saves).
    """

    tags_changed = Signal(list)
    submitted = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.chips = ChipsView(theme, removable=True, parent=self)
        self.chips.empty_text = QCoreApplication.translate("Editors", "No tags yet")
        self.field = QLineEdit(self)
        self.field.setObjectName("tagField")
        self.field.setAccessibleName(QCoreApplication.translate("Editors", "Add a tag"))
        self.field.setPlaceholderText(
            QCoreApplication.translate("TagEditor", "Add a tag… (Enter adds it)")
        )
        self.completer_model = QStringListModel(self)
        completer = QCompleter(self.completer_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setModelSorting(QCompleter.ModelSorting.UnsortedModel)  # keep "most used first"
        completer.setMaxVisibleItems(8)
        popup = completer.popup()
        assert popup is not None  # QCompleter makes its list view on first ask
        popup.setObjectName("suggestions")  # styled by the app's sheet (it is a top-level popup)
        popup.setAccessibleName(QCoreApplication.translate("TagEditor", "Tag suggestions"))
        self.field.setCompleter(completer)
        layout.addWidget(self.chips)
        layout.addWidget(self.field)
        self._tags: list[str] = []
        self.chips.chip_removed.connect(self.remove_tag)
        self.field.installEventFilter(self)
        self.field.textEdited.connect(self._on_text_edited)
        # While the suggestion popup is up it takes Enter: the field only sees returnPressed and
        # the completer then writes the chosen suggestion into the field. Either way the text
        # becomes a chip once the completer is done (next event-loop turn), never glued to the
        # next tag typed.
        completer.activated.connect(self._commit_later)
        self.field.returnPressed.connect(self._commit_later)

    def tags(self) -> list[str]:
        """The chips plus whatever is still typed in the field (never lost)."""
        pending = clean_tag(self.field.text())
        seen = {t.casefold() for t in self._tags}
        return self._tags + ([pending] if pending and pending.casefold() not in seen else [])

    def set_tags(self, tags: Sequence[str]) -> None:
        self._tags = []
        for tag in tags:
            self._append(tag)
        self._changed()

    def set_suggestions(self, counts: Sequence[TagCount]) -> None:
        self.completer_model.setStringList([c.tag for c in counts])

    def add_tag(self, text: str) -> None:
        if self._append(text):
            logger.debug("Tag added in the editor (%d now)", len(self._tags))
            self._changed()

    def remove_tag(self, tag: str) -> None:
        if tag in self._tags:
            self._tags.remove(tag)
            self._changed()

    def setEnabled(self, enabled: bool) -> None:
        self.chips.setEnabled(enabled)
        self.field.setEnabled(enabled)

    def _append(self, text: str) -> bool:
        tag = clean_tag(text)
        if not tag or tag.casefold() in {t.casefold() for t in self._tags}:
            return False
        self._tags.append(tag)
        return True

    def _changed(self) -> None:
        self.chips.set_tags(self._tags)
        self.tags_changed.emit(list(self._tags))

    def _on_text_edited(self, text: str) -> None:
        if "," in text:
            *done, rest = text.split(",")
            for part in done:
                self._append(part)
            self.field.setText(rest.lstrip())
            self._changed()

    def _commit_later(self, *_args: object) -> None:
        QTimer.singleShot(0, self, self._commit_field)

    def _commit_field(self) -> None:
        if clean_tag(self.field.text()):
            self.add_tag(self.field.text())
            self.field.clear()

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            popup = self.field.completer().popup()
            if popup is not None and popup.isVisible():
                return False
            key = event.key()
            plain = not (event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                if clean_tag(self.field.text()):
                    self._commit_field()
                else:
                    self.submitted.emit()
                return True
            if key == Qt.Key.Key_Backspace and not self.field.text() and self._tags:
                self.remove_tag(self._tags[-1])
                return True
        return False


class TagEditor(EditorPanel):
    """Edit one session's tags; saves with ``PUT /sessions/{id}/tags``."""

    what = QT_TRANSLATE_NOOP("Messages", "Editing tags")

    def __init__(
        self,
        session: Session,
        editing: EditController,
        tasks: TaskRunner,
        theme: Theme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Editors", "Tags — {title}").format(
                title=session.display_title
            ),
            editing,
            tasks,
            parent=parent,
        )
        self.session = session
        self.input = TagInput(theme, self)
        self.input.set_tags(session.tags)
        self.body.addWidget(self.input)
        # Wrapped, never cut: a narrow pane, German or a large font ended it in "Ctrl+Ente".
        hint = WrappingLabel(
            QCoreApplication.translate(
                "TagEditor", "Enter adds · Backspace removes the last · Ctrl+Enter saves"
            ),
            self,
        )
        hint.setObjectName("editorHint")
        self.body.addWidget(hint)
        self.input.submitted.connect(self.submit)
        self.setFocusProxy(self.input.field)
        self.refresh_gate()
        tasks.spawn(self._load_suggestions(), "tag-suggestions")

    async def _load_suggestions(self) -> None:
        counts = await self.editing.tag_suggestions()
        if isValid(self.input):  # the editor may have been closed meanwhile
            self.input.set_suggestions(counts)

    def set_inputs_enabled(self, enabled: bool) -> None:
        self.input.setEnabled(enabled)

    def has_changes(self) -> bool:
        return self.input.tags() != list(self.session.tags)

    async def perform(self) -> SaveResult:
        tags = self.input.tags()
        self.input.set_tags(tags)  # a half-typed tag becomes a chip, so nothing is lost
        self.input.field.clear()
        return await self.editing.save_tags(self.session, tags)
