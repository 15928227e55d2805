"""The ``/api/v1`` route table, and the handlers of the session and metadata routes.

One handler per operation of the contract; the preview routes are in :mod:`.routes_previews`, the
automation ones (open, focus, import) in :mod:`.routes_actions`. Handlers are synchronous: they
run on the server's event loop under ``state.lock`` and do only in-memory work. Auth, modes,
faults and logging happen in :mod:`.server` before and after them.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.responses import Response

from sessiondock_launcher.simulator.envelopes import (
    ApiError,
    data_response,
    string_field,
    string_list_field,
)
from sessiondock_launcher.simulator.library import kind_for_path, make_session
from sessiondock_launcher.simulator.query import list_sessions, tag_counts
from sessiondock_launcher.simulator.routes_actions import (
    focus_session,
    import_sessions,
    open_session,
)
from sessiondock_launcher.simulator.routes_previews import (
    get_artwork,
    get_audio,
    get_preview,
    get_waveform,
    get_waveform_notes,
    put_waveform_notes,
)
from sessiondock_launcher.simulator.routing import Route, RouteContext

__all__ = ["ROUTES", "Route", "RouteContext"]

logger = logging.getLogger(__name__)

_INPUT_STRINGS = ("title", "kind", "status", "accent", "notes", "projectPath")


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
    Route("GET", ("sessions", "{id}", "preview"), get_preview),
    Route("GET", ("sessions", "{id}", "waveform"), get_waveform),
    Route("GET", ("sessions", "{id}", "waveform-notes"), get_waveform_notes),
    Route("PUT", ("sessions", "{id}", "waveform-notes"), put_waveform_notes, write=True),
    Route("PATCH", ("sessions", "{id}", "waveform-notes"), put_waveform_notes, write=True),
    Route("POST", ("sessions", "{id}", "open"), open_session, write=True),
    Route("POST", ("sessions", "{id}", "focus"), focus_session, write=True),
    Route("POST", ("import",), import_sessions, write=True),
    Route("GET", ("_assets", "artwork", "{file}"), get_artwork),
    Route("GET", ("_assets", "audio", "{file}"), get_audio),
)
