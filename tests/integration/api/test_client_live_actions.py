"""Open, focus and import through SessionDockClient against the simulator."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sessiondock_launcher.api import (
    ActionResult,
    FocusFailed,
    FocusUnavailable,
    ImportItem,
    ImportResult,
    NotFound,
    OpenFailed,
    ServiceUnavailable,
    SessionDockClient,
)
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = pytest.mark.asyncio

MakeClient = Callable[..., SessionDockClient]


async def test_open_and_focus_ok(sim: SimulatorThread, client: SessionDockClient) -> None:
    sim.state.sessions["session_5"]["lastOpened"] = "2020-01-01T00:00:00Z"
    assert await client.focus_session("session_5") == ActionResult(
        "session_5", opened=False, focused=True
    )
    assert await client.open_session("session_5") == ActionResult(
        "session_5", opened=True, focused=True
    )
    assert (await client.list_sessions(limit=1)).sessions[0].id == "session_5"
    log = [(r["method"], r["path"], r["status"]) for r in sim.state.request_log()]
    assert ("POST", "/api/v1/sessions/session_5/focus", 200) in log
    assert ("POST", "/api/v1/sessions/session_5/open", 200) in log


async def test_focus_unavailable_is_501(sim: SimulatorThread, client: SessionDockClient) -> None:
    sim.state.update_config({"focus_behaviour": "unavailable"})
    with pytest.raises(FocusUnavailable) as caught:
        await client.focus_session("session_5")
    error = caught.value
    assert isinstance(error, ServiceUnavailable)
    assert (error.status, error.code) == (501, "focus_unavailable")
    assert error.message == "Session focus is unavailable."
    assert "Open instead" in error.user_message


async def test_focus_failed_keeps_the_server_message(
    sim: SimulatorThread, client: SessionDockClient
) -> None:
    sim.state.update_config({"focus_behaviour": "failed", "open_behaviour": "failed"})
    with pytest.raises(FocusFailed) as caught:
        await client.focus_session("session_5")
    error = caught.value
    assert (error.status, error.code, error.message) == (
        400,
        "focus_failed",
        "main window unavailable",
    )
    assert "main window unavailable" in str(error) and "main window unavailable" in (
        error.user_message
    )

    with pytest.raises(OpenFailed) as opened:
        await client.open_session("session_5")
    assert (opened.value.status, opened.value.code) == (400, "open_failed")
    assert opened.value.message == "Session project path is unavailable."
    assert (await client.health()).last_error == "Session project path is unavailable."


async def test_open_and_focus_unknown_session_is_not_found(client: SessionDockClient) -> None:
    for action in (client.open_session, client.focus_session):
        with pytest.raises(NotFound) as caught:
            await action("session_999")
        assert (caught.value.status, caught.value.code) == (404, "not_found")
        assert caught.value.message == "session not found"


async def test_import_is_accepted_and_sends_the_documented_body(
    sim: SimulatorThread, client: SessionDockClient
) -> None:
    items = [
        ImportItem("/Users/me/Music/Launch Cue", title="Launch Cue"),
        ImportItem(
            "/Users/me/Music/Resonance/Resonance.rpp",
            project_type="Reaper",
            preview_audio_path="/Users/me/Music/Resonance/Bounce.wav",
        ),
        ImportItem("/Users/me/Music/Launch Cue"),  # a duplicate: skipped
    ]
    result = await client.import_sessions(items, kind="Ableton", generate_previews=True)

    assert isinstance(result, ImportResult)
    assert result.import_id.startswith("import_") and result.done is True
    assert (result.total, result.completed, result.skipped, result.failed) == (3, 2, 1, 0)
    (record,) = [r for r in sim.state.request_log() if r["path"] == "/api/v1/import"]
    assert (record["method"], record["status"], record["query"]) == ("POST", 202, {})
    assert record["body"] == {
        "items": [
            {"projectPath": "/Users/me/Music/Launch Cue", "title": "Launch Cue"},
            {
                "projectPath": "/Users/me/Music/Resonance/Resonance.rpp",
                "projectType": "Reaper",
                "previewAudioPath": "/Users/me/Music/Resonance/Bounce.wav",
            },
            {"projectPath": "/Users/me/Music/Launch Cue"},
        ],
        "kind": "Ableton",
        "generatePreviews": True,
    }

    found = (await client.list_sessions(q="Resonance", kind="Reaper", limit=200)).sessions
    imported = [s for s in found if s.project_path.endswith("Resonance.rpp")]
    assert [(s.title, s.preview_status) for s in imported] == [("Resonance", "ready")]
    assert imported[0].previews[0].path == "/Users/me/Music/Resonance/Bounce.wav"
    assert (await client.list_sessions()).total == 302


async def test_import_without_options_sends_items_only(
    sim: SimulatorThread, client: SessionDockClient
) -> None:
    result = await client.import_sessions([ImportItem("/tmp/Idea.flp")])
    assert (result.total, result.completed) == (1, 1)
    assert sim.state.request_log()[-1]["body"] == {"items": [{"projectPath": "/tmp/Idea.flp"}]}
    (session,) = (await client.list_sessions(q="Idea", kind="FL Studio", limit=200)).sessions
    assert session.title == "Idea" and session.preview_status == "missing"
