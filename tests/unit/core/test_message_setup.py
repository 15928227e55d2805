"""Messages name the real cause and fix for how this user is configured (issue 11 item 4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.status import LauncherStatus, Link

NOT_RUNNING = "SessionDock isn't running — start it, or check the address in Settings."


@pytest.fixture(autouse=True)
def plain_setup() -> Iterator[None]:
    yield
    messages.configure(token_from_env=False, demo=False)


def test_a_token_from_the_environment_is_fixed_there() -> None:
    messages.configure(token_from_env=True, demo=False)
    for text in (messages.TOKEN_REJECTED, messages.TOKEN_REJECTED_INPUT_KEPT):
        said = messages.for_this_setup(text)
        assert "SESSIONDOCK_TOKEN" in said and "restart" in said
        assert "update it in Settings" not in said
    status = LauncherStatus(Link.NEEDS_TOKEN, detail=messages.TOKEN_REJECTED)
    assert "SESSIONDOCK_TOKEN" in status.link_text()


def test_in_demo_mode_a_dead_server_is_the_demo_server() -> None:
    messages.configure(token_from_env=False, demo=True)
    for text in (
        NOT_RUNNING,
        messages.LINK_OFFLINE,
        messages.needs_sessiondock("Saving", NOT_RUNNING),
    ):
        said = messages.for_this_setup(text)
        assert "demo server stopped" in said and "restarting" in said
        assert "start it" not in said
    assert "demo server" in LauncherStatus(Link.OFFLINE, detail=NOT_RUNNING).link_text()


def test_the_usual_setup_keeps_the_usual_advice() -> None:
    assert messages.for_this_setup(messages.TOKEN_REJECTED) == messages.TOKEN_REJECTED
    assert messages.for_this_setup(NOT_RUNNING) == NOT_RUNNING
