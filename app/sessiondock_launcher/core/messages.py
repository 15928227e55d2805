"""The one catalogue of user-facing wording, and the Qt-free message values that carry it.

Every sentence the launcher says about a failure, a mode or a write lives here once, so a wording
fix is one edit and tests compare against these names instead of copies of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Condition(Enum):
    """The state of the link a message is about; the message ends when it ends."""

    LINK_DOWN = "SessionDock not reachable"
    TOKEN = "token missing or rejected"
    READ_ONLY = "SessionDock read-only"


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
    condition: Condition | None = None  # None: read from the wording (condition_of)


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
TOKEN_LABEL_SUFFIX = " (token needed)"
OFFLINE_LABEL_SUFFIX = " (needs SessionDock)"
TOKEN_NEEDED = "Token needed — copy it from SessionDock → Settings → Local API"
LINK_CONNECTING = "Connecting to SessionDock…"
LINK_OFFLINE = "SessionDock isn't running"
LINK_NEEDS_TOKEN = "Token needed — add it in Settings"
LINK_MISCONFIGURED = "Check the SessionDock address in Settings"
TOKEN_REJECTED = "Token rejected — update it in Settings"
UNREADABLE = "SessionDock isn't answering properly — retrying"
WAITING = "Waiting for SessionDock…"
OPEN_IN_DAW = "Open in DAW"


# -- the same sentence for how this user is configured -------------------------------------------
TOKEN_REJECTED_ENV = (
    "Token rejected — set the new token in SESSIONDOCK_TOKEN and restart the launcher "
    "(the environment variable wins over Settings)"
)
DEMO_STOPPED = "The demo server stopped — the launcher is restarting it."
_NOT_RUNNING = re.compile(r"SessionDock isn't running(?: — [^.]*)?\.?")


@dataclass(slots=True)
class Setup:
    """How this launcher is configured, as far as the advice in a message depends on it."""

    token_from_env: bool = False  # SESSIONDOCK_TOKEN is set: the Settings field is locked
    demo: bool = False  # --demo: the bundled simulator is "SessionDock", and we own it


SETUP = Setup()


def configure(*, token_from_env: bool, demo: bool) -> None:
    """Called once at start-up (lifecycle.py) with where the connection came from."""
    SETUP.token_from_env, SETUP.demo = token_from_env, demo


def for_this_setup(text: str) -> str:
    """``text`` with the cause and fix that apply to this user's configuration.

    The status row, the tray and every posted message pass through here, so "update it in
    Settings" never reaches a user whose token comes from the environment, and "start
    SessionDock" never reaches a demo user (the launcher restarts its demo server itself).
    """
    if SETUP.demo:
        text = _NOT_RUNNING.sub(DEMO_STOPPED, text)
    if SETUP.token_from_env and text.startswith(TOKEN_REJECTED):
        return TOKEN_REJECTED_ENV + text[len(TOKEN_REJECTED) :]
    return text


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


DISCARD_NEW_SESSION = "Discard this new session? What you entered will be lost."


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


# -- which condition a sentence is about (core/message_life.py ends it with its condition) -----
_CONDITION_WORDING: tuple[tuple[str, Condition], ...] = (
    ("needs Full Automation", Condition.READ_ONLY),
    ("read-only now", Condition.READ_ONLY),
    ("Token rejected", Condition.TOKEN),
    ("Token needed", Condition.TOKEN),
    ("No SessionDock token is set", Condition.TOKEN),
    ("needs SessionDock:", Condition.LINK_DOWN),
    ("SessionDock isn't running", Condition.LINK_DOWN),
    ("demo server stopped", Condition.LINK_DOWN),
    ("SessionDock is not responding", Condition.LINK_DOWN),
    ("The connection to SessionDock was", Condition.LINK_DOWN),
)


def condition_of(text: str) -> Condition | None:
    """The link condition a catalogue (or API error) sentence reports, if any."""
    return next((c for phrase, c in _CONDITION_WORDING if phrase in text), None)


NO_SESSIONS_YET = "No sessions yet: start SessionDock once so the launcher can store the library"
COULD_NOT_SAVE_PIN = (
    "Could not save the pin: the launcher's library file is busy or its disk is full or "
    "read-only. Try again in a moment; details are in the log."
)
