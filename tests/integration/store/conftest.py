"""Fixtures for the store's integration tests: a real simulator on loopback, a real store file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "store-it-token-Zp4Lq8"


@pytest.fixture
def simulator() -> Iterator[SimulatorThread]:
    """A dedicated simulator with 1,200 generated sessions (tests may stop it)."""
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(1_200, 11))
    sim = SimulatorThread(state).start()
    yield sim
    if sim.running:
        sim.stop()
