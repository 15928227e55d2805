"""Loading what the preview pane shows beyond the index: artwork, waveform peaks and markers.

:class:`PreviewLoader` fetches the three concurrently, keeps each in a small LRU cache (so going
back to a row needs no request) and hands every piece to its :class:`PreviewView` as it arrives;
the view drops whatever is for a session it no longer shows.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Protocol, TypeVar

from PySide6.QtGui import QImage

from sessiondock_launcher.api import Session, SessionDockClient, SessionDockError, WaveformNote
from sessiondock_launcher.core.audio_cache import peaks_from_wav
from sessiondock_launcher.ui.common.image_decode import ImageCache, art_box, decode_scaled
from sessiondock_launcher.ui.preview.audio import AudioPlayer

logger = logging.getLogger(__name__)

CACHE_ITEMS = 48
ART_CACHE_BYTES = 24 * 1024 * 1024  # ~30 pane-sized images at 2x
Peaks = tuple[tuple[float, ...], float]
V = TypeVar("V")


class PreviewView(Protocol):
    """Where loaded media goes (the pane); each call may be for a session no longer shown."""

    def on_art_loaded(self, s: Session, image: QImage) -> None: ...

    def on_peaks_loaded(self, s: Session, peaks: Peaks | None) -> None:
        """``None``: neither SessionDock nor the preview audio gave a waveform."""

    def on_markers_loaded(self, s: Session, notes: tuple[WaveformNote, ...]) -> None: ...


class PreviewLoader:
    """Fetches and caches a session's artwork (by URL), peaks and waveform notes (by id)."""

    def __init__(self, audio: AudioPlayer, view: PreviewView) -> None:
        self.audio, self.view = audio, view
        self.art: ImageCache[str, QImage] = ImageCache(ART_CACHE_BYTES)
        self.peaks: OrderedDict[str, Peaks] = OrderedDict()
        self.markers: OrderedDict[str, tuple[WaveformNote, ...]] = OrderedDict()

    def forget_media(self, session_id: str) -> None:
        """Drop the cached peaks and markers of a session whose preview changed."""
        for cache in (self.peaks, self.markers):
            cache.pop(session_id, None)

    async def load(self, client: SessionDockClient, s: Session) -> None:
        """Load whatever of ``s`` is not cached yet, all three at once."""
        await asyncio.gather(
            self._load_art(client, s),
            self._load_peaks(client, s),
            self._load_markers(client, s),
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

    async def _load_peaks(self, client: SessionDockClient, s: Session) -> None:
        if not s.preview_audio_url or s.id in self.peaks:
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
            self.view.on_peaks_loaded(s, None)
            return
        _remember(self.peaks, s.id, peaks)
        self.view.on_peaks_loaded(s, peaks)

    async def _peaks_from_audio(self, s: Session) -> Peaks | None:
        try:
            path = await self.audio.fetch(s.preview_audio_url or "", s.preview_audio_mime)
            computed = peaks_from_wav(path.read_bytes()) if path is not None else None
        except (SessionDockError, OSError) as exc:
            logger.info("Preview audio of %s unavailable for peaks: %s", s.id, exc)
            return None
        return (tuple(computed[0]), computed[1]) if computed else None

    async def _load_markers(self, client: SessionDockClient, s: Session) -> None:
        if not s.preview_audio_url or s.id in self.markers:
            return
        try:
            notes = (await client.get_waveform_notes(s.id, s.preferred_preview_id or None)).notes
        except SessionDockError as exc:
            logger.info("No waveform notes for %s: %s", s.id, exc)
            return
        _remember(self.markers, s.id, notes)
        self.view.on_markers_loaded(s, notes)


def _remember(cache: OrderedDict[str, V], key: str, value: V) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > CACHE_ITEMS:
        cache.popitem(last=False)
