"""Painted parts of the preview pane: the waveform strip, the play button and the artwork.

The waveform shows peaks (from ``GET /sessions/{id}/waveform``, or computed from the preview audio
by :func:`~sessiondock_launcher.core.audio_cache.peaks_from_wav`), a playhead and waveform-note
markers whose text shows on hover; a click seeks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAbstractButton, QToolTip, QWidget

from sessiondock_launcher.api import WaveformNote
from sessiondock_launcher.core.tiles import tile_initials
from sessiondock_launcher.ui.common.theme import Theme

logger = logging.getLogger(__name__)

BAR_W = 2.0
BAR_GAP = 1.0
MARKER_LANE = 11
MARKER_HIT = 6.0
ART_HEIGHT = 150


def format_time(seconds: float) -> str:
    """``m:ss`` for the transport and tooltips."""
    seconds = max(0.0, seconds)
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def resample(peaks: Sequence[float], count: int) -> list[float]:
    """Reduce (max per slice) or stretch ``peaks`` to ``count`` values."""
    if count <= 0 or not peaks:
        return []
    n = len(peaks)
    out = []
    for i in range(count):
        lo = int(i * n / count)
        hi = max(lo + 1, int((i + 1) * n / count))
        out.append(max(peaks[lo:hi]))
    return out


class WaveformView(QWidget):
    """Paints peaks (played part in the accent colour), the playhead and note markers.

    Signals:
        seek_requested(float): the user clicked at this many seconds into the preview.
    """

    seek_requested = Signal(float)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveform")
        self.setAccessibleName(QCoreApplication.translate("Preview", "Waveform"))
        self.setMouseTracking(True)
        self.setMinimumHeight(64)
        self.theme = theme
        self.peaks: tuple[float, ...] = ()
        self.duration = 0.0
        self.position = 0.0
        self.notes: tuple[WaveformNote, ...] = ()
        self.placeholder = ""
        self._hovered: WaveformNote | None = None

    def sizeHint(self) -> QSize:
        return QSize(300, 72)

    # -- state -------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def set_waveform(self, peaks: Sequence[float], duration: float) -> None:
        self.peaks = tuple(max(0.0, min(1.0, p)) for p in peaks)
        if duration > 0:
            self.duration = duration
        self.placeholder = ""
        self.setAccessibleDescription(
            QCoreApplication.translate("Preview", "Waveform, {duration} long").format(
                duration=format_time(self.duration)
            )
        )
        self.update()

    def set_duration(self, duration: float) -> None:
        """The player knows the exact length; markers and the playhead follow it."""
        if duration > 0 and abs(duration - self.duration) > 0.01:
            self.duration = duration
            self.update()

    def set_notes(self, notes: Sequence[WaveformNote]) -> None:
        self.notes = tuple(sorted(notes, key=lambda n: n.timestamp))
        self.update()

    def set_position(self, seconds: float) -> None:
        if abs(seconds - self.position) > 1e-3:
            self.position = max(0.0, seconds)
            self.update()

    def clear(self, placeholder: str = "") -> None:
        self.peaks, self.notes, self.duration, self.position = (), (), 0.0, 0.0
        self._hovered = None
        self.placeholder = placeholder
        self.update()

    # -- geometry (also what tests measure) --------------------------------------------------
    def wave_rect(self) -> QRectF:
        r = QRectF(self.rect()).adjusted(6, MARKER_LANE + 2, -6, -4)
        return r if r.width() > 0 and r.height() > 0 else QRectF()

    def x_for_time(self, seconds: float) -> float:
        r = self.wave_rect()
        if self.duration <= 0:
            return r.left()
        return r.left() + r.width() * max(0.0, min(1.0, seconds / self.duration))

    def time_for_x(self, x: float) -> float:
        r = self.wave_rect()
        if self.duration <= 0 or r.width() <= 0:
            return 0.0
        return self.duration * max(0.0, min(1.0, (x - r.left()) / r.width()))

    def playhead_x(self) -> float | None:
        return self.x_for_time(self.position) if self.peaks and self.duration > 0 else None

    def marker_at(self, x: float) -> WaveformNote | None:
        if self.duration <= 0:
            return None
        near = [(abs(self.x_for_time(n.timestamp) - x), n) for n in self.notes]
        near = [item for item in near if item[0] <= MARKER_HIT]
        return min(near, key=lambda item: item[0])[1] if near else None

    # -- events ------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        note = self.marker_at(event.position().x())
        if note is not self._hovered:
            self._hovered = note
            self.update()
        if note is not None:
            no_text = QCoreApplication.translate("Preview", "(no text)")
            text = f"{format_time(note.timestamp)}  {note.text or no_text}"
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, _event: object) -> None:
        self._hovered = None
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.peaks and self.duration > 0:
            self.seek_requested.emit(self.time_for_x(event.position().x()))
        super().mousePressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        t = self.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(QPen(t.border, 1))
        p.setBrush(t.field)
        p.drawRoundedRect(frame, 7, 7)
        r = self.wave_rect()
        if not self.peaks or r.isEmpty():
            p.setPen(t.subtext)
            p.drawText(frame, Qt.AlignmentFlag.AlignCenter, self.placeholder)
            p.end()
            return
        self._paint_bars(p, r)
        self._paint_markers(p, r)
        head = self.playhead_x()
        if head is not None and self.position > 0:
            p.setPen(QPen(t.text, 2))
            p.drawLine(QPointF(head, r.top() - 2), QPointF(head, r.bottom() + 2))
        p.end()

    def _paint_bars(self, p: QPainter, r: QRectF) -> None:
        t = self.theme
        count = max(1, int(r.width() // (BAR_W + BAR_GAP)))
        bars = resample(self.peaks, count)
        played_x = self.x_for_time(self.position) if self.position > 0 else r.left()
        idle = QColor(t.subtext)
        idle.setAlphaF(0.55)
        mid = r.center().y()
        half = r.height() / 2
        p.setPen(Qt.PenStyle.NoPen)
        for i, peak in enumerate(bars):
            x = r.left() + i * (BAR_W + BAR_GAP)
            h = max(1.0, peak * half)
            p.setBrush(t.match if x + BAR_W <= played_x else idle)
            p.drawRoundedRect(QRectF(x, mid - h, BAR_W, 2 * h), 1, 1)

    def _paint_markers(self, p: QPainter, r: QRectF) -> None:
        t = self.theme
        for note in self.notes:
            x = self.x_for_time(note.timestamp)
            colour = QColor(t.warning)
            line = QColor(colour)
            line.setAlphaF(0.9 if note is self._hovered else 0.55)
            p.setPen(QPen(line, 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()))
            pin = QPainterPath()
            size = 5.0 if note is self._hovered else 4.0
            pin.moveTo(x - size, 2)
            pin.lineTo(x + size, 2)
            pin.lineTo(x, 2 + size * 1.6)
            pin.closeSubpath()
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawPath(pin)


class PlayButton(QAbstractButton):
    """A round play/pause button painted with the theme (no font glyphs needed)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.playing = False
        self.setFixedSize(30, 30)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(QCoreApplication.translate("Preview", "Play preview"))

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self.setAccessibleName(
            QCoreApplication.translate("Preview", "Pause preview")
            if playing
            else QCoreApplication.translate("Preview", "Play preview")
        )
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        t = self.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        base = QColor(t.match if self.isEnabled() else t.border)
        p.setBrush(base.lighter(112) if self.underMouse() else base)
        p.drawEllipse(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.setBrush(t.window)
        c = QRectF(self.rect()).center()
        if self.playing:
            p.drawRoundedRect(QRectF(c.x() - 5, c.y() - 6, 3.5, 12), 1, 1)
            p.drawRoundedRect(QRectF(c.x() + 1.5, c.y() - 6, 3.5, 12), 1, 1)
        else:
            tri = QPainterPath()
            tri.moveTo(c.x() - 3.5, c.y() - 6.5)
            tri.lineTo(c.x() + 6.5, c.y())
            tri.lineTo(c.x() - 3.5, c.y() + 6.5)
            tri.closeSubpath()
            p.drawPath(tri)
        p.end()


class ArtworkView(QWidget):
    """Cover-cropped artwork with rounded corners; a kind-coloured placeholder without one."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme, self.image, self.kind = theme, QImage(), ""
        self.setFixedHeight(ART_HEIGHT)
        self.setAccessibleName(QCoreApplication.translate("Preview", "Artwork"))

    def set_image(self, image: QImage | None, kind: str = "") -> None:
        self.image, self.kind = (image if image is not None else QImage()), kind
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        r = QRectF(self.rect())
        clip = QPainterPath()
        clip.addRoundedRect(r, 10, 10)
        p.setClipPath(clip)
        if not self.image.isNull():
            img = self.image
            scale = max(r.width() / img.width(), r.height() / img.height())
            w, h = r.width() / scale, r.height() / scale
            p.drawImage(r, img, QRectF((img.width() - w) / 2, (img.height() - h) / 2, w, h))
        else:
            tone = self.theme.kind_color(self.kind or "session")
            grad = QLinearGradient(r.topLeft(), r.bottomRight())
            grad.setColorAt(0, tone)
            grad.setColorAt(1, tone.darker(160))
            p.fillRect(r, grad)
            p.setPen(self.theme.window)
            font = p.font()
            font.setPointSizeF(font.pointSizeF() * 2.4)
            font.setBold(True)
            p.setFont(font)
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, tile_initials(self.kind))
        p.end()
