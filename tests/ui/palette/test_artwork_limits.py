"""Hostile artwork (issue 15.2): a tiny PNG declaring 7000 x 7000 pixels, served by the real
simulator on loopback, must neither cost hundreds of MB nor freeze the UI; rows and the preview
pane keep their placeholder. Ordinary large artwork is decoded at the size it is shown at, and
both image caches stay under their byte bounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPixmap
from tests.support.images import hostile_png, png

from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator import assets
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common import image_decode
from sessiondock_launcher.ui.common.image_decode import ImageCache, art_box, decode_scaled
from sessiondock_launcher.ui.palette.thumbnails import THUMBNAIL_CACHE_BYTES
from sessiondock_launcher.ui.preview.loader import ART_CACHE_BYTES
from sessiondock_launcher.ui.preview.pane import PANE_WIDTH
from sessiondock_launcher.ui.preview.waveform_view import ART_HEIGHT

TOKEN = "artwork-test-token"
MB = 1024 * 1024


def _peak_rss_reset() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux >= 4.0)
    except OSError:
        return False
    return True


def _peak_rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM in /proc/self/status")


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.fixture
def serve_art(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``serve_art(data)``: every artwork URL of the simulator answers with ``data``."""

    def serve(data: bytes) -> None:
        monkeypatch.setattr(assets, "artwork_png", lambda *_args, **_kw: data)

    yield serve


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(120, seed=3))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def test_the_art_view_size_matches_the_pane() -> None:
    assert QSize(PANE_WIDTH, ART_HEIGHT) == image_decode.ART_VIEW_SIZE


def test_hostile_png_is_refused_from_its_header() -> None:
    data = hostile_png()
    assert len(data) < 300_000
    assert decode_scaled(data, QSize(80, 80)) is None
    assert decode_scaled(b"not an image at all", QSize(80, 80)) is None
    assert decode_scaled(b"", QSize(80, 80)) is None


def test_large_artwork_is_decoded_at_the_size_shown() -> None:
    image = decode_scaled(png(3000, 2000), QSize(80, 80))
    assert image is not None
    assert (image.width(), image.height()) == (120, 80)  # covers the box, aspect kept
    small = decode_scaled(png(50, 40), QSize(80, 80))
    assert small is not None and (small.width(), small.height()) == (50, 40)  # never enlarged


def test_image_cache_is_bounded_in_bytes(qapp: Any) -> None:
    cache: ImageCache[str, QImage] = ImageCache(max_bytes=100 * 100 * 4 * 3)
    for n in range(10):
        image = QImage(100, 100, QImage.Format.Format_ARGB32)
        cache.put(str(n), image)
        assert cache.total_bytes <= cache.max_bytes
    assert len(cache) == 3 and "9" in cache and "0" not in cache
    cache.put("huge", QImage(1000, 1000, QImage.Format.Format_ARGB32))
    assert "huge" not in cache  # larger than the whole bound: not kept
    pixmaps: ImageCache[str, QPixmap] = ImageCache(max_bytes=40 * 40 * 4)
    pixmaps.put("a", QPixmap(40, 40))
    pixmaps.put("b", QPixmap(40, 40))
    assert len(pixmaps) == 1 and pixmaps.get("b") is not None


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
def test_hostile_artwork_keeps_memory_bounded_and_rows_render(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, serve_art: Any
) -> None:
    serve_art(hostile_png())
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    palette, pane = launcher.palette, launcher.preview
    baseline = _rss()
    assert _peak_rss_reset()
    sim.state.clear_requests()
    palette.show_palette()
    qtbot.waitExposed(palette)
    model = palette.model
    with_art = [r for r in range(model.rowCount()) if model.session_at(r).preview_url][:8]
    rows = len(with_art)
    assert rows >= 4
    for row in with_art:  # walk the rows: each paints and loads the pane
        if pane.session is not None and pane.session.id == model.session_at(row).id:
            continue  # already shown (and loading) since the palette opened
        with qtbot.waitSignal(pane.preview_loaded, timeout=10_000):
            palette.select_row(row)
    qtbot.waitUntil(
        lambda: sum("/_assets/artwork/" in r["path"] for r in sim.state.request_log()) >= rows,
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: not launcher.thumbnails._pending, timeout=10_000)
    palette.repaint()  # the rows paint with their placeholder, nothing raises
    growth = _peak_rss() - baseline
    assert growth < 120 * MB, f"peak RSS grew by {growth / MB:.0f} MB"
    assert pane.artwork.image.isNull()  # placeholder in the pane
    assert len(launcher.thumbnails) == 0
    assert len(pane.loader.art) == 0


def test_ordinary_artwork_is_kept_at_display_size_within_the_byte_bounds(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, serve_art: Any
) -> None:
    serve_art(png(1600, 1600))
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    palette, pane = launcher.palette, launcher.preview
    palette.show_palette()
    qtbot.waitExposed(palette)
    model = palette.model
    row = next(r for r in range(1, model.rowCount()) if model.session_at(r).preview_url)
    with qtbot.waitSignal(pane.preview_loaded, timeout=10_000):
        palette.select_row(row)
    qtbot.waitUntil(lambda: not pane.artwork.image.isNull(), timeout=10_000)
    box = art_box()
    image = pane.artwork.image
    assert image.width() <= max(box.width(), 2 * box.height()) and image.height() <= box.width()
    assert image.width() < 1600
    qtbot.waitUntil(lambda: len(launcher.thumbnails) > 0, timeout=10_000)
    assert launcher.thumbnails._cache.total_bytes <= THUMBNAIL_CACHE_BYTES
    assert pane.loader.art.total_bytes <= ART_CACHE_BYTES
