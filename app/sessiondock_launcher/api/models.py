"""Typed, tolerant views of SessionDock Local API payloads.

Every parser accepts whatever the server sends: missing keys, ``null`` and values of the wrong
type fall back to empty defaults, and fields this client does not know are kept aside in
``extra`` so they never get in the way (and are not lost for a round trip).
Relative preview URLs are resolved against the API origin when an ``origin`` is given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin, urlsplit

__all__ = [
    "ActionResult",
    "DeleteResult",
    "Health",
    "ImportItem",
    "ImportResult",
    "Preview",
    "PreviewInfo",
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
]

MODES = ("disabled", "read-only", "full-automation")


def _str(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


_SHARED: dict[str, str] = {}
_SHARED_MAX = 8_192
_SHARED_MAX_LEN = 64


def _shared(value: str) -> str:
    """One shared copy of a short, massively repeated value (kind, status, tag, ...).

    Like ``sys.intern`` but bounded, so a server sending endless distinct values cannot grow it
    without limit (and interned strings are immortal on some Python versions).
    """
    found = _SHARED.get(value)
    if found is not None:
        return found
    if len(_SHARED) < _SHARED_MAX and len(value) <= _SHARED_MAX_LEN and type(value) is str:
        _SHARED[value] = value
    return value


def _shared_str(value: Any) -> str:
    return _shared(value) if isinstance(value, str) else ""


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    return default


def _float(value: Any, default: float = 0.0) -> float:
    if isinstance(value, bool):
        return default
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return default


def _bool(value: Any, default: bool = False) -> bool:
    return value if isinstance(value, bool) else default


def _str_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        # Tolerate a comma-separated string where a list was expected.
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return ()
    seen: dict[str, None] = {}
    for item in value:
        if isinstance(item, str) and item.strip():
            seen.setdefault(_shared(item.strip()), None)
    return tuple(seen)


def parse_tags(value: Any) -> tuple[str, ...]:
    """Tags from a list (or a comma-separated string): stripped, non-empty, first-seen order."""
    return _str_tuple(value)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _extra(raw: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if isinstance(k, str) and k not in known}


_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})
"""Shared by every session without unknown fields (read-only, so sharing is safe)."""


def _no_extra() -> Mapping[str, Any]:
    return _NO_EXTRA


def _session_extra(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    if len(raw) <= len(_SESSION_FIELDS) and _SESSION_FIELDS.issuperset(raw):
        return _NO_EXTRA
    return _extra(raw, _SESSION_FIELDS) or _NO_EXTRA


def parse_datetime(value: Any) -> datetime | None:
    """Parse an ISO-8601 timestamp (``Z`` or offset); naive values are taken as UTC."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_ABSOLUTE_HTTP = ("http://", "https://")
# A root-relative path that ``urljoin`` would return unchanged after the origin: no dot segments,
# no ``//`` authority, no params/query/fragment and none of the characters urlsplit strips.
_PLAIN_PATH = re.compile(r"/(?![/.])(?:[^?#;\s/]|/(?!\.))*")


@lru_cache(maxsize=16)
def _origin_prefix(origin: str) -> str | None:
    """``scheme://netloc`` that ``urljoin(origin, "/p")`` puts before ``/p``, when that is all."""
    parts = urlsplit(origin.rstrip("/") + "/")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def resolve_url(value: Any, origin: str | None) -> str | None:
    """Return ``value`` as an absolute URL, resolving a relative one against ``origin``."""
    url = _opt_str(value)
    if url is None:
        return None
    url = url.strip()
    if not url:
        return None
    # Fast paths for what the API sends (absolute http(s) or root-relative paths); they give
    # exactly what the general rule below gives.
    if url.startswith(_ABSOLUTE_HTTP):
        return url
    if origin and url[0] == "/" and _PLAIN_PATH.fullmatch(url):
        prefix = _origin_prefix(origin)
        if prefix is not None:
            return prefix + url
    # Absolute means "has a scheme"; "://" elsewhere (e.g. in a query string) does not count.
    if origin and not _SCHEME.match(url):
        return urljoin(origin.rstrip("/") + "/", url)
    return url


@dataclass(frozen=True, slots=True)
class Preview:
    """One preview lane (a mixdown variant) of a session."""

    id: str
    name: str = ""
    path: str = ""
    status: str = ""

    @classmethod
    def from_api(cls, raw: Any) -> Preview | None:
        data = _mapping(raw)
        preview_id = _opt_str(data.get("id"))
        if preview_id is None:
            return None
        return cls(
            id=_shared(preview_id),
            name=_shared_str(data.get("name")),
            path=_str(data.get("path")),
            status=_shared_str(data.get("status")),
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
        data = _mapping(raw)
        session_id = data.get("id")
        if isinstance(session_id, int) and not isinstance(session_id, bool):
            session_id = str(session_id)
        if not isinstance(session_id, str) or not session_id:
            return None
        return cls(
            id=session_id,
            title=_str(data.get("title")),
            kind=_shared_str(data.get("kind")),
            status=_shared_str(data.get("status")),
            accent=_shared_str(data.get("accent")),
            tags=_str_tuple(data.get("tags")),
            notes=_str(data.get("notes")),
            last_opened=parse_datetime(data.get("lastOpened")),
            project_path=_str(data.get("projectPath")),
            project_original_path=_str(data.get("projectOriginalPath")),
            preview_status=_shared_str(data.get("previewStatus")),
            preview_url=resolve_url(data.get("previewUrl"), origin),
            preview_audio_url=resolve_url(data.get("previewAudioUrl"), origin),
            preview_audio_mime=_shared_str(data.get("previewAudioMime")),
            preferred_preview_id=_shared_str(data.get("preferredPreviewId")),
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


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str
    path: str
    status_code: int
    at: datetime | None

    @classmethod
    def from_api(cls, raw: Any) -> RequestRecord:
        data = _mapping(raw)
        return cls(
            method=_str(data.get("method")),
            path=_str(data.get("path")),
            status_code=_int(data.get("statusCode")),
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
        data = _mapping(raw)
        recent = data.get("recentRequests")
        return cls(
            status=_str(data.get("status")),
            running=_bool(data.get("running")),
            configured_mode=_str(data.get("configuredMode")),
            effective_mode=_str(data.get("effectiveMode")),
            port=_int(data.get("port")),
            base_url=_str(data.get("baseUrl")),
            docs_url=_str(data.get("docsUrl")),
            request_count=_int(data.get("requestCount")),
            recent_requests=tuple(
                RequestRecord.from_api(r) for r in (recent if isinstance(recent, list) else [])
            ),
            last_error=_str(data.get("lastError")),
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
        data = _mapping(raw)
        tag = _opt_str(data.get("tag"))
        return None if tag is None else cls(tag=tag, count=max(0, _int(data.get("count"))))


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
        data = _mapping(raw)
        return cls(
            id=_str(data.get("id")),
            preview_status=_str(data.get("previewStatus")),
            preferred_preview_id=_str(data.get("preferredPreviewId")),
            preview_url=resolve_url(data.get("previewUrl"), origin),
            preview_audio_url=resolve_url(data.get("previewAudioUrl"), origin),
            preview_audio_mime=_str(data.get("previewAudioMime")),
            previews=_previews(data.get("previews")),
        )


@dataclass(frozen=True, slots=True)
class Waveform:
    """Waveform peaks: values in 0..1, evenly spread over ``duration`` seconds.

    The peak format is undocumented upstream; the parser accepts ``peaks`` as a list of numbers
    or of ``[min, max]`` pairs and normalises to magnitudes in 0..1.
    """

    session_id: str
    variant_id: str = ""
    duration: float = 0.0
    peaks: tuple[float, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, raw: Any) -> Waveform:
        data = _mapping(raw)
        values = data.get("peaks")
        peaks: list[float] = []
        if isinstance(values, list):
            for item in values:
                if isinstance(item, list | tuple) and item:
                    peaks.append(max(abs(_float(v)) for v in item))
                else:
                    peaks.append(abs(_float(item)))
        top = max(peaks, default=0.0)
        if top > 1.0:
            peaks = [p / top for p in peaks]
        return cls(
            session_id=_str(data.get("sessionId")),
            variant_id=_str(data.get("variantId")),
            duration=max(0.0, _float(data.get("duration"))),
            peaks=tuple(peaks),
            extra=_extra(data, frozenset({"sessionId", "variantId", "duration", "peaks"})),
        )


@dataclass(frozen=True, slots=True)
class WaveformNote:
    """A marker on the preview audio at ``timestamp`` seconds."""

    timestamp: float
    text: str
    id: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_api(cls, raw: Any) -> WaveformNote | None:
        data = _mapping(raw)
        timestamp = data.get("timestamp")
        if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
            return None
        return cls(
            timestamp=max(0.0, _float(data.get("timestamp"))),
            text=_str(data.get("text")),
            id=_str(data.get("id")),
            created_at=parse_datetime(data.get("createdAt")),
            updated_at=parse_datetime(data.get("updatedAt")),
        )

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {"timestamp": self.timestamp, "text": self.text}
        if self.id:
            body["id"] = self.id
        return body


@dataclass(frozen=True, slots=True)
class WaveformNotes:
    session_id: str
    variant_id: str = ""
    key: str = ""
    notes: tuple[WaveformNote, ...] = ()

    @classmethod
    def from_api(cls, raw: Any) -> WaveformNotes:
        data = _mapping(raw)
        notes = data.get("notes")
        parsed = (WaveformNote.from_api(n) for n in (notes if isinstance(notes, list) else []))
        return cls(
            session_id=_str(data.get("sessionId")),
            variant_id=_str(data.get("variantId")),
            key=_str(data.get("key")),
            notes=tuple(sorted((n for n in parsed if n is not None), key=lambda n: n.timestamp)),
        )


@dataclass(frozen=True, slots=True)
class ActionResult:
    """Acknowledgement of ``open`` / ``focus``."""

    id: str
    opened: bool = False
    focused: bool = False

    @classmethod
    def from_api(cls, raw: Any) -> ActionResult:
        data = _mapping(raw)
        return cls(
            id=_str(data.get("id")),
            opened=_bool(data.get("opened")),
            focused=_bool(data.get("focused")),
        )


@dataclass(frozen=True, slots=True)
class DeleteResult:
    id: str
    deleted: bool = False

    @classmethod
    def from_api(cls, raw: Any) -> DeleteResult:
        data = _mapping(raw)
        return cls(id=_str(data.get("id")), deleted=_bool(data.get("deleted")))


@dataclass(frozen=True, slots=True)
class ImportItem:
    project_path: str
    title: str = ""
    project_type: str = ""
    preview_audio_path: str = ""

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {"projectPath": self.project_path}
        if self.title:
            body["title"] = self.title
        if self.project_type:
            body["projectType"] = self.project_type
        if self.preview_audio_path:
            body["previewAudioPath"] = self.preview_audio_path
        return body


@dataclass(frozen=True, slots=True)
class ImportResult:
    import_id: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    skipped: int = 0
    done: bool = False
    duration_ms: int = 0

    @classmethod
    def from_api(cls, raw: Any) -> ImportResult:
        data = _mapping(raw)
        return cls(
            import_id=_str(data.get("importId")),
            total=_int(data.get("total")),
            completed=_int(data.get("completed")),
            failed=_int(data.get("failed")),
            skipped=_int(data.get("skipped")),
            done=_bool(data.get("done")),
            duration_ms=_int(data.get("durationMs")),
        )
