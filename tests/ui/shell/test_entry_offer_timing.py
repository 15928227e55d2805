"""The "add to applications menu" offer shows while the palette is open, never at start-up, and
goes away unanswered when the palette goes away for another app (Enter sent the user to
SessionDock): left on screen it took the focus from SessionDock, over the user's DAW."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sessiondock_launcher.lifecycle import LaunchOptions, _offer_desktop_entry
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    thread = SimulatorThread(
        SimulatorState(SimulatorConfig(token="t"), generate_library(20, seed=2))
    ).start()
    yield thread
    thread.stop()


def test_offer_waits_for_the_palette_and_leaves_with_it(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, tmp_path: Path
) -> None:
    launcher = make_launcher(sim)
    offer = _offer_desktop_entry(
        launcher,
        LaunchOptions(),
        platform_name="xcb",  # a desktop someone could answer on
        environ={"XDG_DATA_HOME": str(tmp_path / "share"), "XDG_DATA_DIRS": str(tmp_path / "s")},
        home=tmp_path,
    )
    assert offer is not None
    assert offer.box is None  # not at start-up, with the palette closed

    launcher.palette.show_palette()
    qtbot.waitUntil(lambda: offer.box is not None and offer.box.isVisible())

    launcher.palette.hide()  # as after Enter: the focus request sent the user to SessionDock
    assert offer.box is None  # withdrawn, unanswered ...
    assert launcher.settings.desktop_entry_offered is False  # ... so asked again later

    launcher.palette.show_palette()
    qtbot.waitUntil(lambda: offer.box is not None and offer.box.isVisible())
    offer.box.close()
