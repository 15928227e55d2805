"""The preview pane beside the results: artwork, metadata, waveform with markers, audition, editors.

It follows the highlighted row. Metadata shows at once (it is in the index); artwork, peaks and
waveform notes load ~120 ms after the selection settles, in one cancellable task, and whatever
arrives for a session no longer shown is dropped. Loaded media is kept in small LRU caches, so
going back to a row needs no request. Editors (tags, notes, fields, new session) open in place.

The title, artwork, waveform and transport are a fixed header; tags, the preview lanes (pick one
to audition it: click, or Ctrl+1…9), notes and path scroll below and start at the top for each
row (``page.py``). The loading and its caches are in ``loader.py``, the editor slot in
``editor_slot.py``, the style sheet in ``style.py``, and what the pane's keys do in ``keys.py``
(the keys: ``core/keymap.py``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFrame, QStackedWidget, QVBoxLayout, QWidget

from sessiondock_launcher.api import Session, WaveformNote
from sessiondock_launcher.core.lanes import default_lane, lane_ids
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.common.theme import Theme
from sessiondock_launcher.ui.connection.link import LinkMonitor
from sessiondock_launcher.ui.editors.draft import NewSessionDraft as Draft
from sessiondock_launcher.ui.editors.editing import EditController
from sessiondock_launcher.ui.editors.panel import EditorPanel
from sessiondock_launcher.ui.preview.audio import AudioPlayer, Audition, AuditionStatus
from sessiondock_launcher.ui.preview.editor_slot import PickPath, PreviewEditors
from sessiondock_launcher.ui.preview.loader import Peaks, PreviewLoader
from sessiondock_launcher.ui.preview.page import PreviewPage, no_preview_text
from sessiondock_launcher.ui.preview.style import preview_style_sheet
from sessiondock_launcher.ui.preview.waveform_view import format_time

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
        self.complete: Callable[[Session], Session] = lambda s: s  # a row -> its whole session
        self._behind: tuple[Session | None] | None = None  # the row followed while hidden
        self.lane = ""  # the preview lane the transport plays (and the waveform shows)
        self._lane_picked = False  # the user picked ``lane`` (else it follows the preferred one)
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
        self._show_session(None)
        self.hide()  # explicitly: set_shown() decides, and grows the window when it shows

    def _build_preview(self, theme: Theme) -> None:
        """Page 0 of the stack: fixed header, scrolling details, key line (``page.py``)."""
        self.page = page = PreviewPage(theme, self.stack)
        self.stack.addWidget(page)
        self.artwork, self.title_label, self.meta_label = (
            page.artwork, page.title_label, page.meta_label,
        )  # fmt: skip
        self.waveform, self.play_button, self.time_label = (
            page.waveform, page.play_button, page.time_label,
        )  # fmt: skip
        self.audio_note, self.tags_view, self.lanes_label = (
            page.audio_note, page.tags_view, page.lanes,
        )  # fmt: skip
        self.notes_label, self.path_label, self.opened_label, self.keys_label = (
            page.notes_label, page.path_label, page.opened_label, page.keys_label,
        )  # fmt: skip
        page.lanes.lane_picked.connect(self.pick_lane)
        page.show_keys(None)

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
        """Show ``session`` (the highlighted row, whole through :attr:`complete`), or nothing.

        While the pane is hidden (the default) nothing is read or drawn on a keystroke: the last
        row followed is, when it shows. The same session again, unchanged (typing on usually
        keeps the top row), re-renders nothing but its "Opened …" line.
        """
        if self.isHidden():
            self._behind = (session,)
            return
        self._behind = None
        self._show_session(None if session is None else self.complete(session))

    def _catch_up(self) -> None:
        """The pane shows: draw the row it followed while hidden."""
        if self._behind is not None and not self.isHidden():
            self.follow(self._behind[0])

    def _show_session(self, session: Session | None) -> None:
        previous = self.session
        if session is not None and previous is not None and session == previous:
            self.session = session
            self.page.show_opened(session)  # (moves on with the clock)
            return
        self.session = session
        if previous is None or session is None or previous.id != session.id:
            self.page.reset_scroll()  # a new row's details start at the top
            self._lane_picked = False
        self._settle_lane()
        for part in (self.waveform, self.page.transport):
            part.setVisible(session is not None)  # nothing selected: no empty player
        if session is None:
            self._cancel_load()
            self.audio.stop()
            self.title_label.setText(translate("Preview", "Nothing selected"))
            for label in (self.meta_label, self.notes_label, self.path_label):
                label.clear()
            self.lanes_label.set_lanes(Session(id=""), "", "")
            self.page.show_lane(self.session, self.lane)
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
        self._start_load(session)

    def _start_load(self, session: Session) -> None:
        if self.isVisible():
            self._task = self.tasks.spawn(self._load(session, self.lane), f"preview:{session.id}")
        else:
            self._pending = True

    def _render_meta(self, s: Session) -> None:
        self.page.show_session(s, self.lane, self.theme)

    def _settle_lane(self) -> None:
        """The preferred lane, unless the user picked one of this session that still exists."""
        s = self.session
        if s is None:
            self.lane, self._lane_picked = "", False
        elif not (self._lane_picked and self.lane in lane_ids(s)):
            self.lane, self._lane_picked = default_lane(s), False

    def _show_cached(self, s: Session) -> None:
        art = self.loader.art.get(s.preview_url or "")
        self.artwork.set_image(art, s.kind)
        peaks = self.loader.peaks.get((s.id, self.lane))
        if peaks is not None:
            self.waveform.set_waveform(*peaks)
        else:
            loading = translate("Preview", "Loading waveform…")
            self.waveform.clear(loading if s.preview_audio_url else no_preview_text(s))
        self.waveform.set_notes(self.loader.markers.get((s.id, self.lane), ()))
        self.time_label.setText(format_time(0) + (f" / {format_time(peaks[1])}" if peaks else ""))
        self._on_audio_status(self.audio.status)

    def _cancel_load(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._pending = False

    async def _load(self, s: Session, lane: str) -> None:
        await asyncio.sleep(DEBOUNCE_S)
        if self._autoplay:
            self._autoplay = False
            self.audio.load(s, autoplay=True, lane_id=lane)
        client = self.link.client
        if client is not None:
            await self.loader.load(client, s, lane)
        if self.session is not None and self.session.id == s.id:
            self.preview_loaded.emit(s.id)

    def _current(self, s: Session, lane: str | None = None) -> bool:
        shown = self.session is not None and self.session.id == s.id
        return shown and (lane is None or lane == self.lane)

    def on_art_loaded(self, s: Session, image: QImage) -> None:
        if self._current(s):
            self.artwork.set_image(image, s.kind)

    def on_peaks_loaded(self, s: Session, lane: str, peaks: Peaks | None) -> None:
        if not self._current(s, lane):
            return
        if peaks is None:
            self.waveform.clear(translate("Preview", "Waveform unavailable"))
            return
        self.waveform.set_waveform(*peaks)
        played = self.audio.position() if self._playing_shown_lane() else 0.0
        self.time_label.setText(f"{format_time(played)} / {format_time(peaks[1])}")

    def on_markers_loaded(self, s: Session, lane: str, notes: tuple[WaveformNote, ...]) -> None:
        if self._current(s, lane):
            self.waveform.set_notes(notes)

    def _on_link_status(self, status: LauncherStatus) -> None:
        """The link came back: load again what failed while it was down (artwork, peaks)."""
        up = status.link is Link.CONNECTED
        back, self._link_up = up and not self._link_up, up
        idle = self._task is None or self._task.done()
        if back and self.session is not None and self.isVisible() and idle:
            self._start_load(self.session)

    def _on_session_changed(self, session: Session) -> None:
        if self.session is not None and self.session.id == session.id:
            self.session = session
            self._settle_lane()
            self._render_meta(session)

    # -- audition ----------------------------------------------------------------------------
    def toggle_playback(self) -> None:
        if self.session is not None:
            self._autoplay = False
            self.audio.toggle(self.session, self.lane)

    def pick_lane_at(self, position: int) -> None:
        """Ctrl+``position``: audition the shown session's ``position``-th lane (1-based)."""
        ids = lane_ids(self.session) if self.session is not None and self.isVisible() else ()
        if 0 < position <= len(ids):
            self.pick_lane(ids[position - 1])

    def pick_lane(self, lane_id: str) -> None:
        """Audition ``lane_id`` of the shown session: its waveform, markers and audio."""
        s = self.session
        if s is None or lane_id not in lane_ids(s):
            return
        self._autoplay = False
        self._lane_picked = True
        if lane_id != self.lane:
            self.lane = lane_id
            self.lanes_label.set_current(lane_id)
            self.page.show_lane(self.session, self.lane)
            self._show_cached(s)
            self._cancel_load()
            self._start_load(s)
        playing = self._playing_shown_lane() and self.audio.status.state is Audition.PLAYING
        if not playing:
            self.audio.load(s, autoplay=True, lane_id=lane_id)

    def _playing_shown_lane(self) -> bool:
        s = self.session
        return s is not None and self.audio.session_id == s.id and self.audio.lane_id == self.lane

    def seek_step(self, direction: int) -> None:
        duration = self.waveform.duration
        self.audio.seek_by(direction * min(10.0, max(1.0, duration * 0.1)))

    def _seek_to(self, seconds: float) -> None:
        if self._playing_shown_lane():
            self.audio.seek_to(seconds)

    def _on_audio_status(self, status: AuditionStatus) -> None:
        mine = self.session is not None and status.session_id == self.session.id
        self.play_button.set_playing(mine and status.state is Audition.PLAYING)
        text = status.text if mine or status.state is Audition.UNAVAILABLE else ""
        note = self.audio.output_note if self.audio.player is not None else ""
        self.page.set_audio_note(text or note)

    def _on_position(self, seconds: float) -> None:
        if self._playing_shown_lane():
            self.waveform.set_position(seconds)
            total = format_time(self.waveform.duration)
            self.time_label.setText(f"{format_time(seconds)} / {total}")

    def _on_duration(self, seconds: float) -> None:
        if self._playing_shown_lane():
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
        self._catch_up()
        if window is not self:
            delta = PANE_WIDTH + 10
            window.resize(window.width() + (delta if shown else -delta), window.height())
        if not shown:
            self.audio.stop()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._catch_up()
        self.audio.prepare()
        self._on_audio_status(self.audio.status)
        if self._pending and self.session is not None:
            self._pending = False
            self._start_load(self.session)

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

    def new_session(self, pick_path: PickPath | None = None, *, draft: Draft | None = None) -> None:
        """ "New session…" (``draft``: from the search that found nothing; see ``EditorSlot``)."""
        self.editors.new_session(pick_path, draft=draft)

    def open_editor(self, editor: EditorPanel) -> None:
        self.editors.open_editor(editor)

    def close_editor(self) -> None:
        self.editors.close_editor()


def _media_key(s: Session) -> tuple[object, ...]:
    return (
        s.preview_url,
        s.preview_audio_url,
        s.preferred_preview_id,
        s.preview_status,
        tuple(p.id for p in s.previews),
    )
