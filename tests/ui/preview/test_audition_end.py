"""Audition ends cleanly at the end and plays again from the beginning (issue 11 item 8).

Seeking to the end with → left the play button on "pause" at 0:04/0:04, and the next Space only
flipped the icon. Real key presses, real playback of the simulator's preview (needs an output
device: CI's null sink, or a private PulseAudio null sink here).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from tests.ui.preview.test_preview_pane import (
    needs_audio_output,
    playing,
    show_on,
    sim,
    with_preview,
)

from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.ui.preview.audio import Audition

__all__ = ["sim"]  # the simulator fixture, shared with test_preview_pane


@needs_audio_output
def test_seeking_past_the_end_ends_and_space_plays_from_the_start(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    audio, search, pane = launcher.audio, launcher.palette.search, launcher.preview
    (session,) = with_preview(launcher)
    show_on(qtbot, launcher, session)
    QTest.keyClick(search, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # navigate
    QTest.keyClick(search, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: playing(launcher, session), timeout=5000)
    qtbot.waitUntil(lambda: audio.player.duration() > 0, timeout=3000)
    duration = audio.player.duration() / 1000
    for _ in range(int(duration) + 3):  # → steps of at least 1 s, until the end
        if audio.status.state is not Audition.PLAYING:
            break
        QTest.keyClick(search, Qt.Key.Key_Right)
        qtbot.wait(30)  # let the seek land, as between a user's key presses
    qtbot.waitUntil(lambda: audio.status.state is Audition.READY, timeout=3000)
    assert not pane.play_button.playing
    QTest.keyClick(search, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: playing(launcher, session), timeout=3000)
    assert pane.play_button.playing
    qtbot.waitUntil(lambda: 0.1 < audio.position() < duration / 2, timeout=3000)  # from the start
