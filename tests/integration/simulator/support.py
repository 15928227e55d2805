"""Names the simulator's integration tests share (importable, unlike ``conftest``: every
conftest module is named ``conftest``, so ``from conftest import`` picks whichever came first)."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from sessiondock_launcher.simulator.runner import SimulatorThread

TOKEN = "test-token"

StartSimulator = Callable[..., SimulatorThread]


def make_client(sim: SimulatorThread, token: str | None = TOKEN) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=sim.base_url, headers=headers, trust_env=False, timeout=10)
