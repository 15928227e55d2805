"""Tolerant readers of JSON values, shared by every model of :mod:`~.models`.

Each reader accepts whatever the server sends: a missing key, ``null`` or a value of the wrong type
falls back to an empty default. :func:`shared` is the package's one table of shared strings (core
uses it too): short values repeated across a whole library (kind, status, tag) are kept once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

__all__ = [
    "SHARED_MAX",
    "SHARED_MAX_LEN",
    "as_bool",
    "as_float",
    "as_int",
    "as_mapping",
    "as_str",
    "extra_fields",
    "opt_str",
    "parse_datetime",
    "parse_tags",
    "resolve_url",
    "shared",
    "shared_str",
]

SHARED_MAX = 8_192
"""Entries of the shared-string table; past it, new values are simply not shared."""
SHARED_MAX_LEN = 64
"""Longer strings are never shared (they are rarely repeated, and would pin memory)."""

_SHARED: dict[str, str] = {}


def shared(value: str) -> str:
    """One shared copy of a short, massively repeated value (kind, status, tag, folded tag...).

    Like ``sys.intern`` but bounded, so a server sending endless distinct values cannot grow it
    without limit (and interned strings are immortal on some Python versions). Safe to call from
    a worker thread (large pages are parsed in one): a lost race only costs a duplicate copy.
    """
    found = _SHARED.get(value)
    if found is not None:
        return found
    if len(_SHARED) < SHARED_MAX and len(value) <= SHARED_MAX_LEN and type(value) is str:
        return _SHARED.setdefault(value, value)
    return value


def as_str(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def shared_str(value: Any) -> str:
    """A string value, shared (see :func:`shared`); ``""`` for anything else."""
    return shared(value) if isinstance(value, str) else ""


def opt_str(value: Any) -> str | None:
    """A non-empty string value, or ``None``."""
    return value if isinstance(value, str) and value else None


def as_int(value: Any, default: int = 0) -> int:
    """An integer (finite floats are truncated; booleans are not numbers here)."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    return default


def as_float(value: Any, default: float = 0.0) -> float:
    """A finite number as a float (booleans, NaN and infinities give ``default``)."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return default


def as_bool(value: Any, default: bool = False) -> bool:
    return value if isinstance(value, bool) else default


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def extra_fields(raw: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The fields of ``raw`` a model does not know (kept for a round trip)."""
    return {k: v for k, v in raw.items() if isinstance(k, str) and k not in known}


def parse_tags(value: Any) -> tuple[str, ...]:
    """Tags from a list (or a comma-separated string): stripped, non-empty, first-seen order."""
    if isinstance(value, str):
        # Tolerate a comma-separated string where a list was expected.
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return ()
    seen: dict[str, None] = {}
    for item in value:
        if isinstance(item, str) and item.strip():
            seen.setdefault(shared(item.strip()), None)
    return tuple(seen)


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
    url = opt_str(value)
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
