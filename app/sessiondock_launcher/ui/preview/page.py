"""The preview page's layout: a fixed header, scrolling details, and the key line.

The header (artwork beside the title, kind and status; the waveform; the transport) is compact
and never scrolls, so the transport row stays whole on screen at the palette's smallest height.
Tags, the preview lanes, notes and the project path scroll below it;
:meth:`PreviewPage.reset_scroll` puts them back at the top for each new row.
"""

from __future__ import annotations

import html
import sys

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.keymap import KEYMAP, Intent, pane_hint_row, shortcut_text
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.theme import SPACE, Theme
from sessiondock_launcher.ui.editors.tags import ChipsView
from sessiondock_launcher.ui.preview.lane_picker import LanePicker
from sessiondock_launcher.ui.preview.waveform_view import ArtworkView, PlayButton, WaveformView

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "text")
ART_SIZE = 76
"""The artwork's side: a square beside the title (a banner left the details no room)."""


class ElidedLabel(QLabel):
    """One line that elides in the middle (the distinguishing tail stays) instead of widening
    the pane; ``text()`` stays the whole text, and the tooltip shows it when elided."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(0, super().sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self.text(), Qt.TextElideMode.ElideMiddle, rect.width())
        self.setToolTip(self.text() if shown != self.text() else "")
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
        p.end()


class PreviewPage(QWidget):
    """Page 0 of the pane's stack: the widgets the pane fills, laid out to always fit."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header(theme))
        outer.addWidget(self._build_details(theme), 1)
        self.keys_label = self._label(
            "previewKeys", translate("Preview", "Preview keys"), wrap=True
        )
        outer.addWidget(self.keys_label)

    def _build_header(self, theme: Theme) -> QWidget:
        """Artwork, title, kind and status, waveform, transport, audio note: never scrolled."""
        self.header = QWidget(self)
        self.header.setObjectName("previewHeader")
        self.header.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        head = QVBoxLayout(self.header)
        head.setContentsMargins(SPACE.m, SPACE.m, SPACE.m, SPACE.s)
        head.setSpacing(SPACE.xs + 2)
        top = QHBoxLayout()
        top.setSpacing(SPACE.m)
        self.artwork = ArtworkView(theme, self.header)
        self.artwork.setFixedSize(ART_SIZE, ART_SIZE)
        self.title_label = ElidedLabel(self.header)
        self.title_label.setObjectName("previewTitle")
        self.title_label.setAccessibleName(translate("Preview", "Title"))
        self.meta_label = self._label("previewMeta", translate("Preview", "Kind and status"))
        self.meta_label.setTextFormat(Qt.TextFormat.RichText)  # the pane escapes kind and status
        self.opened_label = self._label("previewMeta", translate("Preview", "Last opened"))
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addStretch(1)
        for label in (self.title_label, self.meta_label, self.opened_label):
            words.addWidget(label)
        words.addStretch(1)
        top.addWidget(self.artwork)
        top.addLayout(words, 1)
        head.addLayout(top)
        head.addSpacing(SPACE.xs)
        self.waveform = WaveformView(theme, self.header)
        self.waveform.setFixedHeight(64)
        self.transport = QWidget(self.header)
        self.transport.setObjectName("previewTransport")
        row = QHBoxLayout(self.transport)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACE.s)
        self.play_button = PlayButton(theme, self.transport)
        self.time_label = self._label("previewMeta", translate("Preview", "Playback time"))
        self.lane_label = self._label("previewLane", translate("PreviewPane", "Playing lane"))
        row.addWidget(self.play_button)
        row.addWidget(self.time_label)
        row.addStretch(1)
        row.addWidget(self.lane_label)
        self.audio_note = self._label("audioNote", translate("Preview", "Audio state"), wrap=True)
        for widget in (self.waveform, self.transport, self.audio_note):
            head.addWidget(widget)
        self.audio_note.hide()
        return self.header

    def _build_details(self, theme: Theme) -> QWidget:
        """Tags, preview lanes, notes, project path, last opened: scrolled under the header."""
        self.details = QScrollArea(self)
        self.details.setObjectName("previewDetails")
        self.details.setWidgetResizable(True)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details.setMinimumHeight(0)
        content = QWidget(self.details)
        content.setObjectName("previewContent")
        self.details.setWidget(content)
        lay = QVBoxLayout(content)
        lay.setContentsMargins(SPACE.m, SPACE.xs, SPACE.m, SPACE.s)
        lay.setSpacing(SPACE.xs + 2)
        self.tags_view = ChipsView(theme, parent=content)
        self.tags_view.empty_text = translate("Preview", "No tags")
        lay.addWidget(self.tags_view)
        row = QHBoxLayout()
        row.addWidget(self._heading(translate("Preview", "Previews"), lay, add=False))
        row.addStretch(1)
        self.lane_keys = self._label("laneKeys", translate("PreviewPane", "Keys that play a lane"))
        row.addWidget(self.lane_keys)
        lay.addSpacing(SPACE.xs)
        lay.addLayout(row)
        self.lanes = LanePicker(content)
        lay.addWidget(self.lanes)
        self._heading(translate("Preview", "Notes"), lay)
        self.notes_label = self._body(translate("Preview", "Notes"), lay)
        self._heading(translate("Preview", "Project"), lay)
        self.path_label = self._body(translate("Preview", "Project"), lay)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addStretch(1)
        return self.details

    def _label(self, name: str, accessible: str, *, wrap: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(wrap)
        # Plain unless a caller builds escaped markup itself (_body): lane names, titles and
        # error words come from SessionDock and must never render as HTML.
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _heading(self, text: str, lay: QVBoxLayout, *, add: bool = True) -> QLabel:
        heading = self._label("previewSection", text)
        heading.setText(text.upper())
        if add:
            lay.addSpacing(SPACE.xs)
            lay.addWidget(heading)
        return heading

    def _body(self, heading: str, lay: QVBoxLayout) -> QLabel:
        body = self._label("previewBody", heading, wrap=True)
        body.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(body)
        return body

    # -- changes -----------------------------------------------------------------------------
    def show_keys(self, session: Session | None) -> None:
        """The key line, and beside the lanes (two or more) the keys that pick them."""
        self.keys_label.setText(pane_hint_row(sys.platform, i18n.tr_message))
        count = min(len(session.previews), 9) if session is not None else 0
        text = ""
        if count > 1:
            keys = [b for b in KEYMAP if b.intent is Intent.PICK_LANE][:count]
            first, last = (
                shortcut_text(b, sys.platform, i18n.tr_message) for b in (keys[0], keys[-1])
            )
            text = f"{first}…{last.removeprefix(first[:-1])}"
        self.lane_keys.setText(text)

    def show_session(self, s: Session, lane: str, theme: Theme) -> None:
        """Everything the page says about ``s`` (``lane``: the lane the transport plays)."""
        self.title_label.setText(s.display_title)
        dot = f"<span style='color:{theme.kind_color(s.kind or '?').name()}'>●</span> "
        meta = " · ".join(html.escape(v) for v in (s.kind, s.status) if v)
        self.meta_label.setText(dot + (meta or translate("Preview", "Unknown kind")))
        self.tags_view.set_tags(s.tags)
        self.lanes.set_lanes(s, lane, _muted(theme, no_preview_text(s)))
        self.show_lane(s, lane)
        self.show_keys(s)
        notes = html.escape(s.notes.strip()).replace("\n", "<br>")
        self.notes_label.setText(notes or _muted(theme, translate("Preview", "No notes")))
        path = s.project_path or ""
        no_path = _muted(theme, translate("Preview", "No project path"))
        self.path_label.setText(html.escape(path) if path else no_path)
        self.path_label.setToolTip(path)
        self.show_opened(s)
        self.play_button.setEnabled(bool(s.preview_audio_url))

    def show_opened(self, s: Session) -> None:
        """When ``s`` was last opened ("Opened 5 min ago")."""
        if s.last_opened is None:
            self.opened_label.setText(translate("Preview", "Never opened"))
            return
        opened = translate("Preview", "Opened {when}")
        self.opened_label.setText(opened.format(when=i18n.relative_time(s.last_opened)))

    def show_lane(self, session: Session | None, lane: str) -> None:
        """The transport names the lane it plays when there is a choice."""
        names = {p.id: p.name or p.id for p in session.previews} if session is not None else {}
        self.lane_label.setText(names.get(lane, "") if len(names) > 1 else "")

    def set_audio_note(self, text: str) -> None:
        self.audio_note.setText(text)
        self.audio_note.setToolTip(text)
        self.audio_note.setVisible(bool(text))

    def reset_scroll(self) -> None:
        """A new row: its details start at the top."""
        self.details.verticalScrollBar().setValue(0)


def _muted(theme: Theme, text: str) -> str:
    return f"<span style='color:{theme.subtext.name()}'>{html.escape(text)}</span>"


def no_preview_text(s: Session) -> str:
    """What the pane says instead of a waveform or lanes when ``s`` has no preview."""
    if s.preview_status.casefold() in ("generating", "pending", "queued"):
        return translate("Preview", "Preview is being generated…")
    return translate("Preview", "No preview yet")
