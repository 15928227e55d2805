"""Handlers of the preview routes: preview info, waveform peaks, waveform notes, asset files.

The asset routes (``/_assets/artwork``, ``/_assets/audio``) are not in the contract: they are the
targets of ``previewUrl`` and ``previewAudioUrl``. Same rules as :mod:`.routes`: synchronous,
in-memory, under ``state.lock``.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.responses import Response

from sessiondock_launcher.simulator import assets
from sessiondock_launcher.simulator.envelopes import (
    MSG_WAVEFORM_NOTES_UNAVAILABLE,
    ApiError,
    data_response,
    finite_number,
)
from sessiondock_launcher.simulator.routing import RouteContext

__all__ = [
    "get_artwork",
    "get_audio",
    "get_preview",
    "get_waveform",
    "get_waveform_notes",
    "put_waveform_notes",
]

_PREVIEW_KEYS = (
    "id",
    "previewStatus",
    "preferredPreviewId",
    "previewUrl",
    "previewAudioUrl",
    "previewAudioMime",
    "previews",
)


def get_preview(ctx: RouteContext) -> Response:
    """``GET /sessions/{id}/preview``."""
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


def get_waveform(ctx: RouteContext) -> Response:
    """``GET /sessions/{id}/waveform`` (``variantId``, ``resolution`` 1–4000)."""
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


def get_waveform_notes(ctx: RouteContext) -> Response:
    """``GET /sessions/{id}/waveform-notes``."""
    session = ctx.session()
    if not ctx.state.config.waveform_notes_available:
        raise ApiError(501, "waveform_notes_unavailable", MSG_WAVEFORM_NOTES_UNAVAILABLE)
    variant = _variant(session, ctx.query.get("variantId"))
    notes = ctx.state.waveform_notes.get((session["id"], variant), [])
    return data_response(_notes_payload(session["id"], variant, [dict(n) for n in notes]))


def put_waveform_notes(ctx: RouteContext) -> Response:
    """``PUT``/``PATCH /sessions/{id}/waveform-notes``: replaces the variant's notes."""
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


# -- preview assets (not in the contract) ------------------------------------------------------


def _asset_session(ctx: RouteContext, suffix: str) -> dict[str, Any]:
    name = ctx.params["file"]
    if not name.endswith(suffix):
        raise ApiError.not_found("asset not found")
    session = ctx.state.sessions.get(name.removesuffix(suffix))
    if session is None:
        raise ApiError.not_found()
    return session


def get_artwork(ctx: RouteContext) -> Response:
    """``GET /_assets/artwork/{id}.png`` (the target of ``previewUrl``)."""
    session = _asset_session(ctx, ".png")
    _ready_variant(session, None)
    png = assets.artwork_png(session["id"], str(session.get("accent", "gradient")))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def get_audio(ctx: RouteContext) -> Response:
    """``GET /_assets/audio/{id}.wav`` (the target of ``previewAudioUrl``)."""
    session = _asset_session(ctx, ".wav")
    variant = _ready_variant(session, ctx.query.get("variantId"))
    return Response(assets.preview_wav(session["id"], variant), media_type="audio/wav")
