"""Filtering, sorting and paging of ``GET /sessions``, and tag counts for ``GET /tags``.

Choices where the docs are silent (documented here, mirrored in tests):

- ``q``: case-insensitive substring over ``title`` and ``notes`` (there is no ``client`` field).
- ``kind`` / ``daw``: exact match, case-insensitive; when both are given both must match.
- ``tags``: comma-separated and/or repeated; a session must carry **all** of them
  (case-insensitive).
- ``recent=true``: ``lastOpened`` within the last 30 days.
- ``sort``: ``title``, ``-title``, ``lastOpened``, ``-lastOpened`` (default); ties break on ``id``;
  an unknown key falls back to the default.
- ``limit``: default 50, capped at ``limit_cap`` (``meta.limit`` reports the applied value);
  unparsable ``limit``/``offset`` fall back to their defaults, negatives clamp to 0.

Sorted orders and tag counts are cached in ``state.cache`` (cleared on every change), so paging a
100k library costs a slice, not a sort, per page.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from starlette.datastructures import QueryParams

from sessiondock_launcher.simulator.library import format_timestamp
from sessiondock_launcher.simulator.state import SimulatorState

__all__ = [
    "DEFAULT_LIMIT",
    "RECENT_DAYS",
    "SORT_KEYS",
    "SessionPage",
    "list_sessions",
    "tag_counts",
]

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
DEFAULT_SORT = "-lastOpened"
RECENT_DAYS = 30
SORT_KEYS = ("title", "-title", "lastOpened", "-lastOpened")
_TRUE = {"true", "1", "yes", "on"}


@dataclass(frozen=True, slots=True)
class SessionPage:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def _int_param(params: QueryParams, name: str, default: int) -> int:
    try:
        return max(0, int(params.get(name, default)))
    except (TypeError, ValueError):
        return default


def _sorted(state: SimulatorState, sort: str) -> list[dict[str, Any]]:
    key = ("sorted", sort)
    cached: list[dict[str, Any]] | None = state.cache.get(key)
    if cached is not None:
        return cached
    sessions = list(state.sessions.values())
    field = sort.lstrip("-")
    if field == "title":
        sessions.sort(key=lambda s: (str(s.get("title", "")).casefold(), s["id"]))
    else:
        sessions.sort(key=lambda s: (str(s.get("lastOpened", "")), s["id"]))
    if sort.startswith("-"):
        sessions.reverse()
    state.cache[key] = sessions
    return sessions


def list_sessions(state: SimulatorState, params: QueryParams) -> SessionPage:
    """Apply the list filters to ``state`` (caller holds ``state.lock``)."""
    sort = params.get("sort") or DEFAULT_SORT
    if sort not in SORT_KEYS:
        logger.debug("unknown sort %r, using %s", sort, DEFAULT_SORT)
        sort = DEFAULT_SORT
    sessions = _sorted(state, sort)

    q = (params.get("q") or "").strip().casefold()
    kinds = {
        v.strip().casefold() for name in ("kind", "daw") for v in params.getlist(name) if v.strip()
    }
    wanted_tags = {
        part.strip().casefold()
        for raw in params.getlist("tags")
        for part in raw.split(",")
        if part.strip()
    }
    since = ""
    if (params.get("recent") or "").strip().lower() in _TRUE:
        since = format_timestamp(state.clock() - timedelta(days=RECENT_DAYS))

    if q or kinds or wanted_tags or since:

        def keep(s: dict[str, Any]) -> bool:
            if since and str(s.get("lastOpened", "")) < since:
                return False
            if kinds and any(str(s.get("kind", "")).casefold() != k for k in kinds):
                return False
            if wanted_tags and not wanted_tags <= {str(t).casefold() for t in s.get("tags", ())}:
                return False
            return (
                not q
                or q in str(s.get("title", "")).casefold()
                or q in str(s.get("notes", "")).casefold()
            )

        sessions = [s for s in sessions if keep(s)]

    limit = min(_int_param(params, "limit", DEFAULT_LIMIT), state.config.limit_cap)
    offset = _int_param(params, "offset", 0)
    return SessionPage(sessions[offset : offset + limit], len(sessions), limit, offset)


def tag_counts(state: SimulatorState) -> list[dict[str, Any]]:
    """Tag usage counts, most used first, ties alphabetical (caller holds ``state.lock``)."""
    cached: list[dict[str, Any]] | None = state.cache.get("tags")
    if cached is None:
        counts = Counter(tag for s in state.sessions.values() for tag in s.get("tags", ()))
        cached = [
            {"tag": t, "count": c}
            for t, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        state.cache["tags"] = cached
    return cached
