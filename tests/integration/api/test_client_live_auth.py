"""Tokens and modes: a bad or rotated token is Unauthorized, read-only refuses every write."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from sessiondock_launcher.api import (
    ImportItem,
    MissingToken,
    ReadOnly,
    SessionDockClient,
    Unauthorized,
    UnknownApiError,
    WaveformNote,
)
from sessiondock_launcher.simulator.library import generate_library, make_previews
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = pytest.mark.asyncio

StartSimulator = Callable[..., SimulatorThread]
MakeClient = Callable[..., SessionDockClient]
Call = Callable[[SessionDockClient], Awaitable[Any]]

SID = "session_2"

READS: dict[str, Call] = {
    "health": lambda c: c.health(),
    "list_sessions": lambda c: c.list_sessions(),
    "get_session": lambda c: c.get_session(SID),
    "get_tags": lambda c: c.get_tags(SID),
    "list_tags": lambda c: c.list_tags(),
    "get_preview": lambda c: c.get_preview(SID),
    "get_waveform": lambda c: c.get_waveform(SID),
    "get_waveform_notes": lambda c: c.get_waveform_notes(SID),
    "download": lambda c: c.download(f"/api/v1/_assets/artwork/{SID}.png"),
}

WRITES: dict[str, Call] = {
    "create_session": lambda c: c.create_session({"title": "Nope"}),
    "patch_session": lambda c: c.patch_session(SID, {"status": "final"}),
    "delete_session": lambda c: c.delete_session(SID),
    "put_tags": lambda c: c.put_tags(SID, ["x"]),
    "patch_tags": lambda c: c.patch_tags(SID, ["x"]),
    "put_notes": lambda c: c.put_notes(SID, "x"),
    "patch_notes": lambda c: c.patch_notes(SID, "x"),
    "put_waveform_notes": lambda c: c.put_waveform_notes(SID, [WaveformNote(1.0, "x")]),
    "patch_waveform_notes": lambda c: c.patch_waveform_notes(SID, [WaveformNote(1.0, "x")]),
    "open_session": lambda c: c.open_session(SID),
    "focus_session": lambda c: c.focus_session(SID),
    "import_sessions": lambda c: c.import_sessions([ImportItem("/tmp/New.als")]),
}


def _library() -> list[dict[str, Any]]:
    sessions = generate_library(5)
    make_previews(sessions[1], lanes=2)
    return sessions


def _snapshot(sim: SimulatorThread) -> tuple[Any, ...]:
    with sim.state.lock:
        sessions = {k: {**v, "tags": list(v["tags"])} for k, v in sim.state.sessions.items()}
        return sessions, dict(sim.state.waveform_notes)


async def test_bad_token_is_unauthorized_everywhere(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    sim = start_simulator(sessions=_library())
    before = _snapshot(sim)
    bad = "wrong-token-ZZ9"
    client = make_client(sim, bad)
    for name, call in {**READS, **WRITES}.items():
        with pytest.raises(Unauthorized) as caught:
            await call(client)
        error = caught.value
        assert (error.status, error.code) == (401, "unauthorized"), name
        assert error.message == "Provide Authorization: Bearer <token>."
        assert bad not in str(error) and "Settings" in error.user_message
    log = sim.state.request_log()
    assert len(log) == len(READS) + len(WRITES)
    assert all(r["status"] == 401 and r["authorized"] is False for r in log)
    assert _snapshot(sim) == before


async def test_missing_token_sends_nothing(sim: SimulatorThread, make_client: MakeClient) -> None:
    client = make_client(sim, "   ")
    with pytest.raises(MissingToken):
        await client.health()
    with pytest.raises(MissingToken):
        await client.download(f"/api/v1/_assets/artwork/{SID}.png")
    assert sim.state.request_log() == []


@pytest.mark.parametrize("name", list(WRITES))
async def test_read_only_refuses_every_write(
    start_simulator: StartSimulator, make_client: MakeClient, name: str
) -> None:
    sim = start_simulator(
        sessions=_library(), configured_mode="full-automation", effective_mode="read-only"
    )
    before = _snapshot(sim)
    client = make_client(sim)
    with pytest.raises(ReadOnly) as caught:
        await WRITES[name](client)
    error = caught.value
    assert (error.status, error.code) == (403, "read_only")
    assert error.message == "Enable Full Automation to perform this action."
    assert "Full Automation" in error.user_message
    assert _snapshot(sim) == before
    assert sim.state.request_log()[-1]["status"] == 403


async def test_read_only_still_serves_every_read(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    sim = start_simulator(
        sessions=_library(), configured_mode="read-only", effective_mode="read-only"
    )
    client = make_client(sim)
    for call in READS.values():
        await call(client)
    assert all(r["status"] == 200 for r in sim.state.request_log())
    health = await client.health()
    assert health.effective_mode == "read-only" and not health.can_write


async def test_disabled_mode_is_an_api_error_with_its_code(
    start_simulator: StartSimulator, make_client: MakeClient
) -> None:
    sim = start_simulator(size=3, configured_mode="disabled", effective_mode="disabled")
    client = make_client(sim)
    assert (await client.health()).effective_mode == "disabled"
    # "disabled" is not one of the client's documented codes: a 403 maps to UnknownApiError.
    with pytest.raises(UnknownApiError) as caught:
        await client.list_sessions()
    assert (caught.value.status, caught.value.code) == (403, "disabled")
    assert caught.value.message == "The Local API is disabled in SessionDock Settings."


async def test_token_rotation_mid_session(sim: SimulatorThread, make_client: MakeClient) -> None:
    old = sim.state.config.token
    client = make_client(sim, old)
    assert (await client.get_session(SID)).id == SID
    assert (await client.list_sessions(limit=5)).total == 300

    sim.state.update_config({"token": "rotated-token-Pq81"})
    with pytest.raises(Unauthorized) as caught:
        await client.get_session(SID)
    assert caught.value.status == 401 and old not in str(caught.value)
    with pytest.raises(Unauthorized):
        await client.health()
    assert [r["authorized"] for r in sim.state.request_log()] == [True, True, False, False]

    fresh = make_client(sim, "rotated-token-Pq81")
    assert (await fresh.get_session(SID)).id == SID
