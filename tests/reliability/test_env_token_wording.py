"""With SESSIONDOCK_TOKEN set, a rejected token says to fix the variable (issue 11 item 4).

The Settings field is locked when the environment supplies the token, so "update it in Settings"
sent the user to a field they cannot edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from tests.reliability.harness import Harness, LoopGapMonitor, press_enter, show_with_results
from tests.support.races import ignore_socket_race

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.simulator.runner import SimulatorThread

pytestmark = [pytest.mark.usefixtures("no_task_errors"), ignore_socket_race]


@pytest.fixture
def token_from_env() -> Iterator[None]:
    messages.configure(token_from_env=True, demo=False)  # as lifecycle.py does for the env token
    yield
    messages.configure(token_from_env=False, demo=False)


@pytest.mark.usefixtures("token_from_env")
def test_rejected_env_token_says_to_update_the_variable(
    launch: Callable[..., Harness], sim: SimulatorThread, gaps: LoopGapMonitor
) -> None:
    with gaps.paused():
        h = launch(sim.base_url)
    show_with_results(h)
    sim.state.update_config({"token": "regenerated-token-0000"})
    press_enter(h)
    message = h.wait_message()
    assert "SESSIONDOCK_TOKEN" in message.text and "Settings" not in message.text.split("(")[0]
    h.wait_link(Link.NEEDS_TOKEN)
    palette = h.launcher.palette
    assert "SESSIONDOCK_TOKEN" in palette.banner.label.text()
    assert "SESSIONDOCK_TOKEN" in palette.link_label.text()
