"""Configuration and mutable state of one simulator instance.

``SimulatorState`` is shared between the uvicorn thread and the test thread, so every access goes
through its lock. Handlers never keep references to session dicts past the lock; they copy.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import secrets
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from sessiondock_launcher.simulator.library import generate_library

__all__ = [
    "MODES",
    "ConfigError",
    "FocusBehaviour",
    "Mode",
    "OpenBehaviour",
    "RequestRecord",
    "SimulatorConfig",
    "SimulatorState",
]

logger = logging.getLogger(__name__)

Mode = Literal["disabled", "read-only", "full-automation"]
FocusBehaviour = Literal["ok", "unavailable", "failed"]
OpenBehaviour = Literal["ok", "failed"]
MODES: tuple[str, ...] = get_args(Mode)
_FOCUS: tuple[str, ...] = get_args(FocusBehaviour)
_OPEN: tuple[str, ...] = get_args(OpenBehaviour)

RequestRecord = dict[str, Any]
"""``{method, path, query, body, status, at, authorized}``; ``query`` maps names to value lists."""


class ConfigError(ValueError):
    """A config value (from the CLI or the control API) is invalid."""


@dataclass
class SimulatorConfig:
    """Behaviour switches of the simulator (all changeable at run time)."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    configured_mode: Mode = "full-automation"
    effective_mode: Mode = "full-automation"
    limit_cap: int = 200
    latency_s: float = 0.0
    error_rate: float = 0.0
    malformed_rate: float = 0.0
    focus_behaviour: FocusBehaviour = "ok"
    open_behaviour: OpenBehaviour = "ok"
    waveform_notes_available: bool = True
    seed: int = 7

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise :class:`ConfigError` if a field is out of range."""
        if not isinstance(self.token, str) or not self.token:
            raise ConfigError("token must be a non-empty string")
        for name in ("configured_mode", "effective_mode"):
            if getattr(self, name) not in MODES:
                raise ConfigError(f"{name} must be one of {', '.join(MODES)}")
        if self.focus_behaviour not in _FOCUS:
            raise ConfigError(f"focus_behaviour must be one of {', '.join(_FOCUS)}")
        if self.open_behaviour not in _OPEN:
            raise ConfigError(f"open_behaviour must be one of {', '.join(_OPEN)}")
        if (
            not isinstance(self.limit_cap, int)
            or isinstance(self.limit_cap, bool)
            or self.limit_cap < 1
        ):
            raise ConfigError("limit_cap must be an integer >= 1")
        for name in ("error_rate", "malformed_rate"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
                raise ConfigError(f"{name} must be a number in 0..1")
        if (
            not isinstance(self.latency_s, int | float)
            or isinstance(self.latency_s, bool)
            or self.latency_s < 0
        ):
            raise ConfigError("latency_s must be a number >= 0")
        if not isinstance(self.waveform_notes_available, bool):
            raise ConfigError("waveform_notes_available must be a boolean")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise ConfigError("seed must be an integer")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def updated(self, changes: dict[str, Any]) -> SimulatorConfig:
        """Return a validated copy with ``changes`` applied (unknown keys raise ConfigError)."""
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise ConfigError(f"unknown config field(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **changes)


class SimulatorState:
    """Sessions, waveform notes, config and the request log of one simulator.

    Args:
        config: Behaviour switches; defaults to ``SimulatorConfig()``.
        sessions: Initial sessions (e.g. from ``generate_library``); copied.
        size: If ``sessions`` is None, generate this many with ``config.seed``.
        control_token: Secret for the ``/_simulator`` control routes; random by default.
        clock: Returns "now" (aware, UTC); used for ``recent`` and ``lastOpened`` updates.
        log_limit: How many request records to keep.
    """

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        sessions: Iterable[dict[str, Any]] | None = None,
        *,
        size: int = 0,
        control_token: str | None = None,
        clock: Callable[[], datetime] | None = None,
        log_limit: int = 10_000,
    ) -> None:
        self.lock = threading.RLock()
        self.config = config or SimulatorConfig()
        self.control_token = control_token or secrets.token_urlsafe(24)
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.sessions: dict[str, dict[str, Any]] = {}
        self.waveform_notes: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.requests: deque[RequestRecord] = deque(maxlen=log_limit)
        self.request_count = 0
        self.last_error: str | None = None
        self.version = 0  # bumped on every library change
        self.cache: dict[Any, Any] = {}  # derived data (sorted orders, tag counts); see touch()
        self.rng = random.Random(self.config.seed)
        self._next_id = 1
        self.replace_sessions(
            sessions
            if sessions is not None
            else generate_library(size, self.config.seed, self.clock())
        )

    def reset(
        self,
        config: SimulatorConfig | None = None,
        sessions: Iterable[dict[str, Any]] | None = None,
    ) -> None:
        """Start over: new config and library, empty log and notes (for reusing one server)."""
        with self.lock:
            self.config = config or SimulatorConfig()
            self.rng = random.Random(self.config.seed)
            self.requests.clear()
            self.request_count = 0
            self.last_error = None
            self.replace_sessions(sessions if sessions is not None else [])

    # -- sessions ------------------------------------------------------------------------------

    def replace_sessions(self, sessions: Iterable[dict[str, Any]]) -> None:
        """Replace the whole library (and drop waveform notes)."""
        with self.lock:
            self.sessions = {s["id"]: dict(s) for s in sessions}
            self.waveform_notes.clear()
            self._next_id = len(self.sessions) + 1
            self.touch()

    def new_session_id(self) -> str:
        with self.lock:
            while f"session_{self._next_id}" in self.sessions:
                self._next_id += 1
            session_id = f"session_{self._next_id}"
            self._next_id += 1
            return session_id

    def touch(self) -> None:
        """Mark the library as changed (call after every mutation of ``sessions``)."""
        with self.lock:
            self.version += 1
            self.cache.clear()

    def now_iso(self) -> str:
        return self.clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    # -- config --------------------------------------------------------------------------------

    def update_config(self, changes: dict[str, Any]) -> SimulatorConfig:
        """Apply ``changes`` atomically; on :class:`ConfigError` nothing changes."""
        with self.lock:
            try:
                new = self.config.updated(changes)
            except TypeError as exc:  # dataclasses.replace on odd input
                raise ConfigError(str(exc)) from exc
            if new.seed != self.config.seed:
                self.rng = random.Random(new.seed)
            self.config = new
            return new

    def roll(self, rate: float) -> bool:
        """True with probability ``rate`` (seeded, so fault runs are reproducible)."""
        if rate <= 0:
            return False
        if rate >= 1:
            return True
        with self.lock:
            return self.rng.random() < rate

    # -- request log ---------------------------------------------------------------------------

    def begin_request(self) -> None:
        with self.lock:
            self.request_count += 1

    def record(self, record: RequestRecord) -> None:
        with self.lock:
            self.requests.append(record)

    def request_log(self) -> list[RequestRecord]:
        with self.lock:
            return list(self.requests)

    def clear_requests(self) -> None:
        with self.lock:
            self.requests.clear()
