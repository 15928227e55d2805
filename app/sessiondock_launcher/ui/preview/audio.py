"""Preview audition: play a session's preferred preview from the disk cache.

QMediaPlayer cannot send the bearer header, so the API client downloads the audio into
:class:`~sessiondock_launcher.core.audio_cache.AudioCache` and the player opens the local file.
QtMultimedia is optional at run time: when it cannot be imported (no PySide6-Addons, no libpulse)
the player reports ``UNAVAILABLE`` with the reason instead of failing. Without an audio device Qt
plays silently and reports nothing (docs/pitfalls.md §9), so the output list is checked here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal

from sessiondock_launcher.api import (
    DownloadTooLarge,
    NotFound,
    Session,
    SessionDockClient,
    SessionDockError,
)
from sessiondock_launcher.core.audio_cache import AudioCache
from sessiondock_launcher.core.lanes import default_lane, lane_audio_url
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.tasks import TaskRunner

logger = logging.getLogger(__name__)

NO_DEVICE_NOTE = QT_TRANSLATE_NOOP("Preview", "No audio output device — previews play silently")
_END_SLACK_MS = 50  # a seek this close to the end is the end (the backend stalls there)


class Audition(Enum):
    IDLE = "idle"
    LOADING = "loading"
    READY = "ready"  # loaded, not playing (also after the end)
    PLAYING = "playing"
    PAUSED = "paused"
    NO_PREVIEW = "no-preview"
    UNSUPPORTED = "unsupported"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"  # QtMultimedia is missing


@dataclass(frozen=True, slots=True)
class AuditionStatus:
    """What the player is doing, for which session, and one line to show the user."""

    state: Audition = Audition.IDLE
    session_id: str = ""
    text: str = ""


def load_multimedia() -> ModuleType:
    from PySide6 import QtMultimedia

    return QtMultimedia


class AudioPlayer(QObject):
    """Plays one preview at a time.

    Signals:
        status_changed(AuditionStatus): the state changed.
        position_changed(float): playback position in seconds.
        duration_changed(float): length of the loaded preview in seconds.
        output_changed(str): the audio-output note ("" when a device exists).
    """

    status_changed = Signal(object)
    position_changed = Signal(float)
    duration_changed = Signal(float)
    output_changed = Signal(str)

    def __init__(
        self,
        client: Callable[[], SessionDockClient | None],
        tasks: TaskRunner,
        cache: AudioCache,
        *,
        multimedia: Callable[[], ModuleType] = load_multimedia,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._tasks = tasks
        self.cache = cache
        self._load_multimedia = multimedia
        self._mm: ModuleType | None = None
        self.unavailable_reason = ""
        self.player: Any = None  # QMediaPlayer once the backend is up
        self._output: Any = None
        self._devices: Any = None
        self.output_note = ""
        self.status = AuditionStatus()
        self.lane_id = ""  # the preview lane of ``session_id`` that is loaded
        self._task: asyncio.Task[None] | None = None
        self._mime = ""

    # -- backend -----------------------------------------------------------------------------
    def prepare(self) -> bool:
        """Create the media backend (once); ``False`` when QtMultimedia is unusable."""
        if self.player is not None:
            return True
        if self.unavailable_reason:
            return False
        try:
            mm = self._load_multimedia()
        except (ImportError, OSError) as exc:  # no PySide6-Addons, or no libpulse0 on Linux
            self.unavailable_reason = QCoreApplication.translate(
                "Preview", "Audio preview unavailable: {reason}"
            ).format(reason=exc)
            logger.warning("%s", self.unavailable_reason)
            self._set(Audition.UNAVAILABLE, "", self.unavailable_reason)
            return False
        self._mm = mm
        self.player = mm.QMediaPlayer(self)
        self._output = mm.QAudioOutput(self)
        self.player.setAudioOutput(self._output)
        self._devices = mm.QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._update_output)
        self.player.playbackStateChanged.connect(self._on_playback_state)
        self.player.mediaStatusChanged.connect(self._on_media_status)
        self.player.errorOccurred.connect(self._on_error)
        self.player.positionChanged.connect(lambda ms: self.position_changed.emit(ms / 1000))
        self.player.durationChanged.connect(lambda ms: self.duration_changed.emit(ms / 1000))
        self._update_output()
        return True

    def _update_output(self) -> None:
        mm = self._mm
        assert mm is not None
        has_device = bool(mm.QMediaDevices.audioOutputs())
        if has_device:
            self._output.setDevice(mm.QMediaDevices.defaultAudioOutput())
        note = "" if has_device else QCoreApplication.translate("Preview", NO_DEVICE_NOTE)
        if note != self.output_note:
            self.output_note = note
            self.output_changed.emit(note)

    # -- commands ----------------------------------------------------------------------------
    @property
    def session_id(self) -> str:
        return self.status.session_id

    def toggle(self, session: Session, lane_id: str = "") -> None:
        """Space: play or pause ``session``'s preview lane ``lane_id`` (default: the preferred
        one), loading it first if needed."""
        if not self.prepare():
            self._set(Audition.UNAVAILABLE, session.id, self.unavailable_reason)
            return
        lane = lane_id or default_lane(session)
        state = self.status.state
        same = self.session_id == session.id and self.lane_id == lane
        if same and state is Audition.PLAYING:
            self.player.pause()
        elif same and state in (Audition.PAUSED, Audition.READY):
            duration = self.player.duration()
            if duration > 0 and self.player.position() >= duration - _END_SLACK_MS:
                self.player.setPosition(0)  # at the end: play it again from the start
            self.player.play()
        elif not same or state is not Audition.LOADING:
            self.load(session, autoplay=True, lane_id=lane)

    def load(self, session: Session, *, autoplay: bool, lane_id: str = "") -> None:
        """Fetch (or take from the cache) and open ``session``'s preview lane ``lane_id``."""
        self.stop()
        if not self.prepare():
            self._set(Audition.UNAVAILABLE, session.id, self.unavailable_reason)
            return
        self.lane_id = lane_id or default_lane(session)
        url, mime = lane_audio_url(session, self.lane_id), session.preview_audio_mime
        if not url:
            waiting = session.preview_status.casefold() in ("generating", "pending", "queued")
            text = (
                QCoreApplication.translate(
                    "Preview", "The preview is still being generated in SessionDock"
                )
                if waiting
                else QCoreApplication.translate("Preview", "No audio preview for this session")
            )
            self._set(Audition.NO_PREVIEW, session.id, text)
            return
        if mime and not mime.startswith("audio/") and mime != "application/octet-stream":
            self._set(
                Audition.UNSUPPORTED,
                session.id,
                QCoreApplication.translate("Preview", "The preview isn't audio ({kind})").format(
                    kind=mime
                ),
            )
            return
        self._mime = mime
        self._set(
            Audition.LOADING, session.id, QCoreApplication.translate("Preview", "Loading preview…")
        )
        self._task = self._tasks.spawn(self._open(session.id, url, mime, autoplay), "audio-load")

    def stop(self) -> None:
        """Stop and forget the current preview (the selection moved on)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self.player is not None:
            self.player.stop()
            self.player.setSource(QUrl())
        if self.status.state is not Audition.UNAVAILABLE:
            self._set(Audition.IDLE, "", "")
        self.lane_id = ""

    def seek_by(self, seconds: float) -> None:
        if self.player is not None and self.status.state in (
            Audition.PLAYING,
            Audition.PAUSED,
            Audition.READY,
        ):
            self.seek_to(self.player.position() / 1000 + seconds)

    def seek_to(self, seconds: float) -> None:
        if self.player is None or not self.player.source().isValid():
            return
        duration = self.player.duration()
        ms = max(0, int(seconds * 1000))
        if duration > 0 and ms >= duration - _END_SLACK_MS:
            self._ended()  # seeking to (or past) the end ends the audition, as playing to it does
            return
        self.player.setPosition(ms)

    def _ended(self) -> None:
        """The audition reached its end: stopped, back at the start, ready to play again."""
        self.player.stop()  # Qt: stop() also rewinds to 0
        if self.session_id:
            self._set(Audition.READY, self.session_id, "")

    def position(self) -> float:
        return self.player.position() / 1000 if self.player is not None else 0.0

    async def fetch(self, url: str, mime: str = "") -> Path | None:
        """The preview at ``url`` as a local file (downloaded with the token on a cache miss).

        Returns ``None`` when there is no client (SessionDock is not configured).

        Raises:
            SessionDockError: The download failed.
            OSError: The cache could not be written.
        """
        cached = self.cache.get(url, mime)
        if cached is not None:
            return cached
        client = self._client()
        if client is None:
            return None
        data = await client.download(url)
        return self.cache.put(url, data, mime)

    def close(self) -> None:
        self.stop()

    # -- internals ---------------------------------------------------------------------------
    async def _open(self, session_id: str, url: str, mime: str, autoplay: bool) -> None:
        try:
            path = await self.fetch(url, mime)
        except DownloadTooLarge:
            self._set(
                Audition.UNSUPPORTED,
                session_id,
                QCoreApplication.translate("Preview", "The preview is too large to audition"),
            )
            return
        except NotFound:
            self._set(
                Audition.NO_PREVIEW,
                session_id,
                QCoreApplication.translate("Preview", "SessionDock has no preview audio for it"),
            )
            return
        except SessionDockError as exc:
            self._set(
                Audition.FAILED,
                session_id,
                QCoreApplication.translate("Preview", "Couldn't load the preview: {reason}").format(
                    reason=i18n.tr_message(exc.user_message)
                ),
            )
            return
        except OSError as exc:
            self._set(
                Audition.FAILED,
                session_id,
                QCoreApplication.translate(
                    "Preview", "Couldn't cache the preview: {reason}"
                ).format(reason=exc.strerror),
            )
            return
        if self.session_id != session_id:
            return
        if path is None:
            self._set(
                Audition.FAILED,
                session_id,
                QCoreApplication.translate("Preview", "Not connected to SessionDock"),
            )
            return
        self._task = None
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        if autoplay:
            self.player.play()

    def _on_playback_state(self, state: Any) -> None:
        mm = self._mm
        assert mm is not None
        if not self.session_id or self.status.state in (Audition.UNSUPPORTED, Audition.FAILED):
            return
        if state == mm.QMediaPlayer.PlaybackState.PlayingState:
            self._set(Audition.PLAYING, self.session_id, "")
        elif state == mm.QMediaPlayer.PlaybackState.PausedState:
            self._set(Audition.PAUSED, self.session_id, "")
        elif self.status.state in (Audition.PLAYING, Audition.PAUSED):
            self._set(Audition.READY, self.session_id, "")  # stopped: ended

    def _on_media_status(self, status: Any) -> None:
        mm = self._mm
        assert mm is not None
        statuses = mm.QMediaPlayer.MediaStatus
        if not self.session_id:
            return
        if status == statuses.InvalidMedia or (
            status == statuses.LoadedMedia and not self.player.hasAudio()
        ):
            self._unsupported()  # e.g. FFmpeg opens an image as a silent video
        elif status == statuses.EndOfMedia or (
            status == statuses.LoadedMedia and self.status.state is Audition.LOADING
        ):
            self._set(Audition.READY, self.session_id, "")

    def _on_error(self, error: Any, text: str) -> None:
        mm = self._mm
        assert mm is not None
        logger.info("Preview playback error %s: %s", error, text)
        if not self.session_id:
            return
        if error == mm.QMediaPlayer.Error.FormatError:
            self._unsupported()
        elif error != mm.QMediaPlayer.Error.NoError:
            self._set(
                Audition.FAILED,
                self.session_id,
                QCoreApplication.translate("Preview", "Playback failed: {reason}").format(
                    reason=text or error
                ),
            )

    def _unsupported(self) -> None:
        if self.status.state is Audition.UNSUPPORTED:
            return
        self.player.stop()
        kind = self._mime or QCoreApplication.translate("Preview", "unknown format")
        self._set(
            Audition.UNSUPPORTED,
            self.session_id,
            QCoreApplication.translate("Preview", "This preview can't be played ({kind})").format(
                kind=kind
            ),
        )

    def _set(self, state: Audition, session_id: str, text: str) -> None:
        status = AuditionStatus(state, session_id, text)
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)
