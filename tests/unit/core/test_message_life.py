"""The message lifetime rules (core/message_life.py), without Qt (issue 11 item 2)."""

from __future__ import annotations

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.message_life import (
    INFO_SECONDS,
    Lifetime,
    MessageLife,
    lifetime_of,
)
from sessiondock_launcher.core.messages import Condition, Level, MessageAction, UserMessage
from sessiondock_launcher.core.status import LauncherStatus, Link

CONNECTED = LauncherStatus(Link.CONNECTED, effective_mode="full-automation")
OFFLINE = LauncherStatus(Link.OFFLINE)
NEEDS_TOKEN = LauncherStatus(Link.NEEDS_TOKEN)
READ_ONLY = LauncherStatus(Link.CONNECTED, effective_mode="read-only")
NOT_RUNNING = "SessionDock isn't running — start it, or check the address in Settings."


def test_each_kind_of_message_gets_its_lifetime() -> None:
    def life(message: UserMessage) -> Lifetime:
        return lifetime_of(message, 0.0).lifetime

    assert life(UserMessage("Copied the project path of “A”")) is Lifetime.FADES
    assert life(UserMessage(NOT_RUNNING, Level.ERROR)) is Lifetime.CONDITION
    assert life(UserMessage(messages.TOKEN_REJECTED, Level.ERROR)) is Lifetime.CONDITION
    assert life(UserMessage(messages.FOCUS_READ_ONLY, Level.ERROR)) is Lifetime.CONDITION
    quit_anyway = MessageAction("Quit anyway", lambda: None)
    warning = UserMessage(messages.UNSAVED_EDIT_ON_QUIT, Level.WARNING, quit_anyway)
    assert life(warning) is Lifetime.UNTIL_ACTED
    assert life(UserMessage(messages.something_went_wrong("X"), Level.ERROR)) is (
        Lifetime.UNTIL_ACTED
    )


def test_not_running_clears_when_the_link_comes_back() -> None:
    life = MessageLife(CONNECTED)  # the failure is reported before the monitor notices
    life.post(UserMessage(NOT_RUNNING, Level.ERROR), now=0.0)
    assert life.on_status(CONNECTED) is False  # no change of the link yet
    assert life.on_status(OFFLINE) is False  # the condition holds
    assert life.tick(now=60.0) is False  # errors tied to a condition never fade
    assert life.on_status(CONNECTED) is True and life.message is None


def test_token_and_read_only_clear_with_their_condition_only() -> None:
    life = MessageLife(NEEDS_TOKEN)
    life.post(UserMessage(messages.TOKEN_REJECTED, Level.ERROR), now=0.0)
    assert life.on_status(OFFLINE) is True  # the token is no longer what is wrong
    life = MessageLife(READ_ONLY)
    life.post(UserMessage(messages.FOCUS_READ_ONLY, Level.ERROR), now=0.0)
    assert life.on_status(OFFLINE) is True
    life = MessageLife(OFFLINE)
    life.post(UserMessage("x", Level.ERROR, condition=Condition.READ_ONLY), now=0.0)
    assert life.on_status(READ_ONLY) is False
    assert life.on_status(CONNECTED) is True


def test_info_fades_and_action_warnings_stay() -> None:
    life = MessageLife(CONNECTED)
    shown = life.post(UserMessage("Copied the notes of “A”"), now=10.0)
    assert shown.expires_at == 10.0 + INFO_SECONDS
    assert life.tick(now=10.0 + INFO_SECONDS - 0.1) is False
    assert life.tick(now=10.0 + INFO_SECONDS) is True
    life.post(UserMessage("Save first", Level.WARNING, MessageAction("Quit anyway", print)), 0.0)
    assert life.tick(now=3600.0) is False
    assert life.on_status(OFFLINE) is False and life.message is not None
