"""The preview pane beside the results: artwork, metadata, waveform with markers, audition, editors.

It follows the highlighted row. Metadata shows at once (it is in the index); artwork, peaks and
waveform notes load ~120 ms after the selection settles, in one cancellable task, and whatever
arrives for a session no longer shown is dropped. Loaded media is kept in small LRU caches, so
going back to a row needs no request. Editors (tags, notes, fields, new session) open in place.

The loading and its caches are in ``loader.py``, the editor slot in ``editor_slot.py``, the style
sheet in ``style.py``, and what the pane's keys do in ``keys.py`` (the keys: ``core/keymap.py``).
"""

from __future__ import annotations

import asyncio
import html
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sessiondock_launcher.api import Session, WaveformNote
from sessiondock_launcher.core.keymap import pane_hint_row
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.connection.link import LinkMonitor
from sessiondock_launcher.ui.editors.editing import EditController
from sessiondock_launcher.ui.editors.panel import EditorPanel
from sessiondock_launcher.ui.editors.tags import ChipsView
from sessiondock_launcher.ui.preview.audio import AudioPlayer, Audition, AuditionStatus
from sessiondock_launcher.ui.preview.editor_slot import PreviewEditors
from sessiondock_launcher.ui.preview.loader import Peaks, PreviewLoader
from sessiondock_launcher.ui.preview.style import preview_style_sheet
from sessiondock_launcher.ui.preview.waveform_view import (
    ArtworkView,
    PlayButton,
    WaveformView,
    format_time,
)

logger = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate extracts translate("Context", "text")

DEBOUNCE_S = 0.12
PANE_WIDTH = 340


class PreviewPane(QFrame):
    """Shows the highlighted session and auditions its preview.

    Signals:
        visibility_toggled(bool): the user showed or hid the pane (remember it in settings).
        preview_loaded(str): artwork, peaks and markers of this session id are in (or failed).
    """

    visibility_toggled = Signal(bool)
    preview_loaded = Signal(str)

    def __init__(
        self,
        link: LinkMonitor,
        tasks: TaskRunner,
        audio: AudioPlayer,
        editing: EditController,
        theme: Theme,
        *,
        parent: QWidget | None = None,
        hold: PaletteHold | None = None,
    ) -> None:
        super().__init__(parent)
        self.hold = hold or PaletteHold()
        self.setObjectName("previewPane")
        self.setAccessibleName(translate("Preview", "Preview"))
        self.setFixedWidth(PANE_WIDTH)
        self.link, self.tasks, self.audio, self.editing, self.theme = (
            link, tasks, audio, editing, theme,
        )  # fmt: skip
        self.session: Session | None = None
        self._task: asyncio.Task[None] | None = None
        self._pending = False
        self._autoplay = False
        self.loader = PreviewLoader(audio, self)

        self.stack = QStackedWidget(self)
        self.editors = PreviewEditors(self, self.stack, editing, tasks)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 1)
        outer.addWidget(self.stack)
        self._build_preview(theme)

        self.play_button.clicked.connect(self.toggle_playback)
        self.waveform.seek_requested.connect(self._seek_to)
        audio.status_changed.connect(self._on_audio_status)
        audio.position_changed.connect(self._on_position)
        audio.duration_changed.connect(self._on_duration)
        audio.output_changed.connect(lambda _note: self._on_audio_status(audio.status))
        editing.session_changed.connect(self._on_session_changed)
        self._link_up = False
        link.status_changed.connect(self._on_link_status)
        self.apply_theme(theme)
        self.follow(None)
        self.hide()  # explicitly: set_shown() decides, and grows the window when it shows

    def _build_preview(self, theme: Theme) -> None:
        """Page 0 of the stack: artwork, title, tags, waveform, transport, notes, keys."""
        scroll = QScrollArea(self.stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(scroll)
        content.setObjectName("previewContent")
        scroll.setWidget(content)
        self.stack.addWidget(scroll)
        lay = QVBoxLayout(content)
        lay.setContentsMargins(10, 10, 10, 8)
        lay.setSpacing(6)
        self.artwork = ArtworkView(theme, content)
        self.title_label = self._label("previewTitle", translate("Preview", "Title"), lay, True)
        self.meta_label = self._label("previewMeta", translate("Preview", "Kind and status"), lay)
        self.tags_view = ChipsView(theme, parent=content)
        self.tags_view.empty_text = translate("Preview", "No tags")
        self.waveform = WaveformView(theme, content)
        transport = QHBoxLayout()
        self.play_button = PlayButton(theme, content)
        self.time_label = self._label("previewMeta", translate("Preview", "Playback time"), None)
        self.audio_note = self._label("audioNote", translate("Preview", "Audio state"), None, True)
        transport.addWidget(self.play_button)
        transport.addWidget(self.time_label)
        transport.addWidget(self.audio_note, 1)
        lay.insertWidget(0, self.artwork)
        lay.addWidget(self.tags_view)
        lay.addWidget(self.waveform)
        lay.addLayout(transport)
        self.lanes_label = self._section(translate("Preview", "Previews"), lay)
        self.notes_label = self._section(translate("Preview", "Notes"), lay)
        self.path_label = self._section(translate("Preview", "Project"), lay)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.opened_label = self._label("previewMeta", translate("Preview", "Last opened"), lay)
        lay.addStretch(1)
        self.keys_label = self._label(
            "previewKeys", translate("Preview", "Preview keys"), lay, True
        )
        self.keys_label.setText(pane_hint_row(sys.platform, i18n.tr_message))

    def _label(
        self, name: str, accessible: str, lay: QVBoxLayout | None, wrap: bool = False
    ) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(wrap)
        if lay is not None:
            lay.addWidget(label)
        return label

    def _section(self, heading: str, lay: QVBoxLayout) -> QLabel:
        lay.addSpacing(6)
        self._label("previewSection", heading, lay).setText(heading.upper())
        body = self._label("previewBody", heading, lay, wrap=True)
        body.setTextFormat(Qt.TextFormat.RichText)
        return body

    # -- appearance --------------------------------------------------------------------------
    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setStyleSheet(preview_style_sheet(theme))
        for view in (self.artwork, self.tags_view, self.waveform, self.play_button):
            view.theme = theme
            view.update()
        if self.session is not None:
            self._render_meta(self.session)

    # -- following the selection -------------------------------------------------------------
    def follow(self, session: Session | None) -> None:
        """Show ``session`` (the highlighted row); ``None`` clears the pane."""
        previous, self.session = self.session, session
        if session is None:
            self._cancel_load()
            self.audio.stop()
            self.title_label.setText(translate("Preview", "Nothing selected"))
            for label in (self.meta_label, self.lanes_label, self.notes_label, self.path_label):
                label.clear()
            self.opened_label.clear()
            self.tags_view.set_tags(())
            self.artwork.set_image(None)
            self.waveform.clear("")
            self.play_button.setEnabled(False)
            return
        self._render_meta(session)
        if previous is not None and previous.id == session.id:
            if _media_key(previous) == _media_key(session):
                return
            self.loader.forget_media(session.id)  # SessionDock made a new preview
        if self.audio.session_id and self.audio.session_id != session.id:
            self._autoplay = self.audio.status.state in (Audition.PLAYING, Audition.LOADING)
            self.audio.stop()  # nothing from the previous row keeps playing
        self._show_cached(session)
        self._cancel_load()
        if self.isVisible():
            self._task = self.tasks.spawn(self._load(session), f"preview:{session.id}")
        else:
            self._pending = True

    def _render_meta(self, s: Session) -> None:
        t = self.theme
        self.title_label.setText(s.display_title)
        dot = f"<span style='color:{t.kind_color(s.kind or '?').name()}'>●</span> "
        meta = " · ".join(html.escape(v) for v in (s.kind, s.status) if v)
        self.meta_label.setText(dot + (meta or translate("Preview", "Unknown kind")))
        self.tags_view.set_tags(s.tags)
        lanes = []
        for lane in s.ordered_previews():
            star = "★ " if lane.id == s.preferred_preview_id else "&nbsp;&nbsp;&nbsp;"
            state = f" <span style='color:{t.subtext.name()}'>· {html.escape(lane.status)}</span>"
            lanes.append(star + html.escape(lane.name or lane.id) + (state if lane.status else ""))
        self.lanes_label.setText("<br>".join(lanes) or self._muted(_no_preview_text(s)))
        notes = html.escape(s.notes.strip()).replace("\n", "<br>")
        self.notes_label.setText(notes or self._muted(translate("Preview", "No notes")))
        path = s.project_path or ""
        no_path = self._muted(translate("Preview", "No project path"))
        self.path_label.setText(html.escape(path) if path else no_path)
        self.path_label.setToolTip(path)
        opened = translate("Preview", "Opened {when}").format(
            when=i18n.relative_time(s.last_opened)
        )
        self.opened_label.setText(opened if s.last_opened else translate("Preview", "Never opened"))
        self.play_button.setEnabled(bool(s.preview_audio_url))

    def _muted(self, text: str) -> str:
        return f"<span style='color:{self.theme.subtext.name()}'>{html.escape(text)}</span>"

    def _show_cached(self, s: Session) -> None:
        art = self.loader.art.get(s.preview_url or "")
        self.artwork.set_image(art, s.kind)
        peaks = self.loader.peaks.get(s.id)
        if peaks is not None:
            self.waveform.set_waveform(*peaks)
        else:
            loading = translate("Preview", "Loading waveform…")
            self.waveform.clear(loading if s.preview_audio_url else _no_preview_text(s))
        self.waveform.set_notes(self.loader.markers.get(s.id, ()))
        self.time_label.setText(format_time(0) + (f" / {format_time(peaks[1])}" if peaks else ""))
        self._on_audio_status(self.audio.status)

    def _cancel_load(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._pending = False

    async def _load(self, s: Session) -> None:
        await asyncio.sleep(DEBOUNCE_S)
        if self._autoplay:
            self._autoplay = False
            self.audio.load(s, autoplay=True)
        client = self.link.client
        if client is not None:
            await self.loader.load(client, s)
        if self.session is not None and self.session.id == s.id:
            self.preview_loaded.emit(s.id)

    def _current(self, s: Session) -> bool:
        return self.session is not None and self.session.id == s.id

    def on_art_loaded(self, s: Session, image: QImage) -> None:
        if self._current(s):
            self.artwork.set_image(image, s.kind)

    def on_peaks_loaded(self, s: Session, peaks: Peaks | None) -> None:
        if not self._current(s):
            return
        if peaks is None:
            self.waveform.clear(translate("Preview", "Waveform unavailable"))
            return
        self.waveform.set_waveform(*peaks)
        played = self.audio.position() if self.audio.session_id == s.id else 0.0
        self.time_label.setText(f"{format_time(played)} / {format_time(peaks[1])}")

    def on_markers_loaded(self, s: Session, notes: tuple[WaveformNote, ...]) -> None:
        if self._current(s):
            self.waveform.set_notes(notes)

    def _on_link_status(self, status: LauncherStatus) -> None:
        """The link came back: load again what failed while it was down (artwork, peaks)."""
        up = status.link is Link.CONNECTED
        back, self._link_up = up and not self._link_up, up
        idle = self._task is None or self._task.done()
        if back and self.session is not None and self.isVisible() and idle:
            self._task = self.tasks.spawn(self._load(self.session), f"preview:{self.session.id}")

    def _on_session_changed(self, session: Session) -> None:
        if self.session is not None and self.session.id == session.id:
            self.session = session
            self._render_meta(session)

    # -- audition ----------------------------------------------------------------------------
    def toggle_playback(self) -> None:
        if self.session is not None:
            self._autoplay = False
            self.audio.toggle(self.session)

    def seek_step(self, direction: int) -> None:
        duration = self.waveform.duration
        self.audio.seek_by(direction * min(10.0, max(1.0, duration * 0.1)))

    def _seek_to(self, seconds: float) -> None:
        if self.session is not None and self.audio.session_id == self.session.id:
            self.audio.seek_to(seconds)

    def _on_audio_status(self, status: AuditionStatus) -> None:
        mine = self.session is not None and status.session_id == self.session.id
        self.play_button.set_playing(mine and status.state is Audition.PLAYING)
        text = status.text if mine or status.state is Audition.UNAVAILABLE else ""
        note = self.audio.output_note if self.audio.player is not None else ""
        self.audio_note.setText(text or note)
        self.audio_note.setToolTip(text or note)

    def _on_position(self, seconds: float) -> None:
        if self.session is not None and self.audio.session_id == self.session.id:
            self.waveform.set_position(seconds)
            total = format_time(self.waveform.duration)
            self.time_label.setText(f"{format_time(seconds)} / {total}")

    def _on_duration(self, seconds: float) -> None:
        if self.session is not None and self.audio.session_id == self.session.id:
            self.waveform.set_duration(seconds)

    # -- visibility --------------------------------------------------------------------------
    def toggle_visible(self) -> None:
        """The toggle key: show or hide the pane, and say so (the setting is remembered)."""
        self.set_shown(self.isHidden())
        self.visibility_toggled.emit(not self.isHidden())

    def set_shown(self, shown: bool) -> None:
        """Show or hide the pane, growing or shrinking the window by its width."""
        if shown != self.isHidden():
            return
        window = self.window()
        self.setVisible(shown)
        if window is not self:
            delta = PANE_WIDTH + 10
            window.resize(window.width() + (delta if shown else -delta), window.height())
        if not shown:
            self.audio.stop()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.audio.prepare()
        self._on_audio_status(self.audio.status)
        if self._pending and self.session is not None:
            self._pending = False
            self._task = self.tasks.spawn(self._load(self.session), f"preview:{self.session.id}")

    # -- editors (hosted by PreviewEditors) --------------------------------------------------
    @property
    def editor(self) -> EditorPanel | None:
        """The editor open in place of the preview, if any."""
        return self.editors.editor

    def edit_tags(self, session: Session) -> None:
        self.editors.edit_tags(session)

    def edit_notes(self, session: Session) -> None:
        self.editors.edit_notes(session)

    def edit_fields(self, session: Session) -> None:
        self.editors.edit_fields(session)

    def new_session(self, pick_path: Callable[[QWidget], str] | None = None) -> None:
        """ "New session…": the create form (``pick_path`` is the project file picker)."""
        self.editors.new_session(pick_path)

    def open_editor(self, editor: EditorPanel) -> None:
        self.editors.open_editor(editor)

    def close_editor(self) -> None:
        self.editors.close_editor()


def _no_preview_text(s: Session) -> str:
    if s.preview_status.casefold() in ("generating", "pending", "queued"):
        return translate("Preview", "Preview is being generated…")
    return translate("Preview", "No preview yet")


def _media_key(s: Session) -> tuple[object, ...]:
    return (s.preview_url, s.preview_audio_url, s.preferred_preview_id, s.preview_status)
