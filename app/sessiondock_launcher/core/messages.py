"""The one catalogue of user-facing wording, and the Qt-free message values that carry it.

Every sentence the launcher says about a failure, a mode or a write lives here once, so a wording
fix is one edit and tests compare against these names instead of copies of the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class MessageAction:
    """A button offered with a message, e.g. "Open in DAW" when focus is unavailable."""

    label: str
    callback: Callable[[], object]


@dataclass(frozen=True, slots=True)
class UserMessage:
    text: str
    level: Level = Level.INFO
    action: MessageAction | None = None


# -- modes and the link -----------------------------------------------------------------------
_FULL_AUTOMATION = "{what} needs Full Automation: SessionDock → Settings → Local API"


def needs_full_automation(what: str) -> str:
    """``what`` (e.g. "Editing tags") is refused because SessionDock is read-only."""
    return _FULL_AUTOMATION.format(what=what)


def needs_sessiondock(what: str, link_text: str) -> str:
    """``what`` cannot run because the link is not up; ``link_text`` says why."""
    return f"{what} needs SessionDock: {link_text}"


FOCUS_READ_ONLY = needs_full_automation("Focus")
OPEN_READ_ONLY = needs_full_automation("Opening")
IMPORT_READ_ONLY = needs_full_automation("Importing")
READ_ONLY_LABEL_SUFFIX = " (needs Full Automation)"
TOKEN_NEEDED = "Token needed — copy it from SessionDock → Settings → Local API"
LINK_CONNECTING = "Connecting to SessionDock…"
LINK_OFFLINE = "SessionDock isn't running"
LINK_NEEDS_TOKEN = "Token needed — add it in Settings"
LINK_MISCONFIGURED = "Check the SessionDock address in Settings"
TOKEN_REJECTED = "Token rejected — update it in Settings"
UNREADABLE = "SessionDock isn't answering properly — retrying"
WAITING = "Waiting for SessionDock…"
OPEN_IN_DAW = "Open in DAW"


def something_went_wrong(kind: str) -> str:
    return f"Something went wrong ({kind}). Details are in the log."


# -- focus and open ----------------------------------------------------------------------------
FOCUS_UNAVAILABLE = "SessionDock can't focus sessions in this runtime. Open it in its DAW instead?"


def focus_failed(title: str, reason: str) -> str:
    return f"SessionDock couldn't focus “{title}”: {reason}. Open it in its DAW instead?"


def open_failed(title: str, reason: str) -> str:
    return f"SessionDock couldn't open “{title}”: {reason}"


def session_gone(title: str) -> str:
    return f"“{title}” no longer exists in SessionDock — removed it."


# -- edits -------------------------------------------------------------------------------------
SAVE_READ_ONLY = "SessionDock is read-only now; nothing was saved. " + needs_full_automation(
    "Saving"
)
TOKEN_REJECTED_INPUT_KEPT = TOKEN_REJECTED + ". Your input is kept."


def session_gone_input_kept(title: str) -> str:
    return session_gone(title) + " Your input is still in the editor."


def save_refused(what: str, reason: str) -> str:
    return f"SessionDock refused {what}: {reason}"


def save_offline(what: str, reason: str) -> str:
    return f"Couldn't save {what}: {reason} Your input is kept — Retry."


def save_failed(what: str, reason: str) -> str:
    return f"Couldn't save {what}: {reason}"


def created(title: str) -> str:
    return f"Created “{title}” in SessionDock"


# -- import ------------------------------------------------------------------------------------
NOTHING_TO_IMPORT = "Nothing to import"
ONLY_LOCAL_IMPORTS = "Only projects on this computer can be imported"


def import_unavailable(reason: str) -> str:
    return f"This SessionDock can't import right now: {reason}"


def import_not_started(reason: str) -> str:
    return f"The import didn't start: {reason}"


# -- the shell ---------------------------------------------------------------------------------
UNSAVED_EDIT_ON_QUIT = "You have an unsaved edit. Save or cancel it, or quit anyway."


def settings_not_saved(kind: str) -> str:
    return f"Could not save the settings ({kind}). Details are in the log."


def autostart_not_changed(reason: str) -> str:
    return f"Could not change launch at login: {reason}"


def waiting_for_results(text: str) -> str:
    return f"Waiting for the results for “{text}”… (Esc cancels)"


NO_SESSIONS_YET = "No sessions yet: start SessionDock once so the launcher can store the library"
