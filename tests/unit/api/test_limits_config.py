"""The response cap and the deadlines are client settings with sane, validated defaults."""

from __future__ import annotations

import httpx
import pytest

from sessiondock_launcher.api import (
    DEFAULT_MAX_RESPONSE_BYTES,
    ClientSettings,
    Deadlines,
    ResponseTooLarge,
    SessionDockClient,
)


def test_defaults() -> None:
    settings = ClientSettings()
    assert settings.max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES == 32 * 1024 * 1024
    assert settings.deadlines == Deadlines(health=8.0, page=30.0, call=15.0, download=30.0)


@pytest.mark.parametrize("value", [0.0, -1.0, float("nan")])
def test_deadlines_must_be_positive(value: float) -> None:
    with pytest.raises(ValueError, match="deadline health"):
        Deadlines(health=value)


def test_the_cap_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_response_bytes"):
        ClientSettings(max_response_bytes=0)


@pytest.mark.asyncio
async def test_from_settings_applies_the_cap() -> None:
    body = b'{"data": {"status": "ok", "running": true, "notes": "' + b"x" * 2_000 + b'"}}'

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    settings = ClientSettings(token="token-0123456789", max_response_bytes=1_000)
    client = SessionDockClient.from_settings(settings, transport=httpx.MockTransport(handler))
    async with client:
        with pytest.raises(ResponseTooLarge) as info:
            await client.health()
    assert info.value.limit == 1_000
    big = ClientSettings(token="token-0123456789", max_response_bytes=len(body))
    async with SessionDockClient.from_settings(big, transport=httpx.MockTransport(handler)) as c:
        assert (await c.health()).running
