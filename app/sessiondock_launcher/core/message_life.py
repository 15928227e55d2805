"""How long a message stays on screen: the lifetime rules, without Qt.

Every message gets one lifetime when it is posted:

- **tied to a condition** (SessionDock not running, token missing or rejected, read-only): it
  stays while that condition may hold and clears as soon as the link status changes to one where
  it does not (the status row saying "Connected" and a red "isn't running" banner never coexist);
- **fades**: information ("Copied the project path…") goes after :data:`INFO_SECONDS`, a plain
  warning without a button after :data:`WARNING_SECONDS`;
- **until acted on**: a message with a button ("Quit anyway", "Open in DAW") and any other error
  stays until the user acts, dismisses it (typing, Esc) or a newer message replaces it.

:class:`MessageLife` holds the one message on show; the UI calls :meth:`MessageLife.post`,
:meth:`MessageLife.on_status` and :meth:`MessageLife.tick` and only renders what it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sessiondock_launcher.core.messages import Condition, Level, UserMessage, condition_of
from sessiondock_launcher.core.status import LauncherStatus, Link

INFO_SECONDS = 4.0
WARNING_SECONDS = 10.0


class Lifetime(Enum):
    CONDITION = "until its condition clears"
    FADES = "fades"
    UNTIL_ACTED = "until acted on or dismissed"


def condition_holds(condition: Condition, status: LauncherStatus) -> bool:
    """Whether ``status`` still shows the ``condition`` a message is about."""
    if condition is Condition.LINK_DOWN:
        return status.link is not Link.CONNECTED
    if condition is Condition.TOKEN:
        return status.link is Link.NEEDS_TOKEN
    return status.read_only  # Condition.READ_ONLY


@dataclass(frozen=True, slots=True)
class Shown:
    """The message on show and how it ends (``expires_at`` on the caller's monotonic clock)."""

    message: UserMessage
    lifetime: Lifetime
    condition: Condition | None = None
    expires_at: float | None = None


def lifetime_of(message: UserMessage, now: float) -> Shown:
    """The lifetime rules: a button keeps it; else its condition; else info and warnings fade."""
    if message.action is not None:
        return Shown(message, Lifetime.UNTIL_ACTED)
    condition = message.condition or condition_of(message.text)
    if condition is not None:
        return Shown(message, Lifetime.CONDITION, condition)
    if message.level is Level.INFO:
        return Shown(message, Lifetime.FADES, expires_at=now + INFO_SECONDS)
    if message.level is Level.WARNING:
        return Shown(message, Lifetime.FADES, expires_at=now + WARNING_SECONDS)
    return Shown(message, Lifetime.UNTIL_ACTED)


def _link_key(status: LauncherStatus) -> tuple[Link, bool]:
    return status.link, status.read_only


class MessageLife:
    """The message on show, and when it ends. Times are seconds on a monotonic clock."""

    def __init__(self, status: LauncherStatus | None = None) -> None:
        self.shown: Shown | None = None
        self._status = status or LauncherStatus()

    @property
    def message(self) -> UserMessage | None:
        return self.shown.message if self.shown is not None else None

    def post(self, message: UserMessage, now: float) -> Shown:
        """``message`` replaces the one on show; returns its lifetime."""
        self.shown = lifetime_of(message, now)
        return self.shown

    def dismiss(self) -> None:
        """The user dismissed it, acted on it, or typed on."""
        self.shown = None

    def on_status(self, status: LauncherStatus) -> bool:
        """A new link status; True when this ends the message on show (its cause ended).

        Only a *change* of the link (or of read-only) can end it: a failure reported a moment
        before the link monitor notices stays until the monitor has seen the link come back.
        """
        changed = _link_key(status) != _link_key(self._status)
        self._status = status
        shown = self.shown
        if (
            shown is None
            or shown.condition is None
            or not changed
            or condition_holds(shown.condition, status)
        ):
            return False
        self.shown = None
        return True

    def tick(self, now: float) -> bool:
        """True when the message on show has faded by ``now``."""
        shown = self.shown
        if shown is None or shown.expires_at is None or now < shown.expires_at:
            return False
        self.shown = None
        return True
