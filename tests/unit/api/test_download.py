"""Authenticated preview downloads: URL resolution, origin policy, size cap, errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from sessiondock_launcher.api import (
    DownloadTooLarge,
    InsecureHostError,
    NotFound,
    ReadOnly,
    ServerError,
    SessionDockClient,
)

pytestmark = pytest.mark.asyncio

TOKEN = "tok-DOWNLOAD-5ecret"
BASE = "http://127.0.0.1:18432/api/v1"
AUDIO = bytes(range(256)) * 40


class Assets:
    def __init__(self, response: httpx.Response | None = None) -> None:
        self.response = response
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.response or httpx.Response(200, content=AUDIO)

    def client(self, max_download_bytes: int = 25 * 1024 * 1024) -> SessionDockClient:
        transport = httpx.MockTransport(self)
        return SessionDockClient(
            BASE, TOKEN, transport=transport, max_download_bytes=max_download_bytes
        )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/previews/s1.m4a", "http://127.0.0.1:18432/previews/s1.m4a"),
        ("previews/s1.m4a", "http://127.0.0.1:18432/previews/s1.m4a"),
        (
            "/api/v1/sessions/s1/preview/audio?v=2",
            "http://127.0.0.1:18432/api/v1/sessions/s1/preview/audio?v=2",
        ),
        ("http://127.0.0.1:18432/previews/s1.m4a", "http://127.0.0.1:18432/previews/s1.m4a"),
    ],
)
async def test_download_resolves_against_the_origin_and_sends_the_token(
    url: str, expected: str
) -> None:
    assets = Assets()
    async with assets.client() as client:
        assert await client.download(url) == AUDIO
    (request,) = assets.requests
    assert str(request.url) == expected
    assert request.method == "GET"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example.com/previews/s1.m4a",
        "https://127.0.0.1:18432/previews/s1.m4a",  # other scheme
        "http://127.0.0.1:18433/previews/s1.m4a",  # other port
        "http://localhost:18432/previews/s1.m4a",  # other host name
        "//evil.example.com/x.m4a",  # scheme-relative
        "http://127.0.0.1:18432@evil.example.com/x.m4a",  # userinfo trick
        "file:///Users/me/Music/s1.wav",
        "ftp://127.0.0.1:18432/x",
        "http://",
    ],
)
async def test_download_refuses_other_origins_without_sending_anything(url: str) -> None:
    assets = Assets()
    async with assets.client() as client:
        with pytest.raises(InsecureHostError) as info:
            await client.download(url)
    assert assets.requests == []
    assert TOKEN not in str(info.value)
    assert "http://127.0.0.1:18432" in str(info.value)


async def test_download_cap_by_content_length() -> None:
    assets = Assets()
    async with assets.client(max_download_bytes=1000) as client:
        with pytest.raises(DownloadTooLarge) as info:
            await client.download("/previews/big.wav")
    assert info.value.limit == 1000


async def test_download_cap_while_streaming_without_content_length() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b"x" * 1000

    def handler(request: httpx.Request) -> httpx.Response:
        response = httpx.Response(200, content=chunks())
        assert "Content-Length" not in response.headers
        return response

    async with SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(DownloadTooLarge):
            await client.download("/previews/endless.wav", max_bytes=50_000)
        assert len(await client.download("/previews/endless.wav", max_bytes=100_000)) == 100_000


async def test_download_at_exactly_the_cap_succeeds() -> None:
    assets = Assets()
    async with assets.client(max_download_bytes=len(AUDIO)) as client:
        assert await client.download("/previews/s1.m4a") == AUDIO


async def test_download_errors_map_without_json_body() -> None:
    assets = Assets(httpx.Response(404, text="Not Found"))
    async with assets.client() as client:
        with pytest.raises(NotFound) as info:
            await client.download("/previews/missing.m4a")
    assert info.value.status == 404


async def test_download_error_envelope_is_used_when_present() -> None:
    body = {"error": {"status": 403, "code": "read_only", "message": "nope"}}
    assets = Assets(httpx.Response(403, json=body))
    async with assets.client() as client:
        with pytest.raises(ReadOnly) as info:
            await client.download("/previews/x.m4a")
    assert info.value.message == "nope"


async def test_download_html_error_page() -> None:
    assets = Assets(httpx.Response(500, html="<h1>oops</h1>" * 100_000))
    async with assets.client() as client:
        with pytest.raises(ServerError):
            await client.download("/previews/x.m4a")


async def test_preview_urls_from_the_api_are_downloadable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/sessions/s1/preview":
            return httpx.Response(200, json={"data": {"id": "s1", "previewAudioUrl": "/a/s1.m4a"}})
        assert request.url.path == "/a/s1.m4a"
        return httpx.Response(200, content=b"RIFF")

    async with SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(handler)) as client:
        info = await client.get_preview("s1")
        assert info.preview_audio_url is not None
        assert await client.download(info.preview_audio_url) == b"RIFF"
