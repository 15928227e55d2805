"""Helpers shared by the store's tests (conftest modules must not be imported by tests)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.simulator.library import generate_library

__all__ = ["MakeSessions", "make_sessions"]

MakeSessions = Callable[..., list[Session]]


def make_sessions(n: int, seed: int = 7, **overrides: Any) -> list[Session]:
    """``n`` sessions from the simulator's generator, with ``overrides`` applied to the JSON."""
    sessions = []
    for raw in generate_library(n, seed):
        parsed = Session.from_api({**raw, **overrides}, origin="http://127.0.0.1:18432")
        assert parsed is not None
        sessions.append(parsed)
    return sessions
