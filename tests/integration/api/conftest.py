"""Fixtures for the API client's integration tests: SessionDockClient against a real simulator.

The simulator runs in a daemon thread (uvicorn on a loopback socket); clients are created per
test through ``make_client`` and closed at teardown on the test's own event loop
(docs/pitfalls.md §15).
Test modules must not import from this file (every ``conftest`` shares one module name): they use
the fixtures, and read the token from ``sim.state.config.token``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import pytest_asyncio

from sessiondock_launcher.api import SessionDockClient
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

# Long and unusual on purpose: the client redacts the token from error messages by substring.
TOKEN = "api-it-token-Q7vX2m9K"

StartSimulator = Callable[..., SimulatorThread]
MakeClient = Callable[..., SessionDockClient]


@pytest.fixture(scope="session")
def _api_shared_simulator() -> Iterator[SimulatorThread]:
    sim = SimulatorThread(SimulatorState(SimulatorConfig(token=TOKEN))).start()
    yield sim
    sim.stop()


@pytest.fixture
def start_simulator(_api_shared_simulator: SimulatorThread) -> Iterator[StartSimulator]:
    """Factory: ``start_simulator(size=300, sessions=None, fresh=False, **config_fields)``.

    The first call in a test resets and returns the session-wide server; later calls, or
    ``fresh=True`` (tests that stop the server or leave requests in flight), start a dedicated
    server that is stopped after the test.
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
            _api_shared_simulator.state.reset(SimulatorConfig(**config), sessions)
            return _api_shared_simulator
        sim = SimulatorThread(SimulatorState(SimulatorConfig(**config), sessions)).start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(start_simulator: StartSimulator) -> SimulatorThread:
    """The shared simulator, reset to 300 generated sessions and full automation."""
    return start_simulator()


@pytest_asyncio.fixture
async def make_client() -> AsyncIterator[MakeClient]:
    """Factory: ``make_client(sim_or_base_url, token=TOKEN, **client_kwargs)``; closed after."""
    clients: list[SessionDockClient] = []

    def make(
        target: SimulatorThread | str, token: str | None = TOKEN, **kwargs: Any
    ) -> SessionDockClient:
        base_url = target if isinstance(target, str) else target.base_url
        client = SessionDockClient(base_url, token, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest_asyncio.fixture
async def client(sim: SimulatorThread, make_client: MakeClient) -> SessionDockClient:
    return make_client(sim)
