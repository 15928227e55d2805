"""Handlers of the ``/api/v1`` routes (one function per operation of the contract).

Handlers are synchronous: they run on the server's event loop under ``state.lock`` and do only
in-memory work. Auth, modes, faults and logging happen in :mod:`.server` before and after them.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import QueryParams
from starlette.responses import Response

from sessiondock_launcher.simulator import assets
from sessiondock_launcher.simulator.envelopes import (
    MSG_FOCUS_FAILED,
    MSG_FOCUS_UNAVAILABLE,
    MSG_OPEN_FAILED,
    MSG_WAVEFORM_NOTES_UNAVAILABLE,
    ApiError,
    data_response,
    finite_number,
    parse_json_body,
    require_object,
    string_field,
    string_list_field,
)
from sessiondock_launcher.simulator.library import (
    ACCENTS,
    KINDS,
    kind_for_path,
    make_previews,
    make_session,
    render_session,
)
from sessiondock_launcher.simulator.query import list_sessions, tag_counts
from sessiondock_launcher.simulator.state import SimulatorState

__all__ = ["ROUTES", "Route", "RouteContext"]

logger = logging.getLogger(__name__)

_PREVIEW_KEYS = (
    "id",
    "previewStatus",
    "preferredPreviewId",
    "previewUrl",
    "previewAudioUrl",
    "previewAudioMime",
    "previews",
)
_INPUT_STRINGS = ("title", "kind", "status", "accent", "notes", "projectPath")


@dataclass
class RouteContext:
    """What a handler gets: the state, path parameters, query, raw body and server origin."""

    state: SimulatorState
    params: dict[str, str]
    query: QueryParams
    raw_body: bytes
    origin: str
    parsed_body: Any = field(default=None)

    def body(self) -> dict[str, Any]:
        self.parsed_body = parse_json_body(self.raw_body)
        return require_object(self.parsed_body)

    def session(self) -> dict[str, Any]:
        found = self.state.sessions.get(self.params["id"])
        if found is None:
            raise ApiError.not_found()
        return found

    def render(self, session: dict[str, Any]) -> dict[str, Any]:
        return render_session(session, self.origin)


Handler = Callable[[RouteContext], Response]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: tuple[str, ...]  # literal segments, "{name}" captures one decoded segment
    handler: Handler
    write: bool = False


# -- sessions ----------------------------------------------------------------------------------


def _list(ctx: RouteContext) -> Response:
    page = list_sessions(ctx.state, ctx.query)
    items = [ctx.render(s) for s in page.items]
    return data_response(
        items, meta={"total": page.total, "limit": page.limit, "offset": page.offset}
    )


def _apply_input(session: dict[str, Any], body: dict[str, Any]) -> None:
    for name in _INPUT_STRINGS:
        value = string_field(body, name)
        if value is None:
            continue
        if name == "title" and not value.strip():
            raise ApiError.invalid("title must not be empty.")
        session[name] = value
    tags = string_list_field(body, "tags")
    if tags is not None:
        session["tags"] = tags


def _create(ctx: RouteContext) -> Response:
    body = ctx.body()
    if "title" not in body:
        raise ApiError.invalid("title is required.")
    state = ctx.state
    session = make_session(state.new_session_id(), title="", kind="", last_opened=state.now_iso())
    _apply_input(session, body)
    if not session["kind"]:
        session["kind"] = kind_for_path(session["projectPath"]) or "Ableton"
    session["projectOriginalPath"] = session["projectPath"]
    state.sessions[session["id"]] = session
    state.touch()
    return data_response(ctx.render(session), 201)


def _get(ctx: RouteContext) -> Response:
    return data_response(ctx.render(ctx.session()))


def _patch(ctx: RouteContext) -> Response:
    session = ctx.session()
    body = ctx.body()
    updated = dict(session)
    _apply_input(updated, body)  # validate everything before changing anything
    session.update(updated)
    ctx.state.touch()
    return data_response(ctx.render(session))


def _delete(ctx: RouteContext) -> Response:
    session = ctx.session()
    state = ctx.state
    del state.sessions[session["id"]]
    for key in [k for k in state.waveform_notes if k[0] == session["id"]]:
        del state.waveform_notes[key]
    state.touch()
    return data_response({"deleted": True, "id": session["id"]})


# -- metadata ----------------------------------------------------------------------------------


def _get_tags(ctx: RouteContext) -> Response:
    session = ctx.session()
    return data_response({"id": session["id"], "tags": list(session["tags"])})


def _put_tags(ctx: RouteContext) -> Response:
    session = ctx.session()
    tags = string_list_field(ctx.body(), "tags")
    if tags is None:
        raise ApiError.invalid("tags is required.")
    session["tags"] = tags
    ctx.state.touch()
    return data_response({"id": session["id"], "tags": list(tags)})


def _put_notes(ctx: RouteContext) -> Response:
    session = ctx.session()
    notes = string_field(ctx.body(), "notes")
    if notes is None:
        raise ApiError.invalid("notes is required.")
    session["notes"] = notes
    ctx.state.touch()
    return data_response({"id": session["id"], "notes": notes})


def _tags(ctx: RouteContext) -> Response:
    return data_response(list(tag_counts(ctx.state)))


# -- previews ----------------------------------------------------------------------------------


def _preview(ctx: RouteContext) -> Response:
    rendered = ctx.render(ctx.session())
    return data_response({key: rendered.get(key, "") for key in _PREVIEW_KEYS})


def _variant(session: dict[str, Any], requested: str | None) -> str:
    return requested or session.get("preferredPreviewId") or "preview_main"


def _ready_variant(session: dict[str, Any], requested: str | None) -> str:
    if session.get("previewStatus") != "ready":
        raise ApiError.not_found("preview not found")
    variant = _variant(session, requested)
    if variant not in {p.get("id") for p in session.get("previews", ())}:
        raise ApiError.not_found("preview variant not found")
    return variant


def _waveform(ctx: RouteContext) -> Response:
    session = ctx.session()
    variant = _ready_variant(session, ctx.query.get("variantId"))
    try:
        resolution = int(ctx.query.get("resolution", 200))
    except ValueError:
        resolution = 200
    return data_response(
        assets.waveform_peaks(session["id"], variant, max(1, min(resolution, 4000)))
    )


def _notes_payload(session_id: str, variant: str, notes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "sessionId": session_id,
        "variantId": variant,
        "key": f"{session_id}:{variant}",
        "notes": notes,
    }


def _get_waveform_notes(ctx: RouteContext) -> Response:
    session = ctx.session()
    if not ctx.state.config.waveform_notes_available:
        raise ApiError(501, "waveform_notes_unavailable", MSG_WAVEFORM_NOTES_UNAVAILABLE)
    variant = _variant(session, ctx.query.get("variantId"))
    notes = ctx.state.waveform_notes.get((session["id"], variant), [])
    return data_response(_notes_payload(session["id"], variant, [dict(n) for n in notes]))


def _put_waveform_notes(ctx: RouteContext) -> Response:
    session = ctx.session()
    state = ctx.state
    if not state.config.waveform_notes_available:
        raise ApiError(501, "waveform_notes_unavailable", MSG_WAVEFORM_NOTES_UNAVAILABLE)
    raw = ctx.body().get("notes")
    if not isinstance(raw, list) or not all(isinstance(n, dict) for n in raw):
        raise ApiError.invalid("notes must be an array of objects.")
    variant = _variant(session, ctx.query.get("variantId"))
    key = (session["id"], variant)
    previous = {n["id"]: n for n in state.waveform_notes.get(key, [])}
    now = state.now_iso()
    notes: list[dict[str, Any]] = []
    for item in raw:
        timestamp = finite_number(item.get("timestamp"), "timestamp")
        text = item.get("text")
        if not isinstance(text, str):
            raise ApiError.invalid("text must be a string.")
        note_id = item.get("id")
        if note_id is not None and not isinstance(note_id, str):
            raise ApiError.invalid("id must be a string.")
        note_id = note_id or f"note_{secrets.token_hex(6)}"
        old = previous.get(note_id)
        created = old["createdAt"] if old else now
        notes.append(
            {
                "id": note_id,
                "timestamp": timestamp,
                "text": text,
                "createdAt": created,
                "updatedAt": now,
            }
        )
    notes.sort(key=lambda n: (n["timestamp"], n["id"]))
    state.waveform_notes[key] = notes
    return data_response(_notes_payload(session["id"], variant, [dict(n) for n in notes]))


# -- automation --------------------------------------------------------------------------------


def _open(ctx: RouteContext) -> Response:
    session = ctx.session()
    state = ctx.state
    if state.config.open_behaviour == "failed" or not session.get("projectPath"):
        state.last_error = MSG_OPEN_FAILED
        raise ApiError(400, "open_failed", MSG_OPEN_FAILED)
    session["lastOpened"] = state.now_iso()
    state.touch()
    return data_response({"id": session["id"], "opened": True, "focused": True})


def _focus(ctx: RouteContext) -> Response:
    session = ctx.session()
    state = ctx.state
    behaviour = state.config.focus_behaviour
    if behaviour == "unavailable":
        raise ApiError(501, "focus_unavailable", MSG_FOCUS_UNAVAILABLE)
    if behaviour == "failed":
        state.last_error = MSG_FOCUS_FAILED
        raise ApiError(400, "focus_failed", MSG_FOCUS_FAILED)
    session["lastOpened"] = state.now_iso()
    state.touch()
    return data_response({"id": session["id"], "opened": False, "focused": True})


def _import(ctx: RouteContext) -> Response:
    started = time.perf_counter()
    body = ctx.body()
    state = ctx.state
    default_kind = string_field(body, "kind")
    generate = body.get("generatePreviews", False)
    if not isinstance(generate, bool):
        raise ApiError.invalid("generatePreviews must be a boolean.")
    items = body.get("items")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ApiError.invalid("items must be an array of objects.")
    parsed = []
    for item in items:
        path = string_field(item, "projectPath")
        if not path:
            raise ApiError.invalid("items[].projectPath is required.")
        title = string_field(item, "title")
        kind = string_field(item, "projectType")
        audio = string_field(item, "previewAudioPath")
        parsed.append((path, title, kind, audio))
    known_paths = {s.get("projectPath") for s in state.sessions.values()}
    completed = skipped = 0
    for path, title, kind, audio in parsed:
        if path in known_paths:
            skipped += 1
            continue
        known_paths.add(path)
        name = path.rstrip("/").rsplit("/", 1)[-1]
        for ext in KINDS.values():
            name = name.removesuffix(ext)
        session = make_session(
            state.new_session_id(),
            title=(title or "").strip() or name or "Imported session",
            kind=kind or kind_for_path(path) or default_kind or "Ableton",
            last_opened=state.now_iso(),
            accent=ACCENTS[completed % len(ACCENTS)],
            project_path=path,
        )
        if generate or audio:
            make_previews(session)
            if audio:
                session["previews"][0]["path"] = audio
        state.sessions[session["id"]] = session
        completed += 1
    state.touch()
    return data_response(
        {
            "importId": f"import_{secrets.token_hex(6)}",
            "total": len(parsed),
            "completed": completed,
            "failed": 0,
            "skipped": skipped,
            "done": True,
            "durationMs": int((time.perf_counter() - started) * 1000),
        },
        202,
    )


# -- preview assets (not in the contract: the targets of previewUrl / previewAudioUrl) ---------


def _asset_session(ctx: RouteContext, suffix: str) -> dict[str, Any]:
    name = ctx.params["file"]
    if not name.endswith(suffix):
        raise ApiError.not_found("asset not found")
    session = ctx.state.sessions.get(name.removesuffix(suffix))
    if session is None:
        raise ApiError.not_found()
    return session


def _artwork(ctx: RouteContext) -> Response:
    session = _asset_session(ctx, ".png")
    _ready_variant(session, None)
    png = assets.artwork_png(session["id"], str(session.get("accent", "gradient")))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _audio(ctx: RouteContext) -> Response:
    session = _asset_session(ctx, ".wav")
    variant = _ready_variant(session, ctx.query.get("variantId"))
    return Response(assets.preview_wav(session["id"], variant), media_type="audio/wav")


ROUTES: tuple[Route, ...] = (
    Route("GET", ("sessions",), _list),
    Route("POST", ("sessions",), _create, write=True),
    Route("GET", ("sessions", "{id}"), _get),
    Route("PATCH", ("sessions", "{id}"), _patch, write=True),
    Route("DELETE", ("sessions", "{id}"), _delete, write=True),
    Route("GET", ("sessions", "{id}", "tags"), _get_tags),
    Route("PUT", ("sessions", "{id}", "tags"), _put_tags, write=True),
    Route("PATCH", ("sessions", "{id}", "tags"), _put_tags, write=True),
    Route("PUT", ("sessions", "{id}", "notes"), _put_notes, write=True),
    Route("PATCH", ("sessions", "{id}", "notes"), _put_notes, write=True),
    Route("GET", ("tags",), _tags),
    Route("GET", ("sessions", "{id}", "preview"), _preview),
    Route("GET", ("sessions", "{id}", "waveform"), _waveform),
    Route("GET", ("sessions", "{id}", "waveform-notes"), _get_waveform_notes),
    Route("PUT", ("sessions", "{id}", "waveform-notes"), _put_waveform_notes, write=True),
    Route("PATCH", ("sessions", "{id}", "waveform-notes"), _put_waveform_notes, write=True),
    Route("POST", ("sessions", "{id}", "open"), _open, write=True),
    Route("POST", ("sessions", "{id}", "focus"), _focus, write=True),
    Route("POST", ("import",), _import, write=True),
    Route("GET", ("_assets", "artwork", "{file}"), _artwork),
    Route("GET", ("_assets", "audio", "{file}"), _audio),
)
