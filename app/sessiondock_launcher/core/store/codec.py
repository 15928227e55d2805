"""Sessions to table rows and back.

A stored session round-trips to an equal :class:`Session` (``extra`` included); timestamps are
kept as integer microseconds since the epoch (exact, and sortable by SQLite).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

from sessiondock_launcher.api.models import Preview, Session

__all__ = [
    "COLUMNS",
    "LEAN_COLUMNS",
    "Interner",
    "from_micros",
    "lean_session",
    "row_for",
    "session_digest",
    "session_from_row",
    "to_micros",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

COLUMNS = (
    "id",
    "title",
    "kind",
    "status",
    "accent",
    "tags",
    "notes",
    "last_opened_us",
    "project_path",
    "project_original_path",
    "preview_status",
    "preview_url",
    "preview_audio_url",
    "preview_audio_mime",
    "preferred_preview_id",
    "previews",
    "extra",
    "digest",
    "synced_at",
)
"""Every column of ``sessions``, in the order :func:`row_for` fills them."""


def to_micros(value: datetime | None) -> int | None:
    if value is None:
        return None
    return (value - _EPOCH) // timedelta(microseconds=1)


def from_micros(value: int | None) -> datetime | None:
    return None if value is None else _EPOCH + timedelta(microseconds=value)


_json = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str, check_circular=False
).encode
"""One encoder for every row (``json.dumps`` with options builds a new encoder per call)."""


DIGEST_AT = COLUMNS.index("digest")


def _digest(content: tuple[Any, ...]) -> bytes:
    return hashlib.blake2b(repr(content).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def session_digest(session: Session) -> bytes:
    """A fingerprint of everything the API told us about ``session`` (unknown fields included)."""
    return bytes(row_for(session, 0.0)[DIGEST_AT])


def row_for(session: Session, synced_at: float) -> tuple[Any, ...]:
    """The ``sessions`` row for ``session`` (column order: :data:`COLUMNS`).

    The digest covers every stored field, so two rows with equal digests store the same session.
    """
    content: tuple[Any, ...] = (
        session.id,
        session.title,
        session.kind,
        session.status,
        session.accent,
        _json(session.tags) if session.tags else "[]",
        session.notes,
        to_micros(session.last_opened),
        session.project_path,
        session.project_original_path,
        session.preview_status,
        session.preview_url,
        session.preview_audio_url,
        session.preview_audio_mime,
        session.preferred_preview_id,
        _json([(p.id, p.name, p.path, p.status) for p in session.previews])
        if session.previews
        else "[]",
        _json(dict(session.extra)) if session.extra else "{}",
    )
    text = "".join([v for v in content if isinstance(v, str)])
    if not text.isascii() and _SURROGATE.search(text):  # rare: one pass over the row's text
        content = tuple(_storable(v) if isinstance(v, str) else v for v in content)
    return (*content, _digest(content), synced_at)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(value: str) -> str:
    """SQLite keeps UTF-8, which has no lone surrogates (the API's JSON can send one, ``\\udc80``):
    each becomes U+FFFD, instead of failing the whole page's write."""
    return _SURROGATE.sub("\ufffd", value)


class Interner:
    """One shared copy of short, massively repeated strings (kinds, statuses, tags), bounded."""

    def __init__(self, max_entries: int = 8_192, max_len: int = 64) -> None:
        self._seen: dict[str, str] = {}
        self._tag_lists: dict[str, tuple[str, ...]] = {"[]": ()}
        self._max_entries = max_entries
        self._max_len = max_len

    def __call__(self, value: str) -> str:
        found = self._seen.get(value)
        if found is not None:
            return found
        if len(self._seen) < self._max_entries and len(value) <= self._max_len:
            self._seen[value] = value
        return value

    def tags(self, text: str) -> tuple[str, ...]:
        """Decode a stored tag list; equal lists share one tuple (they repeat a lot)."""
        found = self._tag_lists.get(text)
        if found is None:
            values = json.loads(text)
            found = tuple(self(v) for v in values if isinstance(v, str))
            if len(self._tag_lists) < self._max_entries:
                self._tag_lists[text] = found
        return found


_NO_EXTRA: Mapping[str, Any] = Session("x").extra


def _previews(text: str) -> tuple[Preview, ...]:
    if text == "[]":
        return ()
    return tuple(Preview(*map(str, item)) for item in json.loads(text) if isinstance(item, list))


def _extra(text: str) -> Mapping[str, Any]:
    if text == "{}":
        return _NO_EXTRA
    value = json.loads(text)
    return MappingProxyType(value) if isinstance(value, dict) and value else _NO_EXTRA


LEAN_COLUMNS = (
    "id",
    "title",
    "kind",
    "status",
    "accent",
    "tags",
    "substr(notes, 1, ?)",
    "last_opened_us",
    "project_path",
    "preview_url",
)
"""What a result row shows (``?``: the notes' length searched, ``NOTES_SEARCH_CHARS``)."""


def lean_session(row: tuple[Any, ...], intern: Interner) -> Session:
    """The row's :class:`Session` from :data:`LEAN_COLUMNS` (other fields keep their defaults)."""
    return Session(
        id=row[0],
        title=row[1],
        kind=intern(row[2]),
        status=intern(row[3]),
        accent=intern(row[4]),
        tags=intern.tags(row[5]),
        notes=row[6],
        last_opened=from_micros(row[7]),
        project_path=row[8],
        preview_url=row[9],
    )


def session_from_row(row: tuple[Any, ...], intern: Interner | None = None) -> Session:
    """The full :class:`Session` from a row selected with all of :data:`COLUMNS`."""
    share = intern or Interner()
    return Session(
        id=row[0],
        title=row[1],
        kind=share(row[2]),
        status=share(row[3]),
        accent=share(row[4]),
        tags=share.tags(row[5]),
        notes=row[6],
        last_opened=from_micros(row[7]),
        project_path=row[8],
        project_original_path=row[9],
        preview_status=share(row[10]),
        preview_url=row[11],
        preview_audio_url=row[12],
        preview_audio_mime=share(row[13]),
        preferred_preview_id=share(row[14]),
        previews=_previews(row[15]),
        extra=_extra(row[16]),
    )
