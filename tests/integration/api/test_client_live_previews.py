"""Preview metadata, waveform peaks, waveform notes and authenticated asset downloads."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import pytest

from sessiondock_launcher.api import (
    DownloadTooLarge,
    InsecureHostError,
    NotFound,
    PreviewInfo,
    ServiceUnavailable,
    SessionDockClient,
    Waveform,
    WaveformNote,
    WaveformNotes,
)
from sessiondock_launcher.simulator.library import generate_library, make_previews
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = pytest.mark.asyncio

StartSimulator = Callable[..., SimulatorThread]
MakeClient = Callable[..., SessionDockClient]

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _library() -> list[dict[str, Any]]:
    sessions = generate_library(6)
    for s in sessions:
        s.update(previewStatus="missing", previewUrl="", previewAudioUrl="", previews=[])
    make_previews(sessions[0], lanes=2)  # session_1: relative URLs
    make_previews(sessions[1], lanes=1, absolute=True)  # session_2: absolute URLs
    sessions[2]["previewStatus"] = "generating"  # session_3
    return sessions


@pytest.fixture
def previews(start_simulator: StartSimulator) -> SimulatorThread:
    return start_simulator(sessions=_library())


def _asset_requests(sim: SimulatorThread) -> list[dict[str, Any]]:
    return [r for r in sim.state.request_log() if "/_assets/" in r["path"]]


async def test_preview_urls_resolve_to_the_simulator_origin(
    previews: SimulatorThread, make_client: MakeClient
) -> None:
    client = make_client(previews)
    origin = previews.origin
    assert client.origin == origin

    relative = await client.get_preview("session_1")
    absolute = await client.get_preview("session_2")
    raw_relative = previews.state.sessions["session_1"]
    raw_absolute = previews.state.sessions["session_2"]
    assert raw_relative["previewUrl"].startswith("/api/v1/")  # the server really sent both forms
    assert raw_absolute["previewUrl"].startswith("{origin}/api/v1/")

    assert isinstance(relative, PreviewInfo)
    assert relative.id == "session_1" and relative.preview_status == "ready"
    assert relative.preview_url == f"{origin}/api/v1/_assets/artwork/session_1.png"
    assert relative.preview_audio_url == f"{origin}/api/v1/_assets/audio/session_1.wav"
    assert relative.preview_audio_mime == "audio/wav"
    assert relative.preferred_preview_id == "preview_main"
    assert [p.id for p in relative.previews] == ["preview_main", "preview_instrumental"]
    assert all(p.status == "ready" and p.path.endswith(".wav") for p in relative.previews)

    assert absolute.preview_url == f"{origin}/api/v1/_assets/artwork/session_2.png"
    assert absolute.preview_audio_url == f"{origin}/api/v1/_assets/audio/session_2.wav"

    listed = {s.id: s for s in (await client.list_sessions(limit=10)).sessions}
    assert listed["session_1"].preview_url == relative.preview_url
    assert listed["session_2"].preview_audio_url == absolute.preview_audio_url
    assert (await client.get_session("session_2")).preview_url == absolute.preview_url

    pending = await client.get_preview("session_3")
    assert (pending.preview_status, pending.preview_url, pending.previews) == (
        "generating",
        None,
        (),
    )
    with pytest.raises(NotFound):
        await client.get_preview("session_99")


async def test_waveform_peaks_are_parsed(
    previews: SimulatorThread, make_client: MakeClient
) -> None:
    client = make_client(previews)
    wave = await client.get_waveform("session_1")
    assert isinstance(wave, Waveform)
    assert (wave.session_id, wave.variant_id) == ("session_1", "preview_main")
    assert wave.duration == pytest.approx(4.0)
    assert len(wave.peaks) == 200
    assert all(0.0 <= p <= 1.0 for p in wave.peaks) and max(wave.peaks) == 1.0
    assert wave.extra == {"sampleRate": 22050, "resolution": 200}

    lane = await client.get_waveform("session_1", "preview_instrumental")
    assert lane.variant_id == "preview_instrumental" and lane.peaks != wave.peaks
    assert previews.state.request_log()[-1]["query"] == {"variantId": ["preview_instrumental"]}

    for session_id, variant in (("session_1", "nope"), ("session_3", None), ("session_9", None)):
        with pytest.raises(NotFound):
            await client.get_waveform(session_id, variant)


async def test_waveform_notes_round_trip(
    previews: SimulatorThread, make_client: MakeClient
) -> None:
    client = make_client(previews)
    empty = await client.get_waveform_notes("session_1")
    assert empty == WaveformNotes("session_1", "preview_main", "session_1:preview_main", ())

    stored = await client.put_waveform_notes(
        "session_1",
        [WaveformNote(18.0, "Mute the riser"), {"timestamp": 12.5, "text": "Drop"}],
    )
    assert previews.state.request_log()[-1]["body"] == {
        "notes": [
            {"timestamp": 18.0, "text": "Mute the riser"},
            {"timestamp": 12.5, "text": "Drop"},
        ]
    }
    assert [(n.timestamp, n.text) for n in stored.notes] == [
        (12.5, "Drop"),
        (18.0, "Mute the riser"),
    ]
    assert all(n.id and n.created_at and n.updated_at for n in stored.notes)
    assert await client.get_waveform_notes("session_1") == stored

    drop = stored.notes[0]
    edited = WaveformNote(drop.timestamp, "Drop starts here", id=drop.id)
    patched = await client.patch_waveform_notes("session_1", [edited])
    (only,) = patched.notes
    assert (only.id, only.text, only.created_at) == (drop.id, "Drop starts here", drop.created_at)
    assert previews.state.request_log()[-1]["method"] == "PATCH"
    assert await client.get_waveform_notes("session_1") == patched

    lane = await client.put_waveform_notes(
        "session_1", [WaveformNote(1.0, "a cappella in")], variant_id="preview_instrumental"
    )
    assert lane.variant_id == "preview_instrumental" and len(lane.notes) == 1
    assert previews.state.request_log()[-1]["query"] == {"variantId": ["preview_instrumental"]}
    assert (await client.get_waveform_notes("session_1")).notes == patched.notes

    assert (await client.put_waveform_notes("session_1", [])).notes == ()

    previews.state.update_config({"waveform_notes_available": False})
    with pytest.raises(ServiceUnavailable) as caught:
        await client.get_waveform_notes("session_1")
    assert (caught.value.status, caught.value.code) == (501, "waveform_notes_unavailable")


async def test_authenticated_downloads(previews: SimulatorThread, make_client: MakeClient) -> None:
    client = make_client(previews)
    relative = await client.get_preview("session_1")
    absolute = await client.get_preview("session_2")
    previews.state.clear_requests()

    for url in (
        relative.preview_url,
        absolute.preview_url,
        "/api/v1/_assets/artwork/session_1.png",
    ):
        assert url is not None
        png = await client.download(url)
        assert png.startswith(PNG_MAGIC)
        assert struct.unpack(">II", png[16:24]) == (256, 256)

    wav = await client.download(relative.preview_audio_url or "")
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"

    log = _asset_requests(previews)
    assert len(log) == 4 and all(r["authorized"] and r["status"] == 200 for r in log)

    with pytest.raises(DownloadTooLarge):
        await client.download(relative.preview_url or "", max_bytes=100)
    with pytest.raises(NotFound):
        await client.download("/api/v1/_assets/artwork/session_3.png")


async def test_token_is_sent_only_to_the_simulator_origin(
    previews: SimulatorThread, start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    other = start_simulator(sessions=_library())  # a second, dedicated server
    client = make_client(previews)
    path = "/api/v1/_assets/artwork/session_1.png"
    port = previews.port
    foreign = [
        other.origin + path,  # another origin on loopback
        f"http://localhost:{port}{path}",  # same server, different host name
        f"https://127.0.0.1:{port}{path}",  # different scheme
        f"//127.0.0.1:{other.port}{path}",  # scheme-relative
        "file:///etc/passwd",
    ]
    for url in foreign:
        with pytest.raises(InsecureHostError):
            await client.download(url)
    assert other.state.request_log() == []
    assert previews.state.request_log() == []
    assert (await client.download(previews.origin + path)).startswith(PNG_MAGIC)
