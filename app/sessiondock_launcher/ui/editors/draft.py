"""What a "New session" made from a palette search starts with (Qt-free).

The empty state offers a new session when a search finds nothing. The session is made so that it
lands in that very search: the free text becomes the title, ``#tag``/``tag:`` filters its tags,
``kind:``/``daw:`` its kind and ``status:`` its status. A filter is taken only when the form would
accept it and it names what the search matches:

- a kind or status only when it equals (folded, as the search compares) one the library already
  has or a well-known one, in that spelling; a half-typed ``kind:Abl`` is left out;
- tags as the form's tag field cleans them (:func:`clean_tag`), and only within the form's tag
  rules (:func:`tag_problem`): at most ``MAX_TAGS``, each under ``MAX_TAG_CHARS`` characters, no
  control characters; duplicates (any case) once. The search lowercases tags; the form respells
  them as the library's tag list has them (:func:`respell_tags`) when that arrives.

What is left out is named in :attr:`NewSessionDraft.left_out` (the form shows it), so the user
knows why the new session might not show up in the search. ``recent`` needs nothing: a new session
was opened just now. The grammar has no exclusion filters (``-#tag`` is free text: the title).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from sessiondock_launcher.core.imports import KIND_BY_EXTENSION
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.text import fold

__all__ = [
    "DEFAULT_STATUSES",
    "MAX_TAGS",
    "MAX_TAG_CHARS",
    "NewSessionDraft",
    "TagProblem",
    "clean_tag",
    "draft_for_search",
    "respell_tags",
    "tag_filter_text",
    "tag_problem",
]

MAX_TAGS = 20
"""Tags a new session may carry (form and prefill)."""
MAX_TAG_CHARS = 80
"""Characters of one tag (form and prefill)."""
DEFAULT_STATUSES = ("draft", "in-progress", "mixing", "mastering", "final", "archived")
WELL_KNOWN_KINDS = tuple(dict.fromkeys(KIND_BY_EXTENSION.values()))


def clean_tag(text: str) -> str:
    """A tag as the tag field keeps it: commas and runs of whitespace become one space."""
    return " ".join(text.replace(",", " ").split())


def _is_control(char: str) -> bool:
    # Cc: C0/C1 controls (NUL, ESC, DEL…); Cs: a lone surrogate cannot even be sent as UTF-8.
    return unicodedata.category(char) in ("Cc", "Cs")


def _has_control(text: str) -> bool:
    return any(map(_is_control, text))


def _shown(text: str) -> str:
    """``text`` safe to show: each control character as U+FFFD."""
    return "".join("\ufffd" if _is_control(char) else char for char in text)


class TagProblem(Enum):
    """Which rule a tag list breaks (the form words it; see ``session_form``)."""

    TOO_MANY = "too-many"
    TOO_LONG = "too-long"
    CONTROL = "control"


def tag_problem(tags: Sequence[str]) -> TagProblem | None:
    """The first rule ``tags`` breaks, or ``None``."""
    if len(tags) > MAX_TAGS:
        return TagProblem.TOO_MANY
    for tag in tags:
        if len(tag) > MAX_TAG_CHARS:
            return TagProblem.TOO_LONG
        if _has_control(tag):
            return TagProblem.CONTROL
    return None


def tag_filter_text(tag: str) -> str:
    """``tag`` as the search grammar writes it: ``#mix``, ``#"client work"``."""
    return f'#"{tag}"' if " " in tag else f"#{tag}"


def _known(value: str, candidates: Iterable[str]) -> str | None:
    """The first candidate equal to ``value`` as the search compares them (folded)."""
    key = fold(value)
    if not key:
        return None
    return next((c for c in candidates if c.strip() and fold(c) == key), None)


@dataclass(frozen=True, slots=True)
class NewSessionDraft:
    """The fields a new session starts with, and the search filters not taken.

    Attributes:
        title: The search's free text ("" when it had none).
        tags: Tags to prefill, cleaned and within the form's rules.
        kind: A known kind in its library spelling, or ``None`` (the form's default).
        status: A known status in its library spelling, or ``None`` (the form's default).
        left_out: The search's filters not prefilled, as the grammar writes them.
    """

    title: str = ""
    tags: tuple[str, ...] = ()
    kind: str | None = None
    status: str | None = None
    left_out: tuple[str, ...] = ()

    @property
    def filters_text(self) -> str:
        """The prefilled filters as the search writes them: ``#mix kind:Ableton status:draft``."""
        parts = [tag_filter_text(tag) for tag in self.tags]
        for key, value in (("kind", self.kind), ("status", self.status)):
            if value is not None:
                parts.append(f'{key}:"{value}"' if " " in value else f"{key}:{value}")
        return " ".join(parts)


def respell_tags(tags: Sequence[str], known: Iterable[str]) -> tuple[str, ...]:
    """``tags`` in the spelling of ``known`` (most used first) where they differ only in case.

    The search lowercases ``#Mix``; the library's "Mix" is kept rather than a second "mix".
    """
    spelling: dict[str, str] = {}
    for tag in known:
        spelling.setdefault(tag.casefold(), tag)
    return tuple(spelling.get(tag.casefold(), tag) for tag in tags)


def _take_tags(tags: Iterable[str]) -> tuple[list[str], list[str]]:
    kept: list[str] = []
    seen: set[str] = set()
    left_out: list[str] = []
    for raw in tags:
        tag = clean_tag(raw)
        if not tag or tag.casefold() in seen:
            continue
        if len(kept) >= MAX_TAGS or tag_problem([tag]) is not None:
            left_out.append(_shown(tag_filter_text(tag)))
            continue
        seen.add(tag.casefold())
        kept.append(tag)
    return kept, left_out


def draft_for_search(
    search: str, *, kinds: Sequence[str] = (), statuses: Sequence[str] = ()
) -> NewSessionDraft:
    """The draft for palette input ``search``; ``kinds``/``statuses``: the library's values.

    Never raises; bounded by :func:`parse_query` (``MAX_QUERY_CHARS``) and ``MAX_TAGS``.
    """
    query = parse_query(search)
    tags, left_out = _take_tags(query.tags)
    kind = status = None
    if query.kind is not None:
        kind = _known(query.kind, (*kinds, *WELL_KNOWN_KINDS))
        if kind is None:
            left_out.append(_shown(f"kind:{query.kind}"))
    if query.status is not None:
        status = _known(query.status, (*statuses, *DEFAULT_STATUSES))
        if status is None:
            left_out.append(_shown(f"status:{query.status}"))
    return NewSessionDraft(
        title=query.text,
        tags=tuple(tags),
        kind=kind,
        status=status,
        left_out=tuple(left_out),
    )
