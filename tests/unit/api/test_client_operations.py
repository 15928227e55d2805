"""Every client operation against an httpx.MockTransport: method, path, query, body, auth."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from sessiondock_launcher.api import (
    ActionResult,
    ClientClosed,
    DeleteResult,
    ImportItem,
    MissingToken,
    SessionDockClient,
    WaveformNote,
)

pytestmark = pytest.mark.asyncio

TOKEN = "tok-OPERATIONS-5ecret"
BASE = "http://127.0.0.1:18432/api/v1"


class FakeApi:
    """Records requests and answers each with a canned JSON body."""

    def __init__(self, body: Any, status: int = 200) -> None:
        self.body = body
        self.status = status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body)

    @property
    def last(self) -> httpx.Request:
        assert len(self.requests) == 1
        return self.requests[0]

    def client(self, **kwargs: Any) -> SessionDockClient:
        return SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(self), **kwargs)


def check(
    request: httpx.Request,
    method: str,
    path: str,
    query: list[tuple[str, str]] | None = None,
    body: Any = None,
) -> None:
    assert request.method == method
    assert request.url.raw_path.split(b"?")[0].decode() == "/api/v1" + path
    assert request.url.host == "127.0.0.1"
    assert request.url.port == 18432
    assert list(request.url.params.multi_items()) == (query or [])
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    if body is None:
        assert request.content == b""
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == body


SESSION = {
    "id": "session_123",
    "title": "Launch cue prep",
    "kind": "Ableton",
    "status": "draft",
    "tags": ["mix", "priority"],
    "previewUrl": "/previews/session_123.png",
    "previewAudioUrl": "http://127.0.0.1:18432/audio/session_123.m4a",
}


async def test_health() -> None:
    fake = FakeApi({"data": {"status": "ok", "running": True, "effectiveMode": "read-only"}})
    async with fake.client() as client:
        health = await client.health()
    check(fake.last, "GET", "/health")
    assert health.running
    assert health.effective_mode == "read-only"
    assert not health.can_write


async def test_list_sessions_sends_every_filter_and_repeated_tags() -> None:
    fake = FakeApi({"data": [SESSION], "meta": {"total": 31, "limit": 10, "offset": 20}})
    async with fake.client() as client:
        page = await client.list_sessions(
            q="drums",
            kind="Ableton",
            tags=["mix", "prio rity"],
            recent=True,
            sort="title",
            limit=10,
            offset=20,
        )
    check(
        fake.last,
        "GET",
        "/sessions",
        [
            ("q", "drums"),
            ("kind", "Ableton"),
            ("tags", "mix"),
            ("tags", "prio rity"),
            ("recent", "true"),
            ("sort", "title"),
            ("limit", "10"),
            ("offset", "20"),
        ],
    )
    assert [s.id for s in page.sessions] == ["session_123"]
    assert (page.total, page.limit, page.offset) == (31, 10, 20)
    # Relative preview URLs are resolved against the API origin, absolute ones kept.
    assert page.sessions[0].preview_url == "http://127.0.0.1:18432/previews/session_123.png"
    assert page.sessions[0].preview_audio_url == "http://127.0.0.1:18432/audio/session_123.m4a"


async def test_list_sessions_without_filters_sends_no_query() -> None:
    fake = FakeApi({"data": [], "meta": {"total": 0, "limit": 50, "offset": 0}})
    async with fake.client() as client:
        page = await client.list_sessions()
    check(fake.last, "GET", "/sessions")
    assert page.sessions == ()
    assert page.total == 0


async def test_list_sessions_tags_as_string_and_recent_false() -> None:
    fake = FakeApi({"data": [], "meta": {"total": 0}})
    async with fake.client() as client:
        await client.list_sessions(tags="mix,priority", recent=False)
    check(fake.last, "GET", "/sessions", [("tags", "mix,priority"), ("recent", "false")])


async def test_list_sessions_tolerates_missing_meta() -> None:
    fake = FakeApi({"data": [SESSION, {"title": "no id"}, None, 7]})
    async with fake.client() as client:
        page = await client.list_sessions(limit=5, offset=3)
    assert [s.id for s in page.sessions] == ["session_123"]
    assert (page.total, page.limit, page.offset) == (4, 5, 3)


async def test_get_session_escapes_the_id() -> None:
    fake = FakeApi({"data": {**SESSION, "id": "a/b c?ü#%"}})
    async with fake.client() as client:
        session = await client.get_session("a/b c?ü#%")
    check(fake.last, "GET", "/sessions/a%2Fb%20c%3F%C3%BC%23%25")
    assert session.id == "a/b c?ü#%"
    assert session.preview_url == "http://127.0.0.1:18432/previews/session_123.png"


@pytest.mark.parametrize(("session_id", "segment"), [("..", "%2E%2E"), (".", "%2E")])
async def test_dot_ids_are_not_swallowed_by_path_normalisation(
    session_id: str, segment: str
) -> None:
    fake = FakeApi({"data": {"id": session_id, "tags": []}})
    async with fake.client() as client:
        await client.get_tags(session_id)
    check(fake.last, "GET", f"/sessions/{segment}/tags")


async def test_empty_session_id_is_a_programming_error() -> None:
    fake = FakeApi({"data": {}})
    async with fake.client() as client:
        with pytest.raises(ValueError, match="empty"):
            await client.get_session("")
    assert fake.requests == []


@pytest.mark.parametrize("status", [200, 201])
async def test_create_session(status: int) -> None:
    fake = FakeApi({"data": SESSION}, status=status)
    fields = {"title": "New idea", "kind": "Ableton", "status": "draft", "tags": ["ideas"]}
    async with fake.client() as client:
        session = await client.create_session(fields)
    check(fake.last, "POST", "/sessions", body=fields)
    assert session.title == "Launch cue prep"


async def test_patch_session() -> None:
    fake = FakeApi({"data": {**SESSION, "status": "in-progress"}})
    async with fake.client() as client:
        session = await client.patch_session("session_123", {"status": "in-progress"})
    check(fake.last, "PATCH", "/sessions/session_123", body={"status": "in-progress"})
    assert session.status == "in-progress"


async def test_delete_session() -> None:
    fake = FakeApi({"data": {"deleted": True, "id": "session_123"}})
    async with fake.client() as client:
        result = await client.delete_session("session_123")
    check(fake.last, "DELETE", "/sessions/session_123")
    assert result == DeleteResult(id="session_123", deleted=True)


async def test_delete_session_tolerates_204() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204)

    async with SessionDockClient(BASE, TOKEN, transport=httpx.MockTransport(handler)) as client:
        assert await client.delete_session("x") == DeleteResult(id="x", deleted=True)


async def test_get_tags() -> None:
    fake = FakeApi({"data": {"id": "s1", "tags": ["mix", "", None, "mix", "vox"]}})
    async with fake.client() as client:
        assert await client.get_tags("s1") == ("mix", "vox")
    check(fake.last, "GET", "/sessions/s1/tags")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_replace_tags(method: str) -> None:
    fake = FakeApi({"data": {"id": "s1", "tags": ["a", "b"]}})
    async with fake.client() as client:
        call = client.put_tags if method == "PUT" else client.patch_tags
        assert await call("s1", ["a", "b"]) == ("a", "b")
    check(fake.last, method, "/sessions/s1/tags", body={"tags": ["a", "b"]})


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_replace_notes(method: str) -> None:
    fake = FakeApi({"data": {"id": "s1", "notes": "Send alt vocal"}})
    async with fake.client() as client:
        call = client.put_notes if method == "PUT" else client.patch_notes
        assert await call("s1", "Send alt vocal") == "Send alt vocal"
    check(fake.last, method, "/sessions/s1/notes", body={"notes": "Send alt vocal"})


async def test_clearing_notes_sends_an_empty_string() -> None:
    fake = FakeApi({"data": {"id": "s1", "notes": None}})
    async with fake.client() as client:
        assert await client.put_notes("s1", "") == ""
    check(fake.last, "PUT", "/sessions/s1/notes", body={"notes": ""})


async def test_list_tags() -> None:
    body = {"data": [{"tag": "mix", "count": 12}, {"tag": "", "count": 3}, {"count": 1}]}
    fake = FakeApi(body)
    async with fake.client() as client:
        tags = await client.list_tags()
    check(fake.last, "GET", "/tags")
    assert [(t.tag, t.count) for t in tags] == [("mix", 12)]


async def test_get_preview_resolves_relative_urls() -> None:
    fake = FakeApi(
        {
            "data": {
                "id": "s1",
                "previewStatus": "ready",
                "preferredPreviewId": "preview_main",
                "previewUrl": "previews/s1.png",
                "previewAudioUrl": "/api/v1/sessions/s1/preview/audio?variant=main",
                "previewAudioMime": "audio/mp4",
                "previews": [{"id": "preview_main", "name": "Main", "status": "ready"}],
            }
        }
    )
    async with fake.client() as client:
        info = await client.get_preview("s1")
    check(fake.last, "GET", "/sessions/s1/preview")
    assert info.preview_url == "http://127.0.0.1:18432/previews/s1.png"
    assert (
        info.preview_audio_url
        == "http://127.0.0.1:18432/api/v1/sessions/s1/preview/audio?variant=main"
    )
    assert [p.id for p in info.previews] == ["preview_main"]


@pytest.mark.parametrize(
    ("variant", "query"), [(None, []), ("preview_main", [("variantId", "preview_main")])]
)
async def test_get_waveform(variant: str | None, query: list[tuple[str, str]]) -> None:
    fake = FakeApi({"data": {"sessionId": "s1", "duration": 3.5, "peaks": [0.5, [-1.0, 0.25]]}})
    async with fake.client() as client:
        waveform = await client.get_waveform("s1", variant)
    check(fake.last, "GET", "/sessions/s1/waveform", query)
    assert waveform.peaks == (0.5, 1.0)
    assert waveform.duration == 3.5


NOTES_DATA = {
    "sessionId": "s1",
    "variantId": "preview_main",
    "key": "s1:preview_main",
    "notes": [
        {"id": "n2", "timestamp": 18.0, "text": "Mute the riser"},
        {"id": "n1", "timestamp": 12.5, "text": "Drop starts here"},
    ],
}


async def test_get_waveform_notes() -> None:
    fake = FakeApi({"data": NOTES_DATA})
    async with fake.client() as client:
        notes = await client.get_waveform_notes("s1", "preview_main")
    check(fake.last, "GET", "/sessions/s1/waveform-notes", [("variantId", "preview_main")])
    assert [n.text for n in notes.notes] == ["Drop starts here", "Mute the riser"]
    assert notes.key == "s1:preview_main"


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_replace_waveform_notes(method: str) -> None:
    fake = FakeApi({"data": NOTES_DATA})
    notes: list[WaveformNote | dict[str, Any]] = [
        WaveformNote(timestamp=12.5, text="Drop starts here"),
        {"timestamp": 18.0, "text": "Mute the riser"},
    ]
    async with fake.client() as client:
        call = client.put_waveform_notes if method == "PUT" else client.patch_waveform_notes
        result = await call("s1", notes, variant_id="preview_main")
    check(
        fake.last,
        method,
        "/sessions/s1/waveform-notes",
        [("variantId", "preview_main")],
        body={
            "notes": [
                {"timestamp": 12.5, "text": "Drop starts here"},
                {"timestamp": 18.0, "text": "Mute the riser"},
            ]
        },
    )
    assert len(result.notes) == 2


@pytest.mark.parametrize("action", ["open", "focus"])
async def test_actions(action: str) -> None:
    fake = FakeApi({"data": {"id": "s 1", "opened": action == "open", "focused": True}})
    async with fake.client() as client:
        call = client.open_session if action == "open" else client.focus_session
        result = await call("s 1")
    check(fake.last, "POST", f"/sessions/s%201/{action}")
    assert result == ActionResult(id="s 1", opened=action == "open", focused=True)


async def test_import_sessions() -> None:
    data = {"importId": "imp_1", "total": 2, "completed": 2, "done": True, "durationMs": 41}
    fake = FakeApi({"data": data}, status=202)
    items = [
        ImportItem(project_path="/Users/me/Music/Launch Cue", title="Launch Cue"),
        ImportItem(
            project_path="/p/Resonance.als", project_type="Ableton", preview_audio_path="/p/r.wav"
        ),
    ]
    async with fake.client() as client:
        result = await client.import_sessions(items, kind="Ableton", generate_previews=True)
    check(
        fake.last,
        "POST",
        "/import",
        body={
            "items": [
                {"projectPath": "/Users/me/Music/Launch Cue", "title": "Launch Cue"},
                {
                    "projectPath": "/p/Resonance.als",
                    "projectType": "Ableton",
                    "previewAudioPath": "/p/r.wav",
                },
            ],
            "kind": "Ableton",
            "generatePreviews": True,
        },
    )
    assert result.import_id == "imp_1"
    assert result.done
    assert result.duration_ms == 41


async def test_import_sessions_minimal_body() -> None:
    fake = FakeApi({"data": {"importId": "imp_2", "done": False}}, status=202)
    async with fake.client() as client:
        result = await client.import_sessions([ImportItem(project_path="/p")])
    check(fake.last, "POST", "/import", body={"items": [{"projectPath": "/p"}]})
    assert not result.done


async def test_base_url_properties() -> None:
    client = FakeApi({}).client()
    async with client:
        assert client.base_url == BASE
        assert client.origin == "http://127.0.0.1:18432"


async def test_trailing_slash_in_base_url_is_tolerated() -> None:
    fake = FakeApi({"data": {"status": "ok"}})
    transport = httpx.MockTransport(fake)
    async with SessionDockClient(BASE + "/", TOKEN, transport=transport) as client:
        await client.health()
    check(fake.last, "GET", "/health")


async def test_requests_ask_for_json_and_identify_the_launcher() -> None:
    fake = FakeApi({"data": {}})
    async with fake.client() as client:
        await client.health()
    assert fake.last.headers["Accept"] == "application/json"
    assert fake.last.headers["User-Agent"].startswith("sessiondock-launcher/")


async def test_missing_token_fails_before_any_request() -> None:
    fake = FakeApi({"data": {}})
    async with SessionDockClient(BASE, None, transport=httpx.MockTransport(fake)) as client:
        with pytest.raises(MissingToken) as info:
            await client.health()
        with pytest.raises(MissingToken):
            await client.download("/previews/x.png")
    assert fake.requests == []
    assert "Settings" in info.value.user_message


async def test_closed_client_raises_client_closed() -> None:
    fake = FakeApi({"data": {}})
    client = fake.client()
    async with client:
        await client.health()
    assert client.is_closed
    with pytest.raises(ClientClosed):
        await client.health()
    with pytest.raises(ClientClosed):
        await client.download("/previews/x.png")
    with pytest.raises(ClientClosed):
        async with client:
            pass
    await client.aclose()  # idempotent
    assert len(fake.requests) == 1
    assert "closed" in repr(client)
