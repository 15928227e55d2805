"""Text no request can carry (a NUL or control character in a URL, a lone surrogate anywhere) is
refused with a SessionDock error before anything is sent, never a raw httpx/codec exception.

Such text usually comes from the server itself: JSON may carry ``"\\ud800"`` in a session id, a
variant id or a preview URL, and the launcher sends those back in later requests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from sessiondock_launcher.api import SessionDockClient, SessionDockError, UnsendableText

pytestmark = pytest.mark.asyncio

TOKEN = "hostile-text-token-0123456789"
OK = b'{"data": {"id": "x", "notes": "", "tags": [], "sessionId": "x", "focused": true}}'

Operation = Callable[[SessionDockClient], Awaitable[Any]]


def operations(bad: str) -> dict[str, Operation]:
    return {
        "q": lambda c: c.list_sessions(q=bad),
        "tags filter": lambda c: c.list_sessions(tags=[bad]),
        "variant id": lambda c: c.get_waveform("x", bad),
        "notes body": lambda c: c.put_notes("x", bad),
        "tags body": lambda c: c.put_tags("x", [bad]),
        "relative download": lambda c: c.download("/api/v1/_assets/" + bad),
        "absolute download": lambda c: c.download("http://127.0.0.1:18432/a" + bad),
    }


CASES = (
    [(bad, name) for bad in ("a\ud800b", "\udfff") for name in operations(bad)]
    + [(bad, name) for bad in ("a\x00b", "a\nb") for name in ("absolute download",)]
    + [("a\x00b", "relative download")]
)


@pytest.mark.parametrize(("bad", "name"), CASES)
async def test_unsendable_text_is_a_sessiondock_error_and_nothing_is_sent(
    bad: str, name: str
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=OK, headers={"Content-Type": "application/json"})

    client = SessionDockClient(
        "http://127.0.0.1:18432/api/v1", TOKEN, transport=httpx.MockTransport(handler)
    )
    async with client:
        with pytest.raises(UnsendableText) as info:
            await operations(bad)[name](client)
    assert isinstance(info.value, SessionDockError)
    assert isinstance(info.value, ValueError)
    assert "not allowed" in info.value.user_message
    assert sent == []
    # The message itself is safe to log and show: no raw control character or surrogate.
    assert str(info.value).isascii()
    assert "\n" not in str(info.value)
    assert TOKEN not in str(info.value)


async def test_session_ids_with_nul_newline_or_surrogates_still_reach_the_server() -> None:
    """Ids go into the path percent-encoded (lone surrogates as their surrogatepass bytes), so a
    session SessionDock really has can be acted on whatever its id."""
    paths: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path)
        return httpx.Response(200, content=OK, headers={"Content-Type": "application/json"})

    client = SessionDockClient(
        "http://127.0.0.1:18432/api/v1", TOKEN, transport=httpx.MockTransport(handler)
    )
    async with client:
        for session_id in ("a\x00b", "a\nb", "s\ud800"):
            await client.focus_session(session_id)
    assert paths == [
        b"/api/v1/sessions/a%00b/focus",
        b"/api/v1/sessions/a%0Ab/focus",
        b"/api/v1/sessions/s%ED%A0%80/focus",
    ]
