"""Which button a message offers, for how the launcher is set up."""

from __future__ import annotations

import pytest

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.message_fixes import Fix, fix_for
from sessiondock_launcher.core.messages import Level, MessageAction, Setup, UserMessage

PLAIN = Setup()
ENV_TOKEN = Setup(token_from_env=True)
DEMO = Setup(demo=True)


def error(text: str) -> UserMessage:
    return UserMessage(text, Level.ERROR)


@pytest.mark.parametrize(
    "text",
    [
        messages.TOKEN_REJECTED,
        messages.LINK_NEEDS_TOKEN,
        messages.TOKEN_NEEDED,
        messages.TOKEN_REJECTED_INPUT_KEPT,
        messages.LINK_MISCONFIGURED,
    ],
)
def test_token_and_address_problems_open_settings(text: str) -> None:
    assert fix_for(error(text), PLAIN) is Fix.OPEN_SETTINGS


def test_a_token_from_the_environment_gets_no_settings_button() -> None:
    # The field is locked there; the message itself says to change SESSIONDOCK_TOKEN.
    assert fix_for(error(messages.TOKEN_REJECTED_ENV), ENV_TOKEN) is None
    assert fix_for(error(messages.TOKEN_REJECTED), ENV_TOKEN) is None


def test_sessiondock_down_offers_a_retry_except_in_the_demo() -> None:
    down = error(messages.needs_sessiondock("Editing tags", messages.LINK_OFFLINE))
    assert fix_for(down, PLAIN) is Fix.RETRY
    assert fix_for(error(messages.LINK_OFFLINE), PLAIN) is Fix.RETRY
    assert fix_for(error(messages.DEMO_STOPPED), DEMO) is None  # the launcher restarts it


def test_no_button_where_there_is_nothing_to_start() -> None:
    assert fix_for(error(messages.FOCUS_READ_ONLY), PLAIN) is None  # fixed in SessionDock
    assert fix_for(UserMessage("Copied the notes"), PLAIN) is None
    own = UserMessage(messages.FOCUS_UNAVAILABLE, Level.WARNING, MessageAction("Open in DAW", list))
    assert fix_for(own, PLAIN) is None  # its own button stays
