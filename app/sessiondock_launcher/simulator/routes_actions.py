"""Handlers of the automation routes: open and focus a session, import projects.

Same rules as :mod:`.routes`: synchronous, in-memory, under ``state.lock``. The configured
``open_behaviour``/``focus_behaviour`` decide whether open and focus succeed.
"""

from __future__ import annotations

import secrets
import time

from starlette.responses import Response

from sessiondock_launcher.simulator.envelopes import (
    MSG_FOCUS_FAILED,
    MSG_FOCUS_UNAVAILABLE,
    MSG_OPEN_FAILED,
    ApiError,
    data_response,
    string_field,
)
from sessiondock_launcher.simulator.library import (
    ACCENTS,
    KINDS,
    kind_for_path,
    make_previews,
    make_session,
)
from sessiondock_launcher.simulator.routing import RouteContext

__all__ = ["focus_session", "import_sessions", "open_session"]


def open_session(ctx: RouteContext) -> Response:
    """``POST /sessions/{id}/open``."""
    session = ctx.session()
    state = ctx.state
    if state.config.open_behaviour == "failed" or not session.get("projectPath"):
        state.last_error = MSG_OPEN_FAILED
        raise ApiError(400, "open_failed", MSG_OPEN_FAILED)
    session["lastOpened"] = state.now_iso()
    state.touch()
    return data_response({"id": session["id"], "opened": True, "focused": True})


def focus_session(ctx: RouteContext) -> Response:
    """``POST /sessions/{id}/focus``."""
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


def import_sessions(ctx: RouteContext) -> Response:
    """``POST /import``: adds a session per new ``projectPath``; done at once (202)."""
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
