"""Which fix a message offers as a button, for how this launcher is set up (Qt-free).

A message that names a fix the launcher can start gets a button for it: a missing or rejected
token and a wrong address → "Open Settings" (not when ``SESSIONDOCK_TOKEN`` locks the token
field: there the fix is the environment and a restart, which the message already says);
SessionDock not reachable → "Retry now" (not in ``--demo``: the launcher restarts its own demo
server and says so). A message that brings its own button keeps it.

The button never changes how long the message lives: ``core/message_life.py`` judges the message
as it was posted, so a token message still ends as soon as the token works.
"""

from __future__ import annotations

from enum import Enum

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.messages import SETUP, Condition, Setup, UserMessage, condition_of
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

__all__ = ["Fix", "fix_for"]


class Fix(Enum):
    """A fix the UI knows how to start; the value is the button's label."""

    OPEN_SETTINGS = QT_TRANSLATE_NOOP("Messages", "Open Settings")
    RETRY = QT_TRANSLATE_NOOP("Messages", "Retry now")


def fix_for(message: UserMessage, setup: Setup = SETUP) -> Fix | None:
    """The button ``message`` should offer (None: it has its own, or nothing to offer)."""
    if message.action is not None:
        return None
    condition = message.condition or condition_of(message.text)
    if condition is Condition.TOKEN:
        return None if setup.token_from_env else Fix.OPEN_SETTINGS
    if messages.LINK_MISCONFIGURED in message.text:
        return Fix.OPEN_SETTINGS
    if condition is Condition.LINK_DOWN and not setup.demo:
        return Fix.RETRY
    return None
