"""Focus and open through the action service: every SessionDock answer becomes one typed outcome."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from tests.support.service_fakes import READ_ONLY, FakeSessionDock, FakeSource, error

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import FrecencyStore, SessionIndex, messages
from sessiondock_launcher.core.actions import ActionService, Alternative
from sessiondock_launcher.core.messages import Level
from sessiondock_launcher.core.status import LauncherStatus, Link

pytestmark = pytest.mark.asyncio

SESSION = Session(id="s1", title="Launch cue prep")
OK = {"data": {"ok": True, "action": "focus", "sessionId": "s1"}}


def build(
    handler: object, tmp_path: Path, status: LauncherStatus | None = None
) -> tuple[ActionService, FakeSource, FakeSessionDock, SessionIndex]:
    api = FakeSessionDock(handler)  # type: ignore[arg-type]
    source = FakeSource(api.client())
    if status is not None:
        source.status = status
    index = SessionIndex([SESSION])
    svc = ActionService(source, index, FrecencyStore(tmp_path / "f.json"))
    return svc, source, api, index


async def test_focus_success_is_remembered(tmp_path: Path) -> None:
    svc, _, api, _ = build(lambda _r: httpx.Response(200, json=OK), tmp_path)
    outcome = await svc.focus(SESSION)
    assert outcome.done
    assert api.paths() == ["POST /sessions/s1/focus"]
    assert svc.frecency.score("s1") > 0
    assert (tmp_path / "f.json").exists()


async def test_read_only_refuses_before_any_request(tmp_path: Path) -> None:
    svc, _, api, _ = build(lambda _r: httpx.Response(200, json=OK), tmp_path, READ_ONLY)
    focus, open_ = await svc.focus(SESSION), await svc.open(SESSION)
    assert (focus.done, focus.text) == (False, messages.FOCUS_READ_ONLY)
    assert open_.text == messages.OPEN_READ_ONLY
    assert api.requests == []


async def test_without_a_client_the_link_says_why(tmp_path: Path) -> None:
    svc, source, _, _ = build(lambda _r: httpx.Response(200, json=OK), tmp_path)
    source.client = None
    source.status = LauncherStatus(Link.MISCONFIGURED, detail="Check the address")
    assert (await svc.focus(SESSION)).text == "Check the address"


async def test_focus_unavailable_offers_open_in_daw(tmp_path: Path) -> None:
    svc, *_ = build(lambda _r: error(501, "focus_unavailable"), tmp_path)
    outcome = await svc.focus(SESSION)
    assert outcome.offer is Alternative.OPEN_IN_DAW
    assert outcome.offer.value == "Open in DAW"
    assert (outcome.text, outcome.level) == (messages.FOCUS_UNAVAILABLE, Level.WARNING)


async def test_focus_failed_names_the_session_and_offers_open(tmp_path: Path) -> None:
    svc, *_ = build(lambda _r: error(400, "focus_failed", "window gone"), tmp_path)
    outcome = await svc.focus(SESSION)
    assert outcome.text == messages.focus_failed("Launch cue prep", "window gone")
    assert outcome.offer is Alternative.OPEN_IN_DAW


async def test_open_failed_offers_nothing(tmp_path: Path) -> None:
    svc, *_ = build(lambda _r: error(400, "open_failed", "DAW missing"), tmp_path)
    outcome = await svc.open(SESSION)
    assert outcome.text == messages.open_failed("Launch cue prep", "DAW missing")
    assert outcome.offer is None


async def test_a_session_gone_leaves_the_index(tmp_path: Path) -> None:
    svc, _, _, index = build(lambda _r: error(404, "not_found"), tmp_path)
    outcome = await svc.focus(SESSION)
    assert outcome.removed and outcome.level is Level.WARNING
    assert outcome.text == messages.session_gone("Launch cue prep")
    assert index.get("s1") is None


async def test_a_read_only_refusal_rechecks_the_mode(tmp_path: Path) -> None:
    svc, source, *_ = build(lambda _r: error(403, "read_only"), tmp_path)
    assert (await svc.open(SESSION)).text == messages.OPEN_READ_ONLY
    assert source.checks == 1


async def test_a_rejected_token_is_reported_to_the_link(tmp_path: Path) -> None:
    svc, source, *_ = build(lambda _r: error(401, "unauthorized"), tmp_path)
    assert (await svc.focus(SESSION)).text == messages.TOKEN_REJECTED
    assert len(source.failures) == 1


async def test_a_slow_sessiondock_gets_one_waiting_note(tmp_path: Path) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.1)
        return httpx.Response(200, json=OK)

    api = FakeSessionDock(slow)
    slow_notes: list[int] = []
    svc = ActionService(
        FakeSource(api.client()),
        SessionIndex([SESSION]),
        FrecencyStore(None),
        on_slow=lambda: slow_notes.append(1),
        waiting_after_s=0.02,
    )
    assert (await svc.focus(SESSION)).done
    assert slow_notes == [1]
