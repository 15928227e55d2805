"""Palette query language: free text plus ``#tag``, ``kind:``, ``status:`` and ``recent`` filters.

Grammar (tokens are separated by whitespace; values may be double-quoted to include spaces):

- ``#mix``, ``#"client work"``, ``tag:mix``, ``tag:"client work"``: all tags must match
- ``kind:ableton``, ``daw:"logic pro"``: session kind (the last one wins)
- ``status:draft``: session status (the last one wins)
- ``recent`` or ``is:recent``: opened within the last 30 days
- anything else, including unknown ``foo:bar`` tokens and quoted ``"recent"``, is free text.

Filter values are compared case-insensitively; a filter key with no value yet (``kind:`` while the
user is still typing) is ignored.

Input is bounded: only the first ``MAX_QUERY_CHARS`` characters are read and only the first
``MAX_QUERY_TOKENS`` free-text words are kept, so no input (a paste, ``--search`` over IPC) can make
one keystroke's search cost more than a long typed query.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TypedDict

from sessiondock_launcher.core.text import fold

__all__ = ["MAX_QUERY_CHARS", "MAX_QUERY_TOKENS", "Query", "ServerParams", "parse_query"]

logger = logging.getLogger(__name__)

_TOKEN = re.compile(
    r"""
    \#(?:"(?P<hash_quoted>[^"]*)"?|(?P<hash_word>\S*))
    | (?P<key>[A-Za-z]+):(?:"(?P<key_quoted>[^"]*)"?|(?P<key_word>\S*))
    | "(?P<quoted>[^"]*)"?
    | (?P<word>\S+)
    """,
    re.VERBOSE,
)
MAX_QUERY_CHARS = 256
"""Characters of input read by :func:`parse_query` (the rest is ignored)."""
MAX_QUERY_TOKENS = 16
"""Free-text words kept; each one costs a pass over its candidates (and fuzzy lookups)."""
_TAG_KEYS = frozenset({"tag", "tags"})
_KIND_KEYS = frozenset({"kind", "daw"})


class ServerParams(TypedDict, total=False):
    """Keyword arguments of ``SessionDockClient.list_sessions`` a query maps to."""

    q: str
    kind: str
    tags: list[str]
    recent: bool


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed palette query.

    Attributes:
        text: Free text with whitespace normalised (not folded).
        tags: Tags that must all be present, lowercased, in order of appearance, deduplicated.
        kind: Required session kind, or ``None``.
        status: Required session status, or ``None``.
        recent: Only sessions opened within the last 30 days.
    """

    text: str = ""
    tags: tuple[str, ...] = ()
    kind: str | None = None
    status: str | None = None
    recent: bool = False

    @property
    def is_empty(self) -> bool:
        """True when there is neither free text nor any filter."""
        return not self.text and not self.has_filters

    @property
    def has_filters(self) -> bool:
        return bool(self.tags) or self.kind is not None or self.status is not None or self.recent

    @property
    def tokens(self) -> tuple[str, ...]:
        """Folded free-text tokens (what the local index matches), at most ``MAX_QUERY_TOKENS``."""
        return tuple(fold(self.text).split()[:MAX_QUERY_TOKENS])

    def to_server_params(self) -> ServerParams:
        """Parameters for ``GET /sessions`` (server-side search before the first sync).

        Typed, so ``client.list_sessions(**query.to_server_params())`` type-checks. The API has
        no ``status`` filter; callers filter that locally.
        """
        params: ServerParams = {}
        if self.text:
            params["q"] = self.text
        if self.kind is not None:
            params["kind"] = self.kind
        if self.tags:
            params["tags"] = list(self.tags)
        if self.recent:
            params["recent"] = True
        return params


def _clean(value: str) -> str:
    return " ".join(value.split())


@dataclass(slots=True)
class _Parts:
    """What :func:`parse_query` has collected so far."""

    free: list[str] = field(default_factory=list)
    tags: dict[str, None] = field(default_factory=dict)
    kind: str | None = None
    status: str | None = None
    recent: bool = False

    def take(self, match: re.Match[str]) -> None:
        groups = match.groupdict()
        if match.group(0).startswith("#"):
            tag = _clean(groups["hash_quoted"] or groups["hash_word"] or "").lower()
            if tag:
                self.tags.setdefault(tag, None)
        elif groups["key"] is not None:
            value = _clean(groups["key_quoted"] or groups["key_word"] or "")
            self.take_key(groups["key"].lower(), value, match.group(0))
        elif groups["quoted"] is not None:
            if groups["quoted"].strip():
                self.free.append(_clean(groups["quoted"]))
        elif groups["word"].lower() == "recent":
            self.recent = True
        else:
            self.free.append(groups["word"])

    def take_key(self, key: str, value: str, raw: str) -> None:
        if key in _TAG_KEYS:
            if value:
                self.tags.setdefault(value.lower(), None)
        elif key in _KIND_KEYS:
            self.kind = value or self.kind
        elif key == "status":
            self.status = value or self.status
        elif key == "is" and value.lower() == "recent":
            self.recent = True
        else:
            self.free.append(raw)


def parse_query(text: str) -> Query:
    """Parse palette input into a :class:`Query`; never raises.

    Reads at most ``MAX_QUERY_CHARS`` characters (see :attr:`Query.tokens` for the word bound).
    """
    parts = _Parts()
    for match in _TOKEN.finditer(text[:MAX_QUERY_CHARS]):
        parts.take(match)
    return Query(
        text=" ".join(parts.free),
        tags=tuple(parts.tags),
        kind=parts.kind,
        status=parts.status,
        recent=parts.recent,
    )
