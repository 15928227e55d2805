"""The preview pane against the simulator: follows the selection, draws peaks and markers, falls
back to the audio, shows missing previews clearly, remembers whether it is shown, and auditions
previews (Space/←/→) from the authenticated download, with clear no-device and failure states.

Each test builds the real ``Launcher`` on a simulator thread and attaches the pane exactly as the
composition root does (``wire_preview`` below mirrors app.py, and steps aside once app.py has it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from sessiondock_launcher.api import Session
from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.audio_cache import AudioCache
from sessiondock_launcher.settings import Settings, SettingsStore
from sessiondock_launcher.simulator import assets
from sessiondock_launcher.simulator.library import artwork_path, audio_path, generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.preview.audio import NO_DEVICE_NOTE, AudioPlayer, Audition
from sessiondock_launcher.ui.preview.pane import PreviewPane

TOKEN = "preview-test-token"
HIDDEN_SINK_ENV = "SESSIONDOCK_TEST_AUDIO_HIDDEN"


def _has_audio_output() -> bool:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return False
    return bool(QMediaDevices.audioOutputs())


# Real playback without an output device: Qt's FFmpeg backend deadlocked once in
# QMediaPlayer.stop() here (CI, no PulseAudio server). Tests that start the player need a device.
needs_audio_output = pytest.mark.skipif(
    not _has_audio_output(),
    reason="starts real playback: needs an audio output device (QMediaPlayer.stop() can "
    "deadlock in Qt's FFmpeg backend without one)",
)


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(200, seed=11))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def show_on(qtbot: Any, launcher: Launcher, session: Session) -> None:
    """Open the palette with ``session`` highlighted (typed title, then ↑ to make sure)."""
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    launcher.palette.search.setText(session.title)
    row = launcher.palette.model.row_of(session.id)
    assert row >= 0
    launcher.palette.select_row(row)
    assert launcher.palette.current_session().id == session.id


def with_preview(launcher: Launcher, count: int = 1) -> list[Session]:
    # Index sessions are lean (no previews): the pane gets the whole session from the store.
    full = [launcher.controller.full_session(s) for s in launcher.index.recent(500)]
    found = [s for s in full if s.preview_audio_url and len(s.title) > 6]
    assert len(found) >= count
    return found[:count]


def requests(sim: SimulatorThread, suffix: str) -> list[dict[str, Any]]:
    return [r for r in sim.state.request_log() if r["path"].endswith(suffix)]


def add_notes(sim: SimulatorThread, session: Session, notes: list[tuple[float, str]]) -> None:
    with sim.state.lock:
        sim.state.waveform_notes[(session.id, session.preferred_preview_id)] = [
            {"id": f"n{i}", "timestamp": t, "text": text, "createdAt": "", "updatedAt": ""}
            for i, (t, text) in enumerate(notes)
        ]


def test_pane_follows_the_highlighted_row_debounced(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    pane = launcher.preview
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    model = launcher.palette.model
    assert model.rowCount() >= 5
    first = launcher.palette.current_session()
    assert pane.session.id == first.id and pane.title_label.text() == first.display_title
    sim.state.clear_requests()
    for _ in range(3):  # quick moves: metadata follows at once, no request for rows passed by
        QTest.keyClick(launcher.palette.search, Qt.Key.Key_Down)
        assert pane.title_label.text() == launcher.palette.current_session().display_title
    target = launcher.palette.current_session()
    assert target.id == model.session_at(3).id
    with qtbot.waitSignal(pane.preview_loaded, timeout=5000) as loaded:
        pass
    assert loaded.args == [target.id]
    fetched = {
        r["path"].split("/")[-2] for r in sim.state.request_log() if "/sessions/" in r["path"]
    }
    assert fetched <= {target.id}
    assert pane.tags_view.tags == target.tags
    assert target.kind in pane.meta_label.text() and target.status in pane.meta_label.text()
    assert pane.path_label.toolTip() == target.project_path


def test_late_results_for_a_previous_row_are_dropped(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    pane = launcher.preview
    first, second = with_preview(launcher, 2)
    loaded: list[str] = []
    pane.preview_loaded.connect(loaded.append)
    sim.state.update_config({"latency_s": 0.4})
    started = sim.state.request_count
    show_on(qtbot, launcher, first)
    qtbot.waitUntil(lambda: sim.state.request_count > started, timeout=5000)  # first's in flight
    show_on(qtbot, launcher, second)
    qtbot.waitUntil(lambda: second.id in loaded, timeout=5000)
    assert first.id not in loaded
    expected = assets.waveform_peaks(second.id, second.preferred_preview_id)["peaks"]
    assert pane.waveform.peaks == pytest.approx(expected)


def test_waveform_peaks_playhead_and_markers_are_drawn(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    pane = launcher.preview
    (session,) = with_preview(launcher)
    add_notes(sim, session, [(1.0, "Drop starts here"), (3.0, "Mute the riser")])
    with qtbot.waitSignal(pane.preview_loaded, timeout=15000):  # timed out once under load
        show_on(qtbot, launcher, session)
    view = pane.waveform
    assert [n.text for n in view.notes] == ["Drop starts here", "Mute the riser"]
    assert view.duration == pytest.approx(4.0)
    view.set_position(2.0)
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()

    def pixel(x: float, y: float) -> QColor:
        return image.pixelColor(round(x * ratio), round(y * ratio))

    theme = pane.theme
    rect = view.wave_rect()
    for note in view.notes:  # a pin in the marker lane above each note's time
        x = view.x_for_time(note.timestamp)
        assert x == pytest.approx(rect.left() + rect.width() * note.timestamp / 4.0)
        assert _close(pixel(x, 4), theme.warning), note.text
    mid = rect.center().y()
    played = [pixel(x, mid) for x in range(int(rect.left()) + 1, int(view.x_for_time(1.8)), 3)]
    assert sum(_close(c, theme.match) for c in played) > len(played) * 0.5  # played bars: accent
    head = view.playhead_x()
    assert head == pytest.approx(rect.left() + rect.width() / 2)
    assert _close(pixel(head, rect.bottom() + 1), theme.text)  # the playhead line
    # Hovering a marker shows its text.
    at = QPoint(round(view.x_for_time(3.0)), int(mid))
    QTest.mouseMove(view, at)
    qtbot.waitUntil(lambda: "Mute the riser" in QToolTip.text(), timeout=5000)
    assert view.marker_at(at.x()).text == "Mute the riser"


def test_waveform_falls_back_to_peaks_computed_from_the_audio(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    pane = launcher.preview
    session, donor = with_preview(launcher, 2)
    with sim.state.lock:  # the waveform route has no lane for it; its audio is donor's
        raw = sim.state.sessions[session.id]
        raw["preferredPreviewId"] = "preview_gone"
        raw["previewAudioUrl"] = audio_path(donor.id)
    launcher.link.request_sync()
    qtbot.waitUntil(
        lambda: (
            launcher.controller.full_session(launcher.index.get(session.id)).preferred_preview_id
            == "preview_gone"
        ),
        timeout=5000,
    )
    with qtbot.waitSignal(pane.preview_loaded, timeout=5000):
        show_on(qtbot, launcher, launcher.index.get(session.id))
    assert [r["status"] for r in requests(sim, f"{session.id}/waveform")] == [404]
    expected = assets.waveform_peaks(donor.id, donor.preferred_preview_id)["peaks"]
    assert pane.waveform.peaks == pytest.approx(expected, abs=1e-3)


def test_session_without_preview_says_so_and_requests_nothing(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    pane = launcher.preview
    session = next(
        s
        for s in map(launcher.controller.full_session, launcher.index.recent(500))
        if not s.preview_audio_url and len(s.title) > 6
    )
    sim.state.clear_requests()
    with qtbot.waitSignal(pane.preview_loaded, timeout=5000):
        show_on(qtbot, launcher, session)
    assert pane.waveform.placeholder in ("No preview yet", "Preview is being generated…")
    assert not pane.play_button.isEnabled()
    assert requests(sim, "/waveform") == [] and requests(sim, "/waveform-notes") == []
    assert "No preview yet" in pane.lanes_label.text() or "generated" in pane.lanes_label.text()


def test_toggle_key_hides_the_pane_and_is_remembered(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    pane, palette = launcher.preview, launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    assert pane.isVisible()
    width = palette.width()
    QTest.keyClick(palette.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert not pane.isVisible() and palette.width() < width  # fitted: core/placement.py
    assert SettingsStore(launcher.paths.settings_file).load().show_preview_pane is False
    QTest.keyClick(palette.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert pane.isVisible() and palette.width() == width
    assert SettingsStore(launcher.paths.settings_file).load().show_preview_pane is True
    assert palette.search.text() == ""  # the key never reached the text


def test_hidden_pane_loads_nothing_until_shown(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=False))
    pane = launcher.preview
    (session,) = with_preview(launcher)
    sim.state.clear_requests()
    show_on(qtbot, launcher, session)
    qtbot.wait(250)
    assert requests(sim, "/waveform") == []
    with qtbot.waitSignal(pane.preview_loaded, timeout=5000):
        pane.toggle_visible()
    assert len(requests(sim, f"{session.id}/waveform")) == 1
    assert not pane.artwork.image.isNull()  # the artwork, fetched with the token
    assert all(r["authorized"] for r in requests(sim, f"/artwork/{session.id}.png"))


# -- audition ------------------------------------------------------------------------------------


def playing(launcher: Any, session: Session) -> bool:
    audio = launcher.audio
    return audio.session_id == session.id and audio.status.state is Audition.PLAYING


def patch_session(
    qtbot: Any, sim: SimulatorThread, launcher: Any, session_id: str, **fields: str
) -> Session:
    """Change a session in SessionDock and wait until the launcher's library store has it (the
    index keeps only what ranking and rows need; previews are read from the store)."""
    with sim.state.lock:
        sim.state.sessions[session_id].update(fields)
        sim.state.touch()
    launcher.link.request_sync()
    names = {"previewAudioUrl": "preview_audio_url", "previewAudioMime": "preview_audio_mime"}
    qtbot.waitUntil(
        lambda: all(
            str(getattr(launcher.store.get(session_id), names[k])).endswith(v)
            for k, v in fields.items()
        ),
        timeout=5000,
    )
    return launcher.controller.full_session(launcher.index.get(session_id))


@needs_audio_output
def test_space_plays_the_preferred_preview_from_the_authenticated_download(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    from PySide6.QtMultimedia import QMediaPlayer

    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    audio, search = launcher.audio, launcher.palette.search
    (session,) = with_preview(launcher)
    show_on(qtbot, launcher, session)
    QTest.keyClick(search, Qt.Key.Key_Space)  # still typing: Space is text
    assert search.text() == session.title + " " and audio.status.state is Audition.IDLE
    QTest.keyClick(search, Qt.Key.Key_Backspace)
    assert launcher.palette.list.currentIndex().row() == 0  # an exact title wins
    QTest.keyClick(search, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # moving...
    QTest.keyClick(search, Qt.Key.Key_Space)  # ...so Space auditions
    assert search.text() == session.title
    qtbot.waitUntil(lambda: playing(launcher, session), timeout=5000)
    player = audio.player
    assert player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
    assert player.mediaStatus() in (
        QMediaPlayer.MediaStatus.LoadedMedia,
        QMediaPlayer.MediaStatus.BufferingMedia,
        QMediaPlayer.MediaStatus.BufferedMedia,
    )
    played = Path(player.source().toLocalFile())
    assert played.parent == launcher.paths.cache_dir / "audio"
    assert played.read_bytes() == assets.preview_wav(session.id, session.preferred_preview_id)
    fetches = requests(sim, f"/audio/{session.id}.wav")
    assert [(r["status"], r["authorized"]) for r in fetches] == [(200, True)]
    qtbot.waitUntil(lambda: audio.position() > 0.2, timeout=3000)
    assert launcher.preview.play_button.playing
    QTest.keyClick(search, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: audio.status.state is Audition.PAUSED, timeout=2000)
    paused_at = audio.position()
    QTest.keyClick(search, Qt.Key.Key_Right)  # seek 10 % of the preview, at least 1 s
    qtbot.waitUntil(lambda: audio.position() >= paused_at + 0.9, timeout=2000)
    QTest.keyClick(search, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: abs(audio.position() - paused_at) < 0.1, timeout=2000)
    audio.stop()
    QTest.keyClick(search, Qt.Key.Key_Space)  # again: from the disk cache, no download
    qtbot.waitUntil(lambda: playing(launcher, session), timeout=5000)
    assert len(requests(sim, f"/audio/{session.id}.wav")) == 1


def test_no_audio_device_is_said_inline(qtbot: Any, request: pytest.FixtureRequest) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    if QMediaDevices.audioOutputs():
        # This machine (or CI's null sink) has an output: run this test again in a child
        # process that cannot reach the sound server, so it sees no device at all.
        assert not os.environ.get(HIDDEN_SINK_ENV), "the audio output could not be hidden"
        child = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             f"{__file__}::test_no_audio_device_is_said_inline"],
            env=os.environ | {"PULSE_SERVER": "unix:/nonexistent", HIDDEN_SINK_ENV: "1"},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-2000:]
        assert "1 passed" in child.stdout
        return
    sim = request.getfixturevalue("sim")
    launcher = request.getfixturevalue("make_launcher")(
        sim, settings=Settings(show_preview_pane=True)
    )
    (session,) = with_preview(launcher)
    show_on(qtbot, launcher, session)
    assert launcher.preview.audio_note.text() == NO_DEVICE_NOTE
    launcher.preview.toggle_playback()  # plays (silently) anyway, and keeps saying why
    qtbot.waitUntil(lambda: playing(launcher, session), timeout=5000)
    assert launcher.preview.audio_note.text() == NO_DEVICE_NOTE


@needs_audio_output
def test_moving_to_another_row_stops_then_switches_playback(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    palette, audio, pane = launcher.palette, launcher.audio, launcher.preview
    palette.show_palette()
    qtbot.waitExposed(palette)
    shown = [palette.model.session_at(r) for r in range(palette.model.rowCount())]
    # Rows carry the lean index form; previews come from the library store, as the pane reads them.
    rows = [launcher.controller.full_session(s) for s in shown if s is not None]
    first, second = [s for s in rows if s.preview_audio_url][:2]
    bare = next(s for s in rows if not s.preview_audio_url)
    palette.select_row(rows.index(first))
    QTest.keyClick(palette.search, Qt.Key.Key_Space)  # the field is empty: Space auditions
    qtbot.waitUntil(lambda: playing(launcher, first), timeout=5000)
    palette.select_row(rows.index(second))
    assert not playing(launcher, first) and not audio.player.source().isValid()  # at once
    qtbot.waitUntil(lambda: playing(launcher, second), timeout=5000)  # then the new row's
    assert (
        audio.player.source()
        .toLocalFile()
        .endswith(audio.cache.path_for(second.preview_audio_url, "audio/wav").name)
    )
    palette.select_row(rows.index(bare))
    qtbot.waitUntil(lambda: audio.status.state is Audition.NO_PREVIEW, timeout=3000)
    assert pane.audio_note.text() in (
        "No audio preview for this session",
        "The preview is still being generated in SessionDock",
    )
    assert not audio.player.source().isValid()


@needs_audio_output
def test_unplayable_preview_is_a_clear_state_not_an_exception(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    seen: list[Any] = []
    launcher.bridge.message_posted.connect(seen.append)
    first, second = with_preview(launcher, 2)
    # SessionDock says audio/wav, but the bytes are a PNG.
    broken = patch_session(qtbot, sim, launcher, first.id, previewAudioUrl=artwork_path(first.id))
    show_on(qtbot, launcher, broken)
    launcher.preview.toggle_playback()
    qtbot.waitUntil(lambda: launcher.audio.status.state is Audition.UNSUPPORTED, timeout=5000)
    assert launcher.preview.audio_note.text() == "This preview can't be played (audio/wav)"
    # Not audio at all: said without downloading anything.
    html = patch_session(qtbot, sim, launcher, second.id, previewAudioMime="text/html")
    show_on(qtbot, launcher, html)
    sim.state.clear_requests()
    launcher.preview.toggle_playback()
    assert launcher.audio.status.state is Audition.UNSUPPORTED
    assert launcher.preview.audio_note.text() == "The preview isn't audio (text/html)"
    assert requests(sim, ".wav") == []
    assert seen == []  # nothing escaped to the error barrier


def test_missing_qtmultimedia_degrades_to_a_clear_state(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, tmp_path: Path
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=False))

    def no_multimedia() -> Any:
        raise ImportError(
            "libpulse.so.0: cannot open shared object file: No such file or directory"
        )

    audio = AudioPlayer(
        lambda: launcher.link.client, launcher.tasks, AudioCache(tmp_path), multimedia=no_multimedia
    )
    pane = PreviewPane(
        launcher.link, launcher.tasks, audio, launcher.editing, launcher.palette.theme
    )
    qtbot.addWidget(pane)
    pane.set_shown(True)
    (session,) = with_preview(launcher)
    pane.follow(session)
    pane.toggle_playback()
    assert audio.status.state is Audition.UNAVAILABLE and audio.player is None
    assert pane.audio_note.text().startswith("Audio preview unavailable: libpulse.so.0")


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return (
        abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance
    )
