"""The preview pane's layout (issue 12 item 2) and its preview lanes.

Title, artwork, waveform and transport stay whole on screen at the palette height the placement
gives (scale 1 and scale 2 on a 1600x1000 screen: 1600x1000 and 800x500 logical pixels); the
details below scroll, and start at the top for each row; picking a lane (click or Ctrl+N)
auditions that lane: the simulator is asked for that lane's audio and waveform.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QWidget
from tests.ui.preview.test_preview_pane import (
    needs_audio_output,
    playing,
    requests,
    show_on,
    sim,
)

from sessiondock_launcher.api import Session
from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.placement import Rect, palette_geometry
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator import assets
from sessiondock_launcher.simulator.runner import SimulatorThread

__all__ = ["sim"]  # the simulator fixture, shared with test_preview_pane

LONG_NOTES = "\n".join(f"Line {i}: comp the verse, check the low end on phones." for i in range(40))
LONG_TITLE = "The Extremely Long Working Title Of A Session That Goes On And On — Final Mix 3"
TAGS = ["vocals", "mixing", "client-x", "urgent", "stems", "reference", "drums", "label"]


def rewrite(sim: SimulatorThread, count: int = 1, lanes: int = 1, **fields: Any) -> list[str]:
    """Before the launcher starts: give ``count`` sessions with ``lanes`` preview lanes these
    fields in SessionDock; their ids."""
    with sim.state.lock:
        chosen = [
            s
            for s in sim.state.sessions.values()
            if len(s.get("previews", ())) >= lanes and len(s["title"]) > 6
        ][:count]
        for raw in chosen:
            raw.update(fields)
        sim.state.touch()
    return [raw["id"] for raw in chosen]


def full(launcher: Launcher, session_id: str) -> Session:
    return launcher.controller.full_session(launcher.index.get(session_id))


def with_lanes(launcher: Launcher, count: int) -> Session:
    full = [launcher.controller.full_session(s) for s in launcher.index.recent(500)]
    return next(s for s in full if len(s.previews) >= count and s.preview_audio_url)


def whole_in(widget: QWidget, frame: QWidget) -> bool:
    """``widget`` is entirely visible (nothing clipped by a parent) and inside ``frame``."""
    seen = widget.visibleRegion().boundingRect()
    inside = QRect(widget.mapTo(frame, QPoint(0, 0)), widget.size())
    return seen == widget.rect() and frame.rect().contains(inside)


@pytest.mark.parametrize("area", [(1600, 1000), (800, 500)], ids=["scale1", "scale2"])
def test_transport_row_is_whole_on_screen_at_any_height(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, area: tuple[int, int]
) -> None:
    # The worst case: a long title, many tags, long notes (the old pane scrolled them all).
    (chosen,) = rewrite(sim, lanes=2, title=LONG_TITLE, tags=TAGS, notes=LONG_NOTES)
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    palette, pane = launcher.palette, launcher.preview
    session = full(launcher, chosen)
    show_on(qtbot, launcher, session)
    # The size the placement gives the palette with the pane on this (logical) screen area.
    geometry = palette_geometry(Rect(0, 0, *area), pane_width=pane.width() + palette.body.spacing())
    palette.setGeometry(QRect(geometry.x, geometry.y, geometry.w, geometry.h))
    qtbot.waitUntil(lambda: palette.height() == geometry.h and pane.height() > 0, timeout=3000)
    qtbot.waitUntil(lambda: whole_in(pane.play_button, pane), timeout=3000)
    for widget in (pane.play_button, pane.time_label, pane.waveform, pane.title_label):
        assert whole_in(widget, pane), widget.accessibleName()
        assert whole_in(widget, palette), widget.accessibleName()
    assert pane.artwork.visibleRegion().boundingRect().height() >= 48  # still a picture
    assert pane.title_label.text() == LONG_TITLE


def test_details_scroll_back_to_the_top_for_each_row(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    ids = rewrite(sim, count=2, notes=LONG_NOTES)
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    first, second = (full(launcher, i) for i in ids)
    show_on(qtbot, launcher, first)
    (details,) = launcher.preview.findChildren(QScrollArea)
    bar = details.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    bar.setValue(bar.maximum())  # the user scrolled down to the end of the notes
    assert bar.value() > 0
    show_on(qtbot, launcher, second)
    assert launcher.preview.session.id == second.id
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    assert bar.value() == 0
    bar.setValue(bar.maximum() // 2)
    show_on(qtbot, launcher, first)
    assert bar.value() == 0


def audio_fetches(sim: SimulatorThread, session: Session) -> list[dict[str, list[str]]]:
    return [r["query"] for r in requests(sim, f"/audio/{session.id}.wav") if r["status"] == 200]


@needs_audio_output
def test_picking_a_lane_plays_that_lane(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    pane, audio, search = launcher.preview, launcher.audio, launcher.palette.search
    session = with_lanes(launcher, 2)
    main, other = session.ordered_previews()[:2]
    with qtbot.waitSignal(pane.preview_loaded, timeout=5000):
        show_on(qtbot, launcher, session)
    sim.state.clear_requests()
    assert set(pane.lanes_label.buttons) == {p.id for p in session.previews}
    QTest.mouseClick(pane.lanes_label.buttons[other.id], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: playing(launcher, session) and audio.lane_id == other.id, timeout=5000)
    assert audio_fetches(sim, session) == [{"variantId": [other.id]}]  # that lane's audio
    played = Path(audio.player.source().toLocalFile())
    assert played.read_bytes() == assets.preview_wav(session.id, other.id)
    # The waveform and its markers follow the lane.
    qtbot.waitUntil(lambda: requests(sim, f"{session.id}/waveform") != [], timeout=3000)
    waveform = requests(sim, f"{session.id}/waveform")
    assert [unquote(r["query"]["variantId"][0]) for r in waveform] == [other.id]
    expected = assets.waveform_peaks(session.id, other.id)["peaks"]
    qtbot.waitUntil(lambda: pane.waveform.peaks == pytest.approx(expected), timeout=3000)
    assert pane.lanes_label.buttons[other.id].isChecked()
    assert pane.page.lane_label.text() == other.name
    # The keyboard: Ctrl+1 is the first (preferred) lane: SessionDock's own audio URL.
    QTest.keyClick(search, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: playing(launcher, session) and audio.lane_id == main.id, timeout=5000)
    assert audio_fetches(sim, session)[-1] == {}
    assert search.text() == session.title  # the key never reached the text
    assert pane.lanes_label.buttons[main.id].isChecked()
