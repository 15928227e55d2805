"""Loading what the preview pane shows beyond the index: artwork, waveform peaks and markers.

:class:`PreviewLoader` fetches the three concurrently, keeps each in a small LRU cache (so going
back to a row needs no request) and hands every piece to its :class:`PreviewView` as it arrives;
the view drops whatever is for a session (or preview lane) it no longer shows. Peaks and markers
belong to one preview lane (``variantId``); the artwork to the session.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Protocol, TypeVar

from PySide6.QtGui import QImage

from sessiondock_launcher.api import Session, SessionDockClient, SessionDockError, WaveformNote
from sessiondock_launcher.core.audio_cache import peaks_from_wav
from sessiondock_launcher.core.lanes import lane_audio_url
from sessiondock_launcher.ui.common.image_decode import ImageCache, art_box, decode_scaled
from sessiondock_launcher.ui.preview.audio import AudioPlayer

logger = logging.getLogger(__name__)

CACHE_ITEMS = 48
ART_CACHE_BYTES = 24 * 1024 * 1024  # ~30 pane-sized images at 2x
Peaks = tuple[tuple[float, ...], float]
LaneKey = tuple[str, str]  # (session id, preview lane id)
V = TypeVar("V")


class PreviewView(Protocol):
    """Where loaded media goes (the pane); each call may be for a session no longer shown."""

    def on_art_loaded(self, s: Session, image: QImage) -> None: ...

    def on_peaks_loaded(self, s: Session, lane: str, peaks: Peaks | None) -> None:
        """``None``: neither SessionDock nor the preview audio gave a waveform."""

    def on_markers_loaded(self, s: Session, lane: str, notes: tuple[WaveformNote, ...]) -> None:
        """The waveform notes of ``s``'s preview lane ``lane``."""


class PreviewLoader:
    """Fetches and caches a session's artwork (by URL), peaks and waveform notes (by lane)."""

    def __init__(self, audio: AudioPlayer, view: PreviewView) -> None:
        self.audio, self.view = audio, view
        self.art: ImageCache[str, QImage] = ImageCache(ART_CACHE_BYTES)
        self.peaks: OrderedDict[LaneKey, Peaks] = OrderedDict()
        self.markers: OrderedDict[LaneKey, tuple[WaveformNote, ...]] = OrderedDict()

    def forget_media(self, session_id: str) -> None:
        """Drop the cached peaks and markers (every lane) of a session whose preview changed."""
        for cache in (self.peaks, self.markers):
            for key in [k for k in cache if k[0] == session_id]:
                del cache[key]

    async def load(self, client: SessionDockClient, s: Session, lane: str) -> None:
        """Load whatever of ``s`` (and its lane ``lane``) is not cached yet, all at once."""
        await asyncio.gather(
            self._load_art(client, s),
            self._load_peaks(client, s, lane),
            self._load_markers(client, s, lane),
        )

    async def _load_art(self, client: SessionDockClient, s: Session) -> None:
        url = s.preview_url
        if not url or url in self.art:
            return
        try:
            data = await client.download(url)
        except SessionDockError as exc:
            logger.info("Artwork of %s unavailable: %s", s.id, exc)
            return
        # Decoded at the pane's size; absurd dimensions are refused unread (None).
        image = decode_scaled(data, art_box())
        if image is not None:
            self.art.put(url, image)
            self.view.on_art_loaded(s, image)

    async def _load_peaks(self, client: SessionDockClient, s: Session, lane: str) -> None:
        if not s.preview_audio_url or (s.id, lane) in self.peaks:
            return
        try:
            wave = await client.get_waveform(s.id, lane or None)
            peaks: Peaks | None = (wave.peaks, wave.duration) if wave.peaks else None
        except SessionDockError as exc:
            logger.info("No waveform for %s (%s); computing it from the audio", s.id, exc)
            peaks = None
        if peaks is None:
            peaks = await self._peaks_from_audio(s, lane)
        if peaks is None:
            self.view.on_peaks_loaded(s, lane, None)
            return
        _remember(self.peaks, (s.id, lane), peaks)
        self.view.on_peaks_loaded(s, lane, peaks)

    async def _peaks_from_audio(self, s: Session, lane: str) -> Peaks | None:
        try:
            url = lane_audio_url(s, lane) or ""
            path = await self.audio.fetch(url, s.preview_audio_mime)
            computed = peaks_from_wav(path.read_bytes()) if path is not None else None
        except (SessionDockError, OSError) as exc:
            logger.info("Preview audio of %s unavailable for peaks: %s", s.id, exc)
            return None
        return (tuple(computed[0]), computed[1]) if computed else None

    async def _load_markers(self, client: SessionDockClient, s: Session, lane: str) -> None:
        if not s.preview_audio_url or (s.id, lane) in self.markers:
            return
        try:
            notes = (await client.get_waveform_notes(s.id, lane or None)).notes
        except SessionDockError as exc:
            logger.info("No waveform notes for %s: %s", s.id, exc)
            return
        _remember(self.markers, (s.id, lane), notes)
        self.view.on_markers_loaded(s, lane, notes)


def _remember(cache: OrderedDict[LaneKey, V], key: LaneKey, value: V) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > CACHE_ITEMS:
        cache.popitem(last=False)
