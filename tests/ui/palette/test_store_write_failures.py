"""A library store that cannot write (busy, full or read-only disk) never gets in the way of
what the user asked for: Enter still focuses, and the palette still hides."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from tests.support.sim_log import focused_ids

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "store-write-failures-token"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(100, seed=4))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def locked(_value: str) -> None:
    raise sqlite3.OperationalError("database is locked")


def test_enter_focuses_even_when_the_store_cannot_write(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    launcher = make_launcher(sim)
    monkeypatch.setattr(launcher.store.history, "record", locked)
    monkeypatch.setattr(launcher.store.usage, "record", locked)
    errors: list[str] = []
    launcher.bridge.message_posted.connect(lambda m: errors.append(m.text))
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    qtbot.keyClicks(palette.search, "e")
    qtbot.waitUntil(lambda: palette.model.text == "e", timeout=5000)
    shown = palette.current_session()
    assert shown is not None
    with qtbot.waitSignal(launcher.controller.session_focused, timeout=5000):
        QTest.keyClick(palette.search, Qt.Key.Key_Return)
    assert focused_ids(sim) == [shown.id]
    qtbot.waitUntil(lambda: not palette.isVisible())  # hides after focusing, as always
    assert errors == []  # no "Something went wrong": the failed write is only logged
