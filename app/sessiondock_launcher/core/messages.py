"""The one catalogue of user-facing wording, and the Qt-free message values that carry it.

Every sentence the launcher says about a failure, a mode or a write lives here once, so a wording
fix is one edit and tests compare against these names instead of copies of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

__all__ = ["QT_TRANSLATE_NOOP"]  # re-exported: core/ marks its sentences with it


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
_FULL_AUTOMATION = QT_TRANSLATE_NOOP(
    "Messages", "{what} needs Full Automation: SessionDock → Settings → Local API"
)


def needs_full_automation(what: str) -> str:
    """``what`` (e.g. "Editing tags") is refused because SessionDock is read-only."""
    return _FULL_AUTOMATION.format(what=what)


def needs_sessiondock(what: str, link_text: str) -> str:
    """``what`` cannot run because the link is not up; ``link_text`` says why."""
    return QT_TRANSLATE_NOOP("Messages", "{what} needs SessionDock: {link_text}").format(
        what=what, link_text=link_text
    )


FOCUS_READ_ONLY = needs_full_automation(QT_TRANSLATE_NOOP("Messages", "Focus"))
OPEN_READ_ONLY = needs_full_automation(QT_TRANSLATE_NOOP("Messages", "Opening"))
IMPORT_READ_ONLY = needs_full_automation(QT_TRANSLATE_NOOP("Messages", "Importing"))
READ_ONLY_LABEL_SUFFIX = QT_TRANSLATE_NOOP("Messages", " (needs Full Automation)")
TOKEN_LABEL_SUFFIX = QT_TRANSLATE_NOOP("Messages", " (token needed)")
OFFLINE_LABEL_SUFFIX = QT_TRANSLATE_NOOP("Messages", " (needs SessionDock)")
TOKEN_NEEDED = QT_TRANSLATE_NOOP(
    "Messages", "Token needed — copy it from SessionDock → Settings → Local API"
)
LINK_CONNECTING = QT_TRANSLATE_NOOP("Messages", "Connecting to SessionDock…")
LINK_OFFLINE = QT_TRANSLATE_NOOP("Messages", "SessionDock isn't running")
LINK_NEEDS_TOKEN = QT_TRANSLATE_NOOP("Messages", "Token needed — add it in Settings")
LINK_MISCONFIGURED = QT_TRANSLATE_NOOP("Messages", "Check the SessionDock address in Settings")
TOKEN_REJECTED = QT_TRANSLATE_NOOP("Messages", "Token rejected — update it in Settings")
UNREADABLE = QT_TRANSLATE_NOOP("Messages", "SessionDock isn't answering properly — retrying")
WAITING = QT_TRANSLATE_NOOP("Messages", "Waiting for SessionDock…")
OPEN_IN_DAW = QT_TRANSLATE_NOOP("Messages", "Open in DAW")


# -- the same sentence for how this user is configured -------------------------------------------
_TOKEN_REJECTED_ENV = QT_TRANSLATE_NOOP(
    "Messages",
    "Token rejected — set the new token in SESSIONDOCK_TOKEN and restart the launcher "
    "(the environment variable wins over Settings){rest}",
)
TOKEN_REJECTED_ENV = _TOKEN_REJECTED_ENV.format(rest="")
DEMO_STOPPED = QT_TRANSLATE_NOOP(
    "Messages", "The demo server stopped — the launcher is restarting it."
)
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
        return _TOKEN_REJECTED_ENV.format(rest=text[len(TOKEN_REJECTED) :])
    return text


def something_went_wrong(kind: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages", "Something went wrong ({kind}). Details are in the log."
    ).format(kind=kind)


# -- focus and open ----------------------------------------------------------------------------
FOCUS_UNAVAILABLE = QT_TRANSLATE_NOOP(
    "Messages", "SessionDock can't focus sessions in this runtime. Open it in its DAW instead?"
)


def focus_failed(title: str, reason: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages", "SessionDock couldn't focus “{title}”: {reason}. Open it in its DAW instead?"
    ).format(title=title, reason=reason)


def open_failed(title: str, reason: str) -> str:
    return QT_TRANSLATE_NOOP("Messages", "SessionDock couldn't open “{title}”: {reason}").format(
        title=title, reason=reason
    )


def session_gone(title: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages", "“{title}” no longer exists in SessionDock — removed it."
    ).format(title=title)


# -- edits -------------------------------------------------------------------------------------
SAVE_READ_ONLY = QT_TRANSLATE_NOOP(
    "Messages", "SessionDock is read-only now; nothing was saved. {reason}"
).format(reason=needs_full_automation(QT_TRANSLATE_NOOP("Messages", "Saving")))


def input_kept(message: str) -> str:
    """``message`` (a sentence without its full stop) + that the input is still there."""
    return QT_TRANSLATE_NOOP("Messages", "{sentence}. Your input is kept.").format(sentence=message)


TOKEN_REJECTED_INPUT_KEPT = input_kept(TOKEN_REJECTED)
# What follows TOKEN_REJECTED in sentences that start with it (for_this_setup keeps it).
QT_TRANSLATE_NOOP("Messages", ". Your input is kept.")
QT_TRANSLATE_NOOP("Messages", " (copy it from SessionDock → Settings → Local API).")


def session_gone_input_kept(title: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages",
        "“{title}” no longer exists in SessionDock — removed it. "
        "Your input is still in the editor.",
    ).format(title=title)


def save_refused(what: str, reason: str) -> str:
    return QT_TRANSLATE_NOOP("Messages", "SessionDock refused {what}: {reason}").format(
        what=what, reason=reason
    )


def save_offline(what: str, reason: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages", "Couldn't save {what}: {reason} Your input is kept — Retry."
    ).format(what=what, reason=reason)


def save_failed(what: str, reason: str) -> str:
    return QT_TRANSLATE_NOOP("Messages", "Couldn't save {what}: {reason}").format(
        what=what, reason=reason
    )


DISCARD_NEW_SESSION = QT_TRANSLATE_NOOP(
    "Messages", "Discard this new session? What you entered will be lost."
)


PINNED_MARK = QT_TRANSLATE_NOOP("Messages", "Pinned")
"""Said first in a pinned session's row."""


def pinned(title: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages", "Pinned “{title}”: it heads the empty search and the tray menu"
    ).format(title=title)


def unpinned(title: str) -> str:
    return QT_TRANSLATE_NOOP("Messages", "Unpinned “{title}”").format(title=title)


def created(title: str) -> str:
    return QT_TRANSLATE_NOOP("Messages", "Created “{title}” in SessionDock").format(title=title)


# -- import ------------------------------------------------------------------------------------
NOTHING_TO_IMPORT = QT_TRANSLATE_NOOP("Messages", "Nothing to import")
ONLY_LOCAL_IMPORTS = QT_TRANSLATE_NOOP("Messages", "Only projects on this computer can be imported")


def import_unavailable(reason: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages", "This SessionDock can't import right now: {reason}"
    ).format(reason=reason)


def import_not_started(reason: str) -> str:
    return QT_TRANSLATE_NOOP("Messages", "The import didn't start: {reason}").format(reason=reason)


# -- the shell ---------------------------------------------------------------------------------
UNSAVED_EDIT_ON_QUIT = QT_TRANSLATE_NOOP(
    "Messages", "You have an unsaved edit. Save or cancel it, or quit anyway."
)


def settings_not_saved(kind: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages", "Could not save the settings ({kind}). Details are in the log."
    ).format(kind=kind)


def autostart_not_changed(reason: str) -> str:
    return QT_TRANSLATE_NOOP("Messages", "Could not change launch at login: {reason}").format(
        reason=reason
    )


def waiting_for_results(text: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Messages", "Waiting for the results for “{text}”… (Esc cancels)"
    ).format(text=text)


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


NO_SESSIONS_YET = QT_TRANSLATE_NOOP(
    "Messages", "No sessions yet: start SessionDock once so the launcher can store the library"
)
COULD_NOT_SAVE_PIN = QT_TRANSLATE_NOOP(
    "Messages",
    "Could not save the pin: the launcher's library file is busy or its disk is full or "
    "read-only. Try again in a moment; details are in the log.",
)
