"""Fixtures for the simulator's integration tests: a real uvicorn server on loopback per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from tests.integration.simulator.support import TOKEN, StartSimulator, make_client

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState


@pytest.fixture(scope="session")
def _shared_simulator() -> Iterator[SimulatorThread]:
    sim = SimulatorThread(SimulatorState(SimulatorConfig(token=TOKEN))).start()
    yield sim
    sim.stop()


@pytest.fixture
def start_simulator(_shared_simulator: SimulatorThread) -> Iterator[StartSimulator]:
    """Factory: ``start_simulator(size=300, sessions=None, fresh=False, **config_fields)``.

    The first call in a test resets and returns a server shared by all tests (starting one costs
    ~0.1 s); later calls, or ``fresh=True``, start a dedicated server, stopped after the test.
    """
    started: list[SimulatorThread] = []
    shared_used = False

    def start(
        size: int = 300,
        sessions: list[dict[str, Any]] | None = None,
        fresh: bool = False,
        **config: Any,
    ) -> SimulatorThread:
        nonlocal shared_used
        config.setdefault("token", TOKEN)
        if sessions is None:
            sessions = generate_library(size, config.get("seed", 7))
        if not fresh and not shared_used:
            shared_used = True
            _shared_simulator.state.reset(SimulatorConfig(**config), sessions)
            return _shared_simulator
        sim = SimulatorThread(SimulatorState(SimulatorConfig(**config), sessions)).start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(start_simulator: StartSimulator) -> SimulatorThread:
    return start_simulator()


@pytest.fixture
def client(sim: SimulatorThread) -> Iterator[httpx.Client]:
    with make_client(sim) as c:
        yield c


@pytest.fixture
def anon(sim: SimulatorThread) -> Iterator[httpx.Client]:
    """A client without credentials."""
    with make_client(sim, None) as c:
        yield c
