"""The preview pane beside the results: artwork, metadata, waveform with markers, audition, editors.

It follows the highlighted row. Metadata shows at once (it is in the index); artwork, peaks and
waveform notes load ~120 ms after the selection settles, in one cancellable task, and whatever
arrives for a session no longer shown is dropped. Loaded media is kept in small LRU caches, so
going back to a row needs no request. Editors (tags, notes, fields, new session) open in place.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sessiondock_launcher.api import Session, SessionDockClient, SessionDockError, WaveformNote
from sessiondock_launcher.core.audio_cache import peaks_from_wav
from sessiondock_launcher.core.humanize import relative_time
from sessiondock_launcher.ui.audio import AudioPlayer, Audition, AuditionStatus
from sessiondock_launcher.ui.editing import EditController, EditorPanel
from sessiondock_launcher.ui.link import LinkMonitor
from sessiondock_launcher.ui.notes_editor import NotesEditor
from sessiondock_launcher.ui.session_form import (
    NewSessionForm,
    SessionFieldsEditor,
    pick_project_path,
)
from sessiondock_launcher.ui.tag_editor import ChipsView, TagEditor
from sessiondock_launcher.ui.tasks import TaskRunner
from sessiondock_launcher.ui.theme import Theme
from sessiondock_launcher.ui.waveform_view import (
    ArtworkView,
    PlayButton,
    WaveformView,
    format_time,
)

logger = logging.getLogger(__name__)

DEBOUNCE_S = 0.12
PANE_WIDTH = 340
CACHE_ITEMS = 48
Peaks = tuple[tuple[float, ...], float]
V = TypeVar("V")


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
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.setAccessibleName("Preview")
        self.setFixedWidth(PANE_WIDTH)
        self.link, self.tasks, self.audio, self.editing, self.theme = (
            link, tasks, audio, editing, theme,
        )  # fmt: skip
        self.session: Session | None = None
        self.editor: EditorPanel | None = None
        self._task: asyncio.Task[None] | None = None
        self._pending = False
        self._autoplay = False
        self._temporarily_shown = False
        self._focus_before: QWidget | None = None
        self._art: OrderedDict[str, QImage] = OrderedDict()
        self._peaks: OrderedDict[str, Peaks] = OrderedDict()
        self._markers: OrderedDict[str, tuple[WaveformNote, ...]] = OrderedDict()

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 1)
        outer.addWidget(self.stack)
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
        self.title_label = self._label("previewTitle", "Title", lay, wrap=True)
        self.meta_label = self._label("previewMeta", "Kind and status", lay)
        self.tags_view = ChipsView(theme, parent=content)
        self.tags_view.empty_text = "No tags"
        self.waveform = WaveformView(theme, content)
        transport = QHBoxLayout()
        self.play_button = PlayButton(theme, content)
        self.time_label = self._label("previewMeta", "Playback time", None)
        self.audio_note = self._label("audioNote", "Audio state", None, wrap=True)
        transport.addWidget(self.play_button)
        transport.addWidget(self.time_label)
        transport.addWidget(self.audio_note, 1)
        lay.insertWidget(0, self.artwork)
        lay.addWidget(self.tags_view)
        lay.addWidget(self.waveform)
        lay.addLayout(transport)
        self.lanes_label = self._section("Previews", lay)
        self.notes_label = self._section("Notes", lay)
        self.path_label = self._section("Project", lay)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.opened_label = self._label("previewMeta", "Last opened", lay)
        lay.addStretch(1)
        self.keys_label = self._label("previewKeys", "Preview keys", lay, wrap=True)
        self.keys_label.setText("Space play · ←/→ seek · Ctrl+T tags · Ctrl+I hide")

        self.play_button.clicked.connect(self.toggle_playback)
        self.waveform.seek_requested.connect(self._seek_to)
        audio.status_changed.connect(self._on_audio_status)
        audio.position_changed.connect(self._on_position)
        audio.duration_changed.connect(self._on_duration)
        audio.output_changed.connect(lambda _note: self._on_audio_status(audio.status))
        editing.session_changed.connect(self._on_session_changed)
        self.apply_theme(theme)
        self.follow(None)
        self.hide()  # explicitly: set_shown() decides, and grows the window when it shows

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
        t = {
            k: getattr(theme, k).name()
            for k in ("window", "border", "field", "text", "subtext", "match", "warning", "error")
        }
        self.setStyleSheet(
            f"#previewPane {{ background: {t['field']}; border: 1px solid {t['border']};"
            " border-radius: 10px; }"
            "#previewContent, QScrollArea, QStackedWidget { background: transparent; }"
            f"QLabel {{ color: {t['text']}; }}"
            f"#previewTitle {{ font-size: 17px; font-weight: 600; }}"
            f"#previewMeta, #editorHint {{ color: {t['subtext']}; font-size: 12px; }}"
            f"#previewSection {{ color: {t['subtext']}; font-size: 10px; font-weight: 700;"
            " }"
            "#previewBody { font-size: 12px; }"
            f"#previewKeys {{ color: {t['subtext']}; font-size: 10px; }}"
            f"#audioNote, #editorNote {{ color: {t['warning']}; font-size: 11px; }}"
            "#editorHeading { font-size: 15px; font-weight: 600; }"
            f"#editorError {{ color: {t['error']}; }}"
            f"QLineEdit, QPlainTextEdit, QComboBox {{ background: {t['window']};"
            f" color: {t['text']}; border: 1px solid {t['border']}; border-radius: 6px;"
            " padding: 4px 6px; }"
            f"QLineEdit:focus, QPlainTextEdit:focus {{ border-color: {t['match']}; }}"
            f"QPushButton {{ background: {t['window']}; color: {t['text']};"
            f" border: 1px solid {t['border']}; border-radius: 6px; padding: 5px 14px; }}"
            f"QPushButton:default {{ background: {t['match']}; color: {t['window']};"
            f" border-color: {t['match']}; }}"
            f"QPushButton:disabled {{ color: {t['subtext']}; background: {t['field']}; }}"
        )
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
            self.title_label.setText("Nothing selected")
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
            for cache in (self._peaks, self._markers):  # SessionDock made a new preview
                cache.pop(session.id, None)
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
        self.meta_label.setText(dot + (meta or "Unknown kind"))
        self.tags_view.set_tags(s.tags)
        lanes = []
        for lane in s.ordered_previews():
            star = "★ " if lane.id == s.preferred_preview_id else "&nbsp;&nbsp;&nbsp;"
            state = f" <span style='color:{t.subtext.name()}'>· {html.escape(lane.status)}</span>"
            lanes.append(star + html.escape(lane.name or lane.id) + (state if lane.status else ""))
        self.lanes_label.setText("<br>".join(lanes) or self._muted(_no_preview_text(s)))
        notes = html.escape(s.notes.strip()).replace("\n", "<br>")
        self.notes_label.setText(notes or self._muted("No notes"))
        path = s.project_path or ""
        self.path_label.setText(html.escape(path) if path else self._muted("No project path"))
        self.path_label.setToolTip(path)
        self.opened_label.setText(
            f"Opened {relative_time(s.last_opened)}" if s.last_opened else "Never opened"
        )
        self.play_button.setEnabled(bool(s.preview_audio_url))

    def _muted(self, text: str) -> str:
        return f"<span style='color:{self.theme.subtext.name()}'>{html.escape(text)}</span>"

    def _show_cached(self, s: Session) -> None:
        art = self._art.get(s.preview_url or "")
        self.artwork.set_image(art, s.kind)
        peaks = self._peaks.get(s.id)
        if peaks is not None:
            self.waveform.set_waveform(*peaks)
        else:
            self.waveform.clear("Loading waveform…" if s.preview_audio_url else _no_preview_text(s))
        self.waveform.set_notes(self._markers.get(s.id, ()))
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
            await asyncio.gather(
                self._load_art(client, s),
                self._load_peaks(client, s),
                self._load_markers(client, s),
            )
        if self.session is not None and self.session.id == s.id:
            self.preview_loaded.emit(s.id)

    def _current(self, s: Session) -> bool:
        return self.session is not None and self.session.id == s.id

    async def _load_art(self, client: SessionDockClient, s: Session) -> None:
        url = s.preview_url
        if not url or url in self._art:
            return
        try:
            image = QImage.fromData(await client.download(url))
        except SessionDockError as exc:
            logger.info("Artwork of %s unavailable: %s", s.id, exc)
            return
        if not image.isNull():
            _remember(self._art, url, image)
            if self._current(s):
                self.artwork.set_image(image, s.kind)

    async def _load_peaks(self, client: SessionDockClient, s: Session) -> None:
        if not s.preview_audio_url or s.id in self._peaks:
            return
        try:
            wave = await client.get_waveform(s.id, s.preferred_preview_id or None)
            peaks: Peaks | None = (wave.peaks, wave.duration) if wave.peaks else None
        except SessionDockError as exc:
            logger.info("No waveform for %s (%s); computing it from the audio", s.id, exc)
            peaks = None
        if peaks is None:
            peaks = await self._peaks_from_audio(s)
        if peaks is None:
            if self._current(s):
                self.waveform.clear("Waveform unavailable")
            return
        _remember(self._peaks, s.id, peaks)
        if self._current(s):
            self.waveform.set_waveform(*peaks)
            played = self.audio.position() if self.audio.session_id == s.id else 0.0
            self.time_label.setText(f"{format_time(played)} / {format_time(peaks[1])}")

    async def _peaks_from_audio(self, s: Session) -> Peaks | None:
        try:
            path = await self.audio.fetch(s.preview_audio_url or "", s.preview_audio_mime)
            computed = peaks_from_wav(path.read_bytes()) if path is not None else None
        except (SessionDockError, OSError) as exc:
            logger.info("Preview audio of %s unavailable for peaks: %s", s.id, exc)
            return None
        return (tuple(computed[0]), computed[1]) if computed else None

    async def _load_markers(self, client: SessionDockClient, s: Session) -> None:
        if not s.preview_audio_url or s.id in self._markers:
            return
        try:
            notes = (await client.get_waveform_notes(s.id, s.preferred_preview_id or None)).notes
        except SessionDockError as exc:
            logger.info("No waveform notes for %s: %s", s.id, exc)
            return
        _remember(self._markers, s.id, notes)
        if self._current(s):
            self.waveform.set_notes(notes)

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

    # -- editors -----------------------------------------------------------------------------
    def edit_tags(self, session: Session) -> None:
        self.open_editor(TagEditor(session, self.editing, self.tasks, self.theme))

    def edit_notes(self, session: Session) -> None:
        self.open_editor(NotesEditor(session, self.editing, self.tasks))

    def edit_fields(self, session: Session) -> None:
        self.open_editor(SessionFieldsEditor(session, self.editing, self.tasks))

    def new_session(self, pick_path: Callable[[QWidget], str] = pick_project_path) -> None:
        """ "New session…": the create form (``pick_path`` is the project file picker)."""
        self.open_editor(NewSessionForm(self.editing, self.tasks, self.theme, pick_path=pick_path))

    def open_editor(self, editor: EditorPanel) -> None:
        current = self.editor
        if current is not None and (current.busy or current.has_changes()):
            editor.deleteLater()  # never drop what the user typed in the open one
            self.editing.bridge.warning(f"Save or cancel “{current.heading.text()}” first")
            current.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.close_editor()
        self._focus_before = self.window().focusWidget()
        if self.isHidden():
            self._temporarily_shown = True
            self.set_shown(True)
        self.editor = editor
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        editor.closed.connect(self.close_editor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is None:
            return
        self.stack.setCurrentIndex(0)
        self.stack.removeWidget(editor)
        editor.deleteLater()
        if self._temporarily_shown:
            self._temporarily_shown = False
            self.set_shown(False)
        if self._focus_before is not None:
            self._focus_before.setFocus(Qt.FocusReason.OtherFocusReason)
            self._focus_before = None


class PreviewKeys(QObject):
    """Event filter on the search field: the pane's keys, without stealing typing.

    Ctrl+I shows or hides the pane; Ctrl+T edits tags. While the pane is shown, Space plays or
    pauses and ←/→ seek once the user moved through the results (↑/↓, PgUp/PgDn, Home/End,
    Ctrl+N/P, Alt+1…9) or while the field is empty; typing any character returns them to the text.
    """

    NAVIGATION = (
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    )

    def __init__(
        self,
        pane: PreviewPane,
        current: Callable[[], Session | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane, self.current = pane, current
        self.navigating = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = mods == Qt.KeyboardModifier.ControlModifier
        if ctrl and key == Qt.Key.Key_I:
            self.pane.toggle_visible()
            return True
        if ctrl and key == Qt.Key.Key_T:
            session = self.current()
            if session is not None:
                self.pane.edit_tags(session)
            return True
        plain = mods == Qt.KeyboardModifier.NoModifier
        if (
            (plain and key in self.NAVIGATION)
            or (ctrl and key in (Qt.Key.Key_N, Qt.Key.Key_P))
            or (mods == Qt.KeyboardModifier.AltModifier and Qt.Key.Key_1 <= key <= Qt.Key.Key_9)
        ):
            self.navigating = True
            return False
        field_empty = isinstance(watched, QLineEdit) and not watched.text()
        audition = self.pane.isVisible() and (self.navigating or field_empty)
        if audition and plain:
            if key == Qt.Key.Key_Space:
                self.pane.toggle_playback()
                return True
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                self.pane.seek_step(1 if key == Qt.Key.Key_Right else -1)
                return True
        if event.text().strip() or key in (
            Qt.Key.Key_Backspace,
            Qt.Key.Key_Delete,
            Qt.Key.Key_Space,
        ):
            self.navigating = False
        return False


def _no_preview_text(s: Session) -> str:
    if s.preview_status.casefold() in ("generating", "pending", "queued"):
        return "Preview is being generated…"
    return "No preview yet"


def _media_key(s: Session) -> tuple[object, ...]:
    return (s.preview_url, s.preview_audio_url, s.preferred_preview_id, s.preview_status)


def _remember(cache: OrderedDict[str, V], key: str, value: V) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > CACHE_ITEMS:
        cache.popitem(last=False)
