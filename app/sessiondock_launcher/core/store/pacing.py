"""When the next full reconcile may run: a small share of wall time, one at a time.

SessionDock runs next to a DAW, so re-listing the whole library must stay rare: after a full
reconcile that took ``d`` seconds, the next may start no sooner than ``d / share`` seconds after
the previous one started (so reconciles take at most ``share`` of wall time), and never sooner
than ``min_interval_s``. A failed attempt counts like a finished one (no hammering a sick server).
Pure: the caller passes the monotonic time in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

__all__ = ["DEFAULT_SHARE", "FullSyncPacer"]

logger = logging.getLogger(__name__)

DEFAULT_SHARE = 0.02
DEFAULT_MIN_INTERVAL_S = 300.0


@dataclass(slots=True)
class FullSyncPacer:
    """Decides whether a full reconcile may start now.

    Args:
        share: Largest fraction of wall time spent reconciling (0 < share <= 1).
        min_interval_s: Shortest time between two starts.
    """

    share: float = DEFAULT_SHARE
    min_interval_s: float = DEFAULT_MIN_INTERVAL_S
    _started_at: float | None = None
    _in_flight: bool = False
    _next_allowed: float | None = None
    _waived: bool = False

    def __post_init__(self) -> None:
        if not 0 < self.share <= 1:
            raise ValueError(f"share must be in (0, 1], not {self.share}")

    @property
    def in_flight(self) -> bool:
        return self._in_flight

    def next_allowed_at(self) -> float | None:
        """Monotonic time from which a start is allowed (``None``: now, never ran)."""
        return self._next_allowed

    def may_start(self, now: float) -> bool:
        return not self._in_flight and (self._next_allowed is None or now >= self._next_allowed)

    def seconds_until_allowed(self, now: float) -> float:
        """0 when a start is allowed now; ``inf`` while one is in flight."""
        if self._in_flight:
            return float("inf")
        return 0.0 if self._next_allowed is None else max(0.0, self._next_allowed - now)

    def allow_now(self) -> None:
        """Waive the wait once (a change on our side, e.g. an import): the next start may come
        at once. One in flight still blocks a second, and the waiver outlives it: that one may
        have listed the library before the change."""
        self._next_allowed = None
        self._waived = self._in_flight

    def try_start(self, now: float) -> bool:
        """Claim the one slot; ``False`` (nothing changes) when one runs or it is too early."""
        if not self.may_start(now):
            return False
        self._in_flight = True
        self._started_at = now
        return True

    def finished(self, now: float) -> None:
        """The reconcile ended (completed, failed or cancelled)."""
        if not self._in_flight or self._started_at is None:
            raise RuntimeError("finished() without a matching try_start()")
        started = self._started_at
        duration = max(0.0, now - started)
        self._in_flight = False
        if self._waived:
            self._waived = False
            self._next_allowed = None
            logger.debug(
                "Full reconcile took %.2f s; one was asked for meanwhile: next now", duration
            )
            return
        self._next_allowed = started + max(duration / self.share, self.min_interval_s)
        logger.debug(
            "Full reconcile took %.2f s; next at +%.0f s", duration, self._next_allowed - now
        )
