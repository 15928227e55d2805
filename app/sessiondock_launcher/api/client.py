"""Async client for the SessionDock Local API (every documented operation, typed results).

One long-lived :class:`SessionDockClient` per process (and per event loop): it owns one
``httpx.AsyncClient``. All failures are raised from :mod:`sessiondock_launcher.api.errors`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import httpx

from sessiondock_launcher.aio import closing
from sessiondock_launcher.api._paging import PAGE_RETRY_DELAYS_S, fetch_page, listing, raw_listing
from sessiondock_launcher.api._transport import ApiConnection
from sessiondock_launcher.api._wire import (
    QueryParams,
    Tags,
    as_dict,
    as_list,
    list_filters,
    session_path,
    variant_params,
)
from sessiondock_launcher.api.config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    ClientSettings,
    Deadlines,
    normalize_base_url,
)
from sessiondock_launcher.api.errors import ClientClosed, InvalidResponse
from sessiondock_launcher.api.models import (
    ActionResult,
    DeleteResult,
    Health,
    ImportItem,
    ImportResult,
    PreviewInfo,
    RawSessionPage,
    Session,
    SessionPage,
    TagCount,
    Waveform,
    WaveformNote,
    WaveformNotes,
    parse_tags,
)

__all__ = ["DEFAULT_MAX_DOWNLOAD_BYTES", "SessionDockClient"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024

NoteInput = WaveformNote | Mapping[str, Any]


class SessionDockClient:
    """Client for one SessionDock Local API.

    Use it as an async context manager, or call :meth:`aclose` when done. The token is sent only
    to loopback hosts, or to a host in ``allow_remote_hosts`` over https; it never appears in
    ``repr``, logs or exception text.

    Args:
        base_url: API base URL, e.g. ``http://127.0.0.1:18432/api/v1``.
        token: Bearer token; calls raise :class:`~.errors.MissingToken` while it is ``None``.
        allow_remote_hosts: Non-loopback hosts that may receive the token (https only).
        transport: httpx transport to use instead of the network (tests: ``httpx.MockTransport``).
        timeout: Timeout in seconds or an ``httpx.Timeout``; default connect 2 s, read 10 s
            (per byte received: see ``deadlines`` for the bound of a whole request).
        max_download_bytes: Size cap of :meth:`download`.
        max_response_bytes: Size cap of every other answer (:class:`~.errors.ResponseTooLarge`).
        deadlines: Overall deadline of each kind of request (:class:`~.config.Deadlines`).

    Raises:
        InvalidBaseUrl: ``base_url`` is not a usable http(s) URL.
        InsecureHostError: ``base_url`` is not loopback and not an allowed https host.
    """

    def __init__(  # noqa: PLR0913  (keyword-only settings, each with a default)
        self,
        base_url: str = DEFAULT_BASE_URL,
        token: str | None = None,
        *,
        allow_remote_hosts: Collection[str] = (),
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout | float | None = None,
        max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        deadlines: Deadlines | None = None,
    ) -> None:
        self._conn = ApiConnection(
            normalize_base_url(base_url),
            token,
            allow_remote_hosts=tuple(allow_remote_hosts),
            transport=transport,
            timeout=timeout,
            max_response_bytes=max_response_bytes,
            deadlines=deadlines,
        )
        self._max_download_bytes = max_download_bytes

    @classmethod
    def from_settings(
        cls, settings: ClientSettings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> SessionDockClient:
        """Create a client from :class:`~.config.ClientSettings` (e.g. ``config.from_env()``)."""
        return cls(
            settings.base_url,
            settings.token,
            allow_remote_hosts=settings.allow_remote_hosts,
            transport=transport,
            max_response_bytes=settings.max_response_bytes,
            deadlines=settings.deadlines,
        )

    @property
    def base_url(self) -> str:
        """The canonical API base URL, without a trailing slash."""
        return self._conn.base_url

    @property
    def origin(self) -> str:
        """``scheme://host:port`` of the API; relative preview URLs are resolved against it."""
        return self._conn.origin

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._conn.closed

    def __repr__(self) -> str:
        token = "set" if self._conn.has_token else "missing"
        state = "closed" if self.is_closed else "open"
        return f"<SessionDockClient {self.base_url} token={token} {state}>"

    async def __aenter__(self) -> Self:
        if self.is_closed:
            raise ClientClosed()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool; later calls raise :class:`~.errors.ClientClosed`."""
        await self._conn.aclose()

    # --- system ------------------------------------------------------------------------------

    async def health(self) -> Health:
        """``GET /health``: running state, modes (``effective_mode`` gates writes)."""
        data = await self._conn.call("GET", "/health", deadline=self._conn.deadlines.health)
        return Health.from_api(data)

    # --- sessions ----------------------------------------------------------------------------

    async def list_sessions(
        self,
        *,
        q: str | None = None,
        kind: str | None = None,
        tags: Tags = None,
        recent: bool | None = None,
        sort: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> SessionPage:
        """``GET /sessions``: one page of sessions matching the filters.

        Args:
            q: Free-text search (title, client, notes).
            kind: Exact session kind (DAW), e.g. ``"Ableton"``.
            tags: Tags to filter by; a sequence is sent as repeated ``tags`` parameters.
            recent: Only recently opened sessions.
            sort: Sort key (only ``"title"`` is documented).
            limit: Page size to ask for (the server may return fewer).
            offset: Index of the first session.

        Returns:
            The page; ``total`` falls back to what is known when ``meta`` is missing.
        """
        params = list_filters(q=q, kind=kind, tags=tags, recent=recent, sort=sort)
        params += [(k, str(v)) for k, v in (("limit", limit), ("offset", offset)) if v is not None]
        return await self._page(params, limit=limit, offset=offset or 0)

    def iter_pages(
        self,
        *,
        q: str | None = None,
        kind: str | None = None,
        tags: Tags = None,
        recent: bool | None = None,
        sort: str | None = None,
        page_size: int = 500,
        retry_delays: Sequence[float] = PAGE_RETRY_DELAYS_S,
    ) -> AsyncIterator[SessionPage]:
        """Page through ``GET /sessions`` until ``meta.total``, each id at most once (capped,
        shifting or stuck servers; a failed page is retried after each of ``retry_delays``)."""
        filters = list_filters(q=q, kind=kind, tags=tags, recent=recent, sort=sort)
        return listing(
            self._conn, filters, origin=self.origin, page_size=page_size, retry_delays=retry_delays
        )

    def iter_raw_pages(
        self, *, page_size: int = 500, retry_delays: Sequence[float] = PAGE_RETRY_DELAYS_S
    ) -> AsyncIterator[RawSessionPage]:
        """:meth:`iter_pages` of the whole library, sessions unparsed (``RawSessionPage``)."""
        return raw_listing(self._conn, self.origin, page_size, retry_delays)

    async def iter_sessions(
        self,
        *,
        q: str | None = None,
        kind: str | None = None,
        tags: Tags = None,
        recent: bool | None = None,
        sort: str | None = None,
        page_size: int = 500,
    ) -> AsyncIterator[Session]:
        """Every session matching the filters, each once (see :meth:`iter_pages`)."""
        listing = self.iter_pages(
            q=q, kind=kind, tags=tags, recent=recent, sort=sort, page_size=page_size
        )
        async with closing(listing) as pages:
            async for page in pages:
                for session in page.sessions:
                    yield session

    async def get_session(self, session_id: str) -> Session:
        """``GET /sessions/{id}``."""
        return self._session(await self._conn.call("GET", session_path(session_id)))

    async def create_session(self, fields: Mapping[str, Any]) -> Session:
        """``POST /sessions`` with SessionInput fields (``title``, ``kind``, ``tags``, ...)."""
        return self._session(await self._conn.call("POST", "/sessions", body=dict(fields)))

    async def patch_session(self, session_id: str, fields: Mapping[str, Any]) -> Session:
        """``PATCH /sessions/{id}``: partial update with SessionInput fields."""
        path = session_path(session_id)
        return self._session(await self._conn.call("PATCH", path, body=dict(fields)))

    async def delete_session(self, session_id: str) -> DeleteResult:
        """``DELETE /sessions/{id}`` (SessionDock never deletes project files)."""
        data = await self._conn.call("DELETE", session_path(session_id))
        if data is None:  # 204 No Content
            return DeleteResult(id=session_id, deleted=True)
        return DeleteResult.from_api(data)

    # --- tags and notes ----------------------------------------------------------------------

    async def get_tags(self, session_id: str) -> tuple[str, ...]:
        """``GET /sessions/{id}/tags``."""
        return await self._tags("GET", session_id, None)

    async def put_tags(self, session_id: str, tags: Sequence[str]) -> tuple[str, ...]:
        """``PUT /sessions/{id}/tags``: replace the tag list; returns the stored tags."""
        return await self._tags("PUT", session_id, {"tags": list(tags)})

    async def patch_tags(self, session_id: str, tags: Sequence[str]) -> tuple[str, ...]:
        """``PATCH /sessions/{id}/tags``: same as PUT (a full replacement, not a merge)."""
        return await self._tags("PATCH", session_id, {"tags": list(tags)})

    async def put_notes(self, session_id: str, notes: str) -> str:
        """``PUT /sessions/{id}/notes``: set (or clear with ``""``); returns the stored notes."""
        return await self._notes("PUT", session_id, notes)

    async def patch_notes(self, session_id: str, notes: str) -> str:
        """``PATCH /sessions/{id}/notes``: same as PUT."""
        return await self._notes("PATCH", session_id, notes)

    async def list_tags(self) -> tuple[TagCount, ...]:
        """``GET /tags``: known tags with counts, most used first."""
        parsed = (
            TagCount.from_api(item) for item in as_list(await self._conn.call("GET", "/tags"))
        )
        return tuple(t for t in parsed if t is not None)

    # --- previews ----------------------------------------------------------------------------

    async def get_preview(self, session_id: str) -> PreviewInfo:
        """``GET /sessions/{id}/preview``; URLs are absolute (resolved against :attr:`origin`)."""
        data = await self._conn.call("GET", session_path(session_id, "preview"))
        return PreviewInfo.from_api(data, origin=self.origin)

    async def get_waveform(self, session_id: str, variant_id: str | None = None) -> Waveform:
        """``GET /sessions/{id}/waveform`` (optionally one preview lane)."""
        path = session_path(session_id, "waveform")
        return Waveform.from_api(
            await self._conn.call("GET", path, params=variant_params(variant_id))
        )

    async def get_waveform_notes(
        self, session_id: str, variant_id: str | None = None
    ) -> WaveformNotes:
        """``GET /sessions/{id}/waveform-notes``."""
        return await self._waveform_notes("GET", session_id, variant_id, None)

    async def put_waveform_notes(
        self, session_id: str, notes: Sequence[NoteInput], variant_id: str | None = None
    ) -> WaveformNotes:
        """``PUT /sessions/{id}/waveform-notes``: replace the lane's markers."""
        return await self._waveform_notes("PUT", session_id, variant_id, notes)

    async def patch_waveform_notes(
        self, session_id: str, notes: Sequence[NoteInput], variant_id: str | None = None
    ) -> WaveformNotes:
        """``PATCH /sessions/{id}/waveform-notes``: same as PUT (a full replacement)."""
        return await self._waveform_notes("PATCH", session_id, variant_id, notes)

    async def download(
        self, url: str, *, max_bytes: int | None = None, deadline: float | None = None
    ) -> bytes:
        """Fetch a preview asset with the token, within ``deadline`` s (``deadlines.download``).

        Relative URLs are resolved against :attr:`origin`. An absolute URL on any other origin
        is refused (never fetched, so the token cannot leak to it).

        Raises:
            InsecureHostError: ``url`` is not on the API origin.
            DownloadTooLarge: The body exceeds ``max_bytes`` (default ``max_download_bytes``).
            RequestTimeout: The whole download took longer than the deadline.
        """
        limit = self._max_download_bytes if max_bytes is None else max_bytes
        return await self._conn.download(url, max_bytes=limit, deadline=deadline)

    # --- automation and imports --------------------------------------------------------------

    async def open_session(self, session_id: str) -> ActionResult:
        """``POST /sessions/{id}/open``: open the project in its DAW."""
        data = await self._conn.call("POST", session_path(session_id, "open"))
        return ActionResult.from_api(data)

    async def focus_session(self, session_id: str) -> ActionResult:
        """``POST /sessions/{id}/focus``: bring SessionDock forward on this session."""
        data = await self._conn.call("POST", session_path(session_id, "focus"))
        return ActionResult.from_api(data)

    async def import_sessions(
        self,
        items: Sequence[ImportItem],
        *,
        kind: str | None = None,
        generate_previews: bool | None = None,
    ) -> ImportResult:
        """``POST /import``: start a background import (202); the result may already be done."""
        body: dict[str, Any] = {"items": [item.to_api() for item in items]}
        if kind is not None:
            body["kind"] = kind
        if generate_previews is not None:
            body["generatePreviews"] = generate_previews
        return ImportResult.from_api(await self._conn.call("POST", "/import", body=body))

    # --- helpers -----------------------------------------------------------------------------

    async def _page(self, params: QueryParams, *, limit: int | None, offset: int) -> SessionPage:
        return await fetch_page(self._conn, params, origin=self.origin, limit=limit, offset=offset)

    def _session(self, data: Any) -> Session:
        session = Session.from_api(data, origin=self.origin)
        if session is None:
            raise InvalidResponse("the session in the answer has no id")
        return session

    async def _tags(self, method: str, session_id: str, body: Any) -> tuple[str, ...]:
        data = await self._conn.call(method, session_path(session_id, "tags"), body=body)
        return parse_tags(as_dict(data).get("tags"))

    async def _notes(self, method: str, session_id: str, notes: str) -> str:
        path = session_path(session_id, "notes")
        data = await self._conn.call(method, path, body={"notes": notes})
        stored = as_dict(data).get("notes")
        return stored if isinstance(stored, str) else ""

    async def _waveform_notes(
        self,
        method: str,
        session_id: str,
        variant_id: str | None,
        notes: Sequence[NoteInput] | None,
    ) -> WaveformNotes:
        body = None
        if notes is not None:
            body = {
                "notes": [n.to_api() if isinstance(n, WaveformNote) else dict(n) for n in notes]
            }
        path = session_path(session_id, "waveform-notes")
        data = await self._conn.call(method, path, params=variant_params(variant_id), body=body)
        return WaveformNotes.from_api(data)
