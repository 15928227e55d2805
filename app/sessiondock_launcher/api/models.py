"""Typed, tolerant views of SessionDock Local API payloads.

Every parser accepts whatever the server sends: missing keys, ``null`` and values of the wrong
type fall back to empty defaults, and fields this client does not know are kept aside in
``extra`` so they never get in the way (and are not lost for a round trip).
Relative preview URLs are resolved against the API origin when an ``origin`` is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sessiondock_launcher.api.parsing import (
    as_bool,
    as_int,
    as_mapping,
    as_str,
    extra_fields,
    opt_str,
    parse_datetime,
    parse_tags,
    resolve_url,
    shared,
    shared_str,
)
from sessiondock_launcher.api.results import (
    ActionResult,
    DeleteResult,
    ImportItem,
    ImportResult,
    Waveform,
    WaveformNote,
    WaveformNotes,
)

__all__ = [
    "ActionResult",
    "DeleteResult",
    "Health",
    "ImportItem",
    "ImportResult",
    "ListingPage",
    "Preview",
    "PreviewInfo",
    "RawSession",
    "RawSessionPage",
    "RequestRecord",
    "Session",
    "SessionPage",
    "TagCount",
    "Waveform",
    "WaveformNote",
    "WaveformNotes",
    "parse_datetime",
    "parse_tags",
    "resolve_url",
    "session_id",
]

MODES = ("disabled", "read-only", "full-automation")

_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})
"""Shared by every session without unknown fields (read-only, so sharing is safe)."""


def _no_extra() -> Mapping[str, Any]:
    return _NO_EXTRA


def _session_extra(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    if len(raw) <= len(_SESSION_FIELDS) and _SESSION_FIELDS.issuperset(raw):
        return _NO_EXTRA
    return extra_fields(raw, _SESSION_FIELDS) or _NO_EXTRA


@dataclass(frozen=True, slots=True)
class Preview:
    """One preview lane (a mixdown variant) of a session."""

    id: str
    name: str = ""
    path: str = ""
    status: str = ""

    @classmethod
    def from_api(cls, raw: Any) -> Preview | None:
        data = as_mapping(raw)
        preview_id = opt_str(data.get("id"))
        if preview_id is None:
            return None
        return cls(
            id=shared(preview_id),
            name=shared_str(data.get("name")),
            path=as_str(data.get("path")),
            status=shared_str(data.get("status")),
        )


def _previews(value: Any) -> tuple[Preview, ...]:
    if not isinstance(value, list):
        return ()
    parsed = (Preview.from_api(item) for item in value)
    return tuple(p for p in parsed if p is not None)


_SESSION_FIELDS = frozenset(
    {
        "id",
        "title",
        "kind",
        "status",
        "accent",
        "tags",
        "notes",
        "lastOpened",
        "projectPath",
        "projectOriginalPath",
        "previewStatus",
        "previewUrl",
        "previewAudioUrl",
        "previewAudioMime",
        "preferredPreviewId",
        "previews",
    }
)


@dataclass(frozen=True, slots=True)
class Session:
    """A session record: one DAW project with its metadata and previews."""

    id: str
    title: str = ""
    kind: str = ""
    status: str = ""
    accent: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    last_opened: datetime | None = None
    project_path: str = ""
    project_original_path: str = ""
    preview_status: str = ""
    preview_url: str | None = None
    preview_audio_url: str | None = None
    preview_audio_mime: str = ""
    preferred_preview_id: str = ""
    previews: tuple[Preview, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_no_extra, compare=False, repr=False)
    """Fields this client does not know (read-only; one shared empty mapping when none)."""

    @classmethod
    def from_api(cls, raw: Any, origin: str | None = None) -> Session | None:
        """Parse one session object; ``None`` when it has no usable ``id``."""
        data = as_mapping(raw)
        found = session_id(data)
        if found is None:
            return None
        return cls(
            id=found,
            title=as_str(data.get("title")),
            kind=shared_str(data.get("kind")),
            status=shared_str(data.get("status")),
            accent=shared_str(data.get("accent")),
            tags=parse_tags(data.get("tags")),
            notes=as_str(data.get("notes")),
            last_opened=parse_datetime(data.get("lastOpened")),
            project_path=as_str(data.get("projectPath")),
            project_original_path=as_str(data.get("projectOriginalPath")),
            preview_status=shared_str(data.get("previewStatus")),
            preview_url=resolve_url(data.get("previewUrl"), origin),
            preview_audio_url=resolve_url(data.get("previewAudioUrl"), origin),
            preview_audio_mime=shared_str(data.get("previewAudioMime")),
            preferred_preview_id=shared_str(data.get("preferredPreviewId")),
            previews=_previews(data.get("previews")),
            extra=_session_extra(data),
        )

    @property
    def display_title(self) -> str:
        """The title, or a readable stand-in when the session has none."""
        return self.title.strip() or "Untitled session"

    def ordered_previews(self) -> tuple[Preview, ...]:
        """Preview lanes with the preferred one first."""
        preferred = [p for p in self.previews if p.id == self.preferred_preview_id]
        return tuple(preferred + [p for p in self.previews if p.id != self.preferred_preview_id])


@dataclass(frozen=True, slots=True)
class SessionPage:
    """One page of ``GET /sessions`` with its ``meta``."""

    sessions: tuple[Session, ...]
    total: int
    limit: int
    offset: int


def session_id(data: Mapping[str, Any]) -> str | None:
    """A session object's usable id (a number is taken as its text), or ``None``."""
    found = data.get("id")
    if isinstance(found, int) and not isinstance(found, bool):
        return str(found)
    return found if isinstance(found, str) and found else None


@dataclass(frozen=True, slots=True)
class RawSession:
    """One session object of a listing as the server sent it (decoded JSON), not parsed yet."""

    id: str
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RawSessionPage:
    """One page of ``GET /sessions`` whose sessions are parsed only when asked for (``parse``):
    a store that already holds the same JSON for a session need not parse it again."""

    sessions: tuple[RawSession, ...]
    total: int
    limit: int
    offset: int
    origin: str | None = None
    """What relative URLs in the sessions are resolved against (``Session.from_api``)."""

    def parse(self, item: RawSession) -> Session | None:
        return Session.from_api(item.data, origin=self.origin)


ListingPage = SessionPage | RawSessionPage
"""A page of a full listing, parsed or not."""


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str
    path: str
    status_code: int
    at: datetime | None

    @classmethod
    def from_api(cls, raw: Any) -> RequestRecord:
        data = as_mapping(raw)
        return cls(
            method=as_str(data.get("method")),
            path=as_str(data.get("path")),
            status_code=as_int(data.get("statusCode")),
            at=parse_datetime(data.get("at")),
        )


@dataclass(frozen=True, slots=True)
class Health:
    """The ``/health`` snapshot. ``effective_mode`` is the source of truth for gating writes."""

    status: str = ""
    running: bool = False
    configured_mode: str = ""
    effective_mode: str = ""
    port: int = 0
    base_url: str = ""
    docs_url: str = ""
    request_count: int = 0
    recent_requests: tuple[RequestRecord, ...] = ()
    last_error: str = ""

    @classmethod
    def from_api(cls, raw: Any) -> Health:
        data = as_mapping(raw)
        recent = data.get("recentRequests")
        return cls(
            status=as_str(data.get("status")),
            running=as_bool(data.get("running")),
            configured_mode=as_str(data.get("configuredMode")),
            effective_mode=as_str(data.get("effectiveMode")),
            port=as_int(data.get("port")),
            base_url=as_str(data.get("baseUrl")),
            docs_url=as_str(data.get("docsUrl")),
            request_count=as_int(data.get("requestCount")),
            recent_requests=tuple(
                RequestRecord.from_api(r) for r in (recent if isinstance(recent, list) else [])
            ),
            last_error=as_str(data.get("lastError")),
        )

    @property
    def can_write(self) -> bool:
        return self.effective_mode == "full-automation"


@dataclass(frozen=True, slots=True)
class TagCount:
    tag: str
    count: int

    @classmethod
    def from_api(cls, raw: Any) -> TagCount | None:
        data = as_mapping(raw)
        tag = opt_str(data.get("tag"))
        return None if tag is None else cls(tag=tag, count=max(0, as_int(data.get("count"))))


@dataclass(frozen=True, slots=True)
class PreviewInfo:
    """``GET /sessions/{id}/preview``."""

    id: str
    preview_status: str = ""
    preferred_preview_id: str = ""
    preview_url: str | None = None
    preview_audio_url: str | None = None
    preview_audio_mime: str = ""
    previews: tuple[Preview, ...] = ()

    @classmethod
    def from_api(cls, raw: Any, origin: str | None = None) -> PreviewInfo:
        data = as_mapping(raw)
        return cls(
            id=as_str(data.get("id")),
            preview_status=as_str(data.get("previewStatus")),
            preferred_preview_id=as_str(data.get("preferredPreviewId")),
            preview_url=resolve_url(data.get("previewUrl"), origin),
            preview_audio_url=resolve_url(data.get("previewAudioUrl"), origin),
            preview_audio_mime=as_str(data.get("previewAudioMime")),
            previews=_previews(data.get("previews")),
        )
