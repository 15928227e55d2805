"""When the next full reconcile may run: a small share of wall time, one at a time.

SessionDock runs next to a DAW, so re-listing the whole library must stay rare: after a full
reconcile that took ``d`` seconds, the next may start no sooner than ``d / share`` seconds after
the previous one started (so reconciles take at most ``share`` of wall time), and never sooner
than ``min_interval_s``. That share bounds the successful reconciles.

A failed attempt (an error or a cancellation) is tried again soon rather than after the full pace:
after the n-th failure in a row the next may start ``failure_backoff_s[n-1]`` seconds after it
ended (the last value for any later one), but never later than a success would have allowed; a
success resets the count. A failure therefore never hammers a sick server (the waits grow), and
never leaves the library unsynced for the whole pace either. :meth:`retry_now` lets a reconnect
start at once when the last attempt failed. Pure: the caller passes the monotonic time in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

__all__ = ["DEFAULT_FAILURE_BACKOFF_S", "DEFAULT_SHARE", "FullSyncPacer"]

logger = logging.getLogger(__name__)

DEFAULT_SHARE = 0.02
DEFAULT_MIN_INTERVAL_S = 300.0
DEFAULT_FAILURE_BACKOFF_S: tuple[float, ...] = (10.0, 30.0, 60.0, 120.0)
"""Waits after the 1st, 2nd, 3rd and every later failure in a row (capped at the normal pace)."""


@dataclass(slots=True)
class FullSyncPacer:
    """Decides whether a full reconcile may start now.

    Args:
        share: Largest fraction of wall time spent by successful reconciles (0 < share <= 1).
        min_interval_s: Shortest time between two starts after a success.
        failure_backoff_s: Waits after consecutive failures (see the module's text).
    """

    share: float = DEFAULT_SHARE
    min_interval_s: float = DEFAULT_MIN_INTERVAL_S
    failure_backoff_s: tuple[float, ...] = DEFAULT_FAILURE_BACKOFF_S
    _started_at: float | None = None
    _in_flight: bool = False
    _next_allowed: float | None = None
    _waived: bool = False
    _failures: int = 0

    def __post_init__(self) -> None:
        if not 0 < self.share <= 1:
            raise ValueError(f"share must be in (0, 1], not {self.share}")
        if not self.failure_backoff_s or min(self.failure_backoff_s) < 0:
            raise ValueError(f"failure_backoff_s must be waits >= 0, not {self.failure_backoff_s}")

    @property
    def failures(self) -> int:
        """Attempts that failed in a row since the last success (0: the last one completed)."""
        return self._failures

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

    def retry_now(self) -> bool:
        """After a failed attempt, allow the next at once (SessionDock is back after the link
        was down); ``False`` (nothing changes) when the last attempt did not fail."""
        if self._failures == 0 or self._in_flight:
            return False
        self._next_allowed = None
        return True

    def try_start(self, now: float) -> bool:
        """Claim the one slot; ``False`` (nothing changes) when one runs or it is too early."""
        if not self.may_start(now):
            return False
        self._in_flight = True
        self._started_at = now
        return True

    def finished(self, now: float, *, failed: bool = False) -> None:
        """The reconcile ended: completed, or ``failed`` (an error or a cancellation)."""
        if not self._in_flight or self._started_at is None:
            raise RuntimeError("finished() without a matching try_start()")
        started = self._started_at
        duration = max(0.0, now - started)
        self._in_flight = False
        self._failures = self._failures + 1 if failed else 0
        if self._waived:
            self._waived = False
            self._next_allowed = None
            logger.debug(
                "Full reconcile took %.2f s; one was asked for meanwhile: next now", duration
            )
            return
        paced = started + max(duration / self.share, self.min_interval_s)
        if failed:
            backoff = self.failure_backoff_s[min(self._failures, len(self.failure_backoff_s)) - 1]
            self._next_allowed = min(now + backoff, paced)
            logger.debug(
                "Full reconcile failed after %.2f s (%d in a row); next at +%.0f s",
                duration,
                self._failures,
                self._next_allowed - now,
            )
            return
        self._next_allowed = paced
        logger.debug(
            "Full reconcile took %.2f s; next at +%.0f s", duration, self._next_allowed - now
        )
