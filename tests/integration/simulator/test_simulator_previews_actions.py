"""Preview metadata and assets, waveform + notes, open/focus, import."""

from __future__ import annotations

import struct
from typing import Any

import httpx
import pytest
from tests.integration.simulator.support import TOKEN, StartSimulator, make_client

from sessiondock_launcher.simulator.library import generate_library, make_previews


def _library() -> list[dict[str, Any]]:
    sessions = generate_library(6)
    for s in sessions:
        s.update(previewStatus="missing", previewUrl="", previewAudioUrl="", previews=[])
    make_previews(sessions[0], lanes=2)  # relative URLs
    make_previews(sessions[1], lanes=1, absolute=True)  # absolute URLs
    sessions[2]["previewStatus"] = "generating"
    return sessions


@pytest.fixture
def previews(start_simulator: StartSimulator) -> Any:
    return start_simulator(sessions=_library())


def test_preview_metadata_and_assets(previews: Any) -> None:
    with make_client(previews) as c:
        rel = c.get("/sessions/session_1/preview").json()["data"]
        absolute = c.get("/sessions/session_2/preview").json()["data"]
        listed = {s["id"]: s for s in c.get("/sessions").json()["data"]}
    assert set(rel) == {
        "id", "previewStatus", "preferredPreviewId", "previewUrl",
        "previewAudioUrl", "previewAudioMime", "previews",
    }  # fmt: skip
    assert rel["previewUrl"] == "/api/v1/_assets/artwork/session_1.png"
    assert rel["previewAudioMime"] == "audio/wav" and len(rel["previews"]) == 2
    assert absolute["previewAudioUrl"] == previews.origin + "/api/v1/_assets/audio/session_2.wav"
    assert (
        listed["session_2"]["previewUrl"]
        == previews.origin + "/api/v1/_assets/artwork/session_2.png"
    )

    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=previews.origin, trust_env=False) as raw:
        for url in (rel["previewUrl"], absolute["previewUrl"]):
            png = raw.get(url, headers=auth)
            assert png.headers["content-type"] == "image/png"
            assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
            assert struct.unpack(">II", png.content[16:24]) == (256, 256)
            assert raw.get(url).status_code == 401
        wav = raw.get(rel["previewAudioUrl"], headers=auth)
        assert wav.headers["content-type"] == "audio/wav"
        assert wav.content[:4] == b"RIFF" and wav.content[8:12] == b"WAVE"
        assert raw.get(rel["previewAudioUrl"]).status_code == 401
        lane = raw.get(rel["previewAudioUrl"] + "?variantId=preview_instrumental", headers=auth)
        assert lane.status_code == 200 and lane.content != wav.content
        for sid in ("session_3", "session_4"):  # generating / missing
            assert raw.get(f"/api/v1/_assets/artwork/{sid}.png", headers=auth).status_code == 404


def test_waveform(previews: Any) -> None:
    with make_client(previews) as c:
        wave = c.get("/sessions/session_1/waveform").json()["data"]
        lane = c.get("/sessions/session_1/waveform", params={"variantId": "preview_instrumental"})
        small = c.get("/sessions/session_1/waveform", params={"resolution": 16}).json()["data"]
        assert (
            c.get("/sessions/session_1/waveform", params={"variantId": "nope"}).status_code == 404
        )
        assert c.get("/sessions/session_3/waveform").status_code == 404
    assert wave["sessionId"] == "session_1" and wave["variantId"] == "preview_main"
    assert wave["sampleRate"] == 22050 and wave["duration"] == pytest.approx(4.0)
    assert wave["resolution"] == len(wave["peaks"]) == 200
    assert all(0.0 <= p <= 1.0 for p in wave["peaks"]) and max(wave["peaks"]) == 1.0
    assert lane.json()["data"]["peaks"] != wave["peaks"]
    assert len(small["peaks"]) == 16


def test_waveform_notes(previews: Any) -> None:
    with make_client(previews) as c:
        empty = c.get("/sessions/session_1/waveform-notes").json()["data"]
        assert empty == {
            "sessionId": "session_1", "variantId": "preview_main",
            "key": "session_1:preview_main", "notes": [],
        }  # fmt: skip
        body = {
            "notes": [
                {"timestamp": 18.0, "text": "Mute the riser"},
                {"timestamp": 12.5, "text": "Drop"},
            ]
        }
        put = c.put(
            "/sessions/session_1/waveform-notes", params={"variantId": "preview_main"}, json=body
        )
        notes = put.json()["data"]["notes"]
        assert [n["timestamp"] for n in notes] == [12.5, 18.0]
        assert all(n["id"] and n["createdAt"].endswith("Z") and n["updatedAt"] for n in notes)
        assert c.get("/sessions/session_1/waveform-notes").json()["data"]["notes"] == notes
        keep = {**notes[0], "text": "Drop starts here"}
        patched = c.patch("/sessions/session_1/waveform-notes", json={"notes": [keep]}).json()
        (only,) = patched["data"]["notes"]
        assert only["id"] == notes[0]["id"] and only["createdAt"] == notes[0]["createdAt"]
        other = c.get(
            "/sessions/session_1/waveform-notes", params={"variantId": "preview_instrumental"}
        )
        assert other.json()["data"]["notes"] == []
        previews.state.update_config({"waveform_notes_available": False})
        response = c.get("/sessions/session_1/waveform-notes")
        assert response.status_code == 501 and response.json()["error"]["status"] == 501


def test_open_and_focus(client: httpx.Client, sim: Any) -> None:
    before = sim.state.sessions["session_5"]["lastOpened"]
    sim.state.sessions["session_5"]["lastOpened"] = "2020-01-01T00:00:00Z"
    assert client.post("/sessions/session_5/focus").json() == {
        "data": {"id": "session_5", "opened": False, "focused": True}
    }
    assert client.post("/sessions/session_5/open").json()["data"]["opened"] is True
    assert sim.state.sessions["session_5"]["lastOpened"] >= before
    first = client.get("/sessions", params={"limit": 1}).json()["data"][0]
    assert first["id"] == "session_5"  # now the most recently opened
    log = [(r["method"], r["path"], r["status"]) for r in sim.state.request_log()]
    assert ("POST", "/api/v1/sessions/session_5/focus", 200) in log

    sim.state.update_config({"focus_behaviour": "unavailable"})
    error = client.post("/sessions/session_5/focus").json()["error"]
    assert error == {
        "status": 501,
        "code": "focus_unavailable",
        "message": "Session focus is unavailable.",
    }
    sim.state.update_config({"focus_behaviour": "failed", "open_behaviour": "failed"})
    error = client.post("/sessions/session_5/focus").json()["error"]
    assert error == {"status": 400, "code": "focus_failed", "message": "main window unavailable"}
    assert client.post("/sessions/session_5/open").json()["error"]["code"] == "open_failed"
    assert (
        client.get("/health").json()["data"]["lastError"] == "Session project path is unavailable."
    )


def test_import(client: httpx.Client) -> None:
    total = client.get("/sessions").json()["meta"]["total"]
    body = {
        "kind": "Ableton",
        "generatePreviews": True,
        "items": [
            {"projectPath": "/Users/me/Music/Projects/Launch Cue", "title": "Launch Cue"},
            {"projectPath": "/Users/me/Music/Projects/Resonance/Resonance.rpp"},
            {"projectPath": "/Users/me/Music/Projects/Launch Cue"},
        ],
    }
    response = client.post("/import", json=body)
    assert response.status_code == 202
    data = response.json()["data"]
    assert data["importId"] and data["done"] is True
    assert (data["total"], data["completed"], data["skipped"], data["failed"]) == (3, 2, 1, 0)
    assert client.get("/sessions").json()["meta"]["total"] == total + 2
    found = client.get("/sessions", params={"q": "Resonance", "kind": "Reaper"}).json()["data"]
    assert [s["title"] for s in found if s["projectPath"].endswith(".rpp")] == ["Resonance"]
    assert found[0]["previewStatus"] == "ready"
