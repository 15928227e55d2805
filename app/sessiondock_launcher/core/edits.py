"""Writes to SessionDock with optimistic updates, rollback and no lost input: the edit service.

A change goes into the local index at once (the row updates while the request runs); then the
index keeps what the server stored, or gets the previous version back. Every write passes the one
write gate first, and every failure becomes one message from the catalogue. Nothing is retried
automatically: the editor keeps the user's input and offers Retry.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sessiondock_launcher.api import (
    InvalidRequest,
    NetworkError,
    NotFound,
    ReadOnly,
    Session,
    SessionDockClient,
    SessionDockError,
    TagCount,
    Unauthorized,
)
from sessiondock_launcher.core import messages
from sessiondock_launcher.core.client_source import ClientSource
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.messages import QT_TRANSLATE_NOOP, Level
from sessiondock_launcher.core.write_gate import WriteGate

logger = logging.getLogger(__name__)

# What failed, as a whole phrase the catalogue holds ("the tags" built by an f-string stayed
# English inside a German sentence).
_THE = {
    "tags": QT_TRANSLATE_NOOP("Messages", "the tags"),
    "notes": QT_TRANSLATE_NOOP("Messages", "the notes"),
    "changes": QT_TRANSLATE_NOOP("Messages", "the changes"),
}

TAG_SUGGESTIONS_MAX_AGE_S = 30.0


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did. ``message`` is for the user ("" on a silent success)."""

    ok: bool
    message: str = ""
    session: Session | None = None
    level: Level = Level.ERROR


class EditService:
    """Saves tags, notes, fields and new sessions; keeps the index in step.

    Args:
        source: the owner of the client and the link state.
        index: the session index the rows are drawn from.
        on_changed: the index now holds this version (optimistic, stored or rolled back).
        on_removed: SessionDock no longer has this session id; it left the index.
        clock: monotonic seconds (tests pass their own).
    """

    def __init__(
        self,
        source: ClientSource,
        index: SessionIndex,
        *,
        on_changed: Callable[[Session], None] = lambda _s: None,
        on_removed: Callable[[str], None] = lambda _id: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self.gate = WriteGate(source)
        self.index = index
        self._on_changed = on_changed
        self._on_removed = on_removed
        self._clock = clock
        self._tag_counts: tuple[TagCount, ...] = ()
        self._tags_at = -1e9
        self._known: dict[tuple[str, int], list[str]] = {}

    # -- reads for editors -------------------------------------------------------------------
    async def tag_suggestions(self) -> tuple[TagCount, ...]:
        """``GET /tags`` (most used first), cached briefly; ``()`` when unavailable."""
        client = self._source.client
        if client is None or self._clock() - self._tags_at < TAG_SUGGESTIONS_MAX_AGE_S:
            return self._tag_counts
        try:
            self._tag_counts = await client.list_tags()
        except SessionDockError as exc:
            logger.info("Tag suggestions unavailable: %s", exc)
            return self._tag_counts
        self._tags_at = self._clock()
        return self._tag_counts

    def known_values(self, field: str) -> list[str]:
        """Distinct ``kind``/``status`` values in the library, most common first."""
        key = (field, self.index.generation)
        cached = self._known.get(key)
        if cached is None:
            counts: dict[str, int] = {}
            for raw, count in self.index.field_counts(field).items():
                value = raw.strip()  # from the index's columns: no session read from the store
                if value:
                    counts[value] = counts.get(value, 0) + count
            cached = sorted(counts, key=lambda v: (-counts[v], v.casefold()))
            self._known = {k: v for k, v in self._known.items() if k[1] == key[1]}
            self._known[key] = cached
        return list(cached)

    # -- writes ------------------------------------------------------------------------------
    async def save_tags(self, session: Session, tags: list[str]) -> SaveResult:
        """``PUT /sessions/{id}/tags``."""

        async def call(client: SessionDockClient) -> Mapping[str, Any]:
            return {"tags": await client.put_tags(session.id, tags)}

        return await self._save(
            session,
            {"tags": tuple(tags)},
            call,
            QT_TRANSLATE_NOOP("Messages", "Editing tags"),
            QT_TRANSLATE_NOOP("Messages", "tags"),
        )

    async def save_notes(self, session: Session, notes: str) -> SaveResult:
        """``PUT /sessions/{id}/notes``."""

        async def call(client: SessionDockClient) -> Mapping[str, Any]:
            return {"notes": await client.put_notes(session.id, notes)}

        return await self._save(
            session,
            {"notes": notes},
            call,
            QT_TRANSLATE_NOOP("Messages", "Editing notes"),
            QT_TRANSLATE_NOOP("Messages", "notes"),
        )

    async def save_fields(self, session: Session, fields: Mapping[str, str]) -> SaveResult:
        """``PATCH /sessions/{id}`` with ``title``/``status`` (only what changed)."""

        async def call(client: SessionDockClient) -> Mapping[str, Any]:
            stored = await client.patch_session(session.id, dict(fields))
            return {name: getattr(stored, name) for name in fields}

        return await self._save(
            session,
            dict(fields),
            call,
            QT_TRANSLATE_NOOP("Messages", "Editing sessions"),
            QT_TRANSLATE_NOOP("Messages", "changes"),
        )

    async def create(self, fields: Mapping[str, Any]) -> SaveResult:
        """``POST /sessions``; the new session goes into the index at once."""
        blocked = self.gate.write_block(QT_TRANSLATE_NOOP("Messages", "Creating sessions"))
        client = self._source.client
        if blocked or client is None:
            return SaveResult(False, blocked)
        try:
            created = await client.create_session(fields)
        except SessionDockError as exc:
            return SaveResult(
                False,
                self._failure_text(exc, None, QT_TRANSLATE_NOOP("Messages", "the new session")),
            )
        self._put(created)
        return SaveResult(True, messages.created(created.display_title), created, Level.INFO)

    async def _save(
        self,
        session: Session,
        changes: Mapping[str, Any],
        call: Callable[[SessionDockClient], Awaitable[Mapping[str, Any]]],
        what: str,
        noun: str,
    ) -> SaveResult:
        blocked = self.gate.write_block(what)
        client = self._source.client
        if blocked or client is None:
            return SaveResult(False, blocked)
        original = self.index.get(session.id) or session
        optimistic = dataclasses.replace(original, **changes)
        self._put(optimistic)
        try:
            stored = await call(client)
        except SessionDockError as exc:
            if not isinstance(exc, NotFound):
                self._restore(original, optimistic)
            return SaveResult(False, self._failure_text(exc, session, _THE.get(noun, noun)))
        except BaseException:  # cancelled (shutdown): leave the index as SessionDock has it
            self._restore(original, optimistic)
            raise
        current = self.index.get(session.id) or optimistic
        final = dataclasses.replace(current, **stored)
        self._put(final)
        logger.info("Saved %s of %s", noun, session.id)
        return SaveResult(True, session=final, level=Level.INFO)

    def _put(self, session: Session) -> None:
        self.index.upsert(session)
        self._on_changed(session)

    def _restore(self, original: Session, optimistic: Session) -> None:
        # Only undo our own change: a sync may have brought a newer version meanwhile.
        if self.index.get(original.id) == optimistic:
            self._put(original)

    def _failure_text(self, exc: SessionDockError, session: Session | None, what: str) -> str:
        """What went wrong, for the user; updates the link and the index as the error implies."""
        if isinstance(exc, ReadOnly):
            self._source.check_now()
            text = messages.SAVE_READ_ONLY
        elif isinstance(exc, NotFound) and session is not None:
            self.index.remove(session.id)
            self._on_removed(session.id)
            text = messages.session_gone_input_kept(session.display_title)
        elif isinstance(exc, InvalidRequest):
            text = messages.save_refused(what, exc.message)
        elif isinstance(exc, Unauthorized):
            self._source.note_failure(exc)
            text = messages.TOKEN_REJECTED_INPUT_KEPT
        elif isinstance(exc, NetworkError):
            self._source.note_failure(exc)
            text = messages.save_offline(what, exc.user_message)
        else:
            text = messages.save_failed(what, exc.user_message)
        logger.info("Save of %s failed: %s", what, exc)
        return text
