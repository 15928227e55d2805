"""Focus and open: what Enter and Ctrl+Enter do, and what the user hears when they fail.

:class:`ActionService` sends ``POST /sessions/{id}/focus`` or ``/open`` through the one write
gate and turns every result into a typed :class:`Outcome`: success, a user message that says what
to do, and where it helps an offered alternative ("Open in DAW" when focus is unavailable). The
UI shows the outcome; it decides nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from sessiondock_launcher.api import (
    ApiError,
    FocusFailed,
    FocusUnavailable,
    NotFound,
    OpenFailed,
    ReadOnly,
    Session,
    SessionDockError,
    Unauthorized,
)
from sessiondock_launcher.core import messages
from sessiondock_launcher.core.client_source import ClientSource
from sessiondock_launcher.core.frecency import FrecencyStore
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.messages import Level
from sessiondock_launcher.core.write_gate import WriteGate

logger = logging.getLogger(__name__)

WAITING_AFTER_S = 0.6


class Action(Enum):
    FOCUS = "focus"
    OPEN = "open"


class Alternative(Enum):
    """Another action offered with a failure message; the value is the button label."""

    OPEN_IN_DAW = messages.OPEN_IN_DAW


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one action, as the user should see it.

    ``done`` is True when SessionDock did it. Otherwise ``text`` says what happened and how to fix
    it, ``offer`` names an alternative worth a button, and ``removed`` is True when the session no
    longer exists and left the index.
    """

    done: bool
    text: str = ""
    level: Level = Level.ERROR
    offer: Alternative | None = None
    removed: bool = False


DONE = Outcome(True, level=Level.INFO)


class ActionService:
    """Runs focus/open against SessionDock and remembers what was used (frecency).

    Args:
        source: the owner of the client and the link state.
        index: the session index (a session SessionDock no longer has leaves it).
        frecency: usage history; a successful action is recorded and saved.
        handoff: lets SessionDock take the foreground (Windows), called before each request.
        on_slow: called once when SessionDock takes longer than ``waiting_after_s`` to answer.
    """

    def __init__(
        self,
        source: ClientSource,
        index: SessionIndex,
        frecency: FrecencyStore,
        *,
        handoff: Callable[[], bool] = lambda: True,
        on_slow: Callable[[], None] = lambda: None,
        waiting_after_s: float = WAITING_AFTER_S,
    ) -> None:
        self._source = source
        self._gate = WriteGate(source)
        self.index = index
        self.frecency = frecency
        self._handoff = handoff
        self._on_slow = on_slow
        self._waiting_after_s = waiting_after_s

    async def focus(self, session: Session) -> Outcome:
        """``POST /sessions/{id}/focus`` with an actionable outcome for every failure."""
        return await self._run(Action.FOCUS, session)

    async def open(self, session: Session) -> Outcome:
        """``POST /sessions/{id}/open``: open the project in its DAW."""
        return await self._run(Action.OPEN, session)

    async def _run(self, action: Action, session: Session) -> Outcome:
        read_only_text = (
            messages.FOCUS_READ_ONLY if action is Action.FOCUS else messages.OPEN_READ_ONLY
        )
        blocked = self._gate.automation_block(read_only_text)
        client = self._source.client
        if blocked or client is None:
            return Outcome(False, blocked)
        self._handoff()  # while we still have the foreground (Windows, docs/pitfalls.md §10)
        call = client.focus_session if action is Action.FOCUS else client.open_session
        waiting = asyncio.get_running_loop().call_later(self._waiting_after_s, self._on_slow)
        try:
            await call(session.id)
        except ReadOnly:
            self._source.check_now()
            return Outcome(False, read_only_text)
        except NotFound:
            self._forget(session)
            return Outcome(
                False, messages.session_gone(session.display_title), Level.WARNING, removed=True
            )
        except ApiError as exc:
            return self._failed(action, session, exc)
        except SessionDockError as exc:
            return self._report(exc)
        finally:
            waiting.cancel()
        logger.info("%s session %s", "Focused" if action is Action.FOCUS else "Opened", session.id)
        self._remember(session)
        return DONE

    def _failed(self, action: Action, session: Session, exc: ApiError) -> Outcome:
        title = session.display_title
        if action is Action.FOCUS and isinstance(exc, FocusUnavailable):
            return Outcome(
                False, messages.FOCUS_UNAVAILABLE, Level.WARNING, Alternative.OPEN_IN_DAW
            )
        if action is Action.FOCUS and isinstance(exc, FocusFailed):
            return Outcome(
                False, messages.focus_failed(title, exc.message), offer=Alternative.OPEN_IN_DAW
            )
        if action is Action.OPEN and isinstance(exc, OpenFailed):
            return Outcome(False, messages.open_failed(title, exc.message))
        return self._report(exc)

    def _report(self, exc: SessionDockError) -> Outcome:
        self._source.note_failure(exc)
        if isinstance(exc, Unauthorized):
            return Outcome(False, messages.TOKEN_REJECTED)
        return Outcome(False, exc.user_message)

    def _remember(self, session: Session) -> None:
        self.frecency.record(session.id)
        try:
            self.frecency.save()
        except OSError as exc:  # a full disk must not turn a successful focus into an error
            logger.warning("Could not save usage history: %s", exc)

    def _forget(self, session: Session) -> None:
        self.index.remove(session.id)
        self.frecency.forget(session.id)
