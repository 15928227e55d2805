"""When a failed asset (artwork, waveform) may be fetched again: back-off, reconnect, give up.

A failure is retried after each delay of :data:`RETRY_DELAYS_S` in turn; after the last one the
asset is given up (the caller logs that once) until the link comes back, which starts every
asset's schedule afresh. Asking again in between (a repaint) sends nothing. No Qt, no clock of
its own: callers pass ``now`` (seconds on a monotonic clock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")

RETRY_DELAYS_S: tuple[float, ...] = (2.0, 10.0, 60.0)


@dataclass(slots=True)
class _Failures:
    count: int
    next_at: float


class RetryBook(Generic[K]):
    """Failed keys and when each may be tried again."""

    def __init__(self, delays: tuple[float, ...] = RETRY_DELAYS_S) -> None:
        self.delays = delays
        self._failed: dict[K, _Failures] = {}

    def may_try(self, key: K, now: float) -> bool:
        failures = self._failed.get(key)
        return failures is None or now >= failures.next_at

    def failed(self, key: K, now: float) -> float | None:
        """Record a failure; the delay until the next try, or None when this gives it up."""
        failures = self._failed.setdefault(key, _Failures(0, 0.0))
        failures.count += 1
        if failures.count > len(self.delays):
            failures.next_at = math.inf
            return None
        delay = self.delays[failures.count - 1]
        failures.next_at = now + delay
        return delay

    def succeeded(self, key: K) -> None:
        self._failed.pop(key, None)

    def given_up(self, key: K) -> bool:
        failures = self._failed.get(key)
        return failures is not None and failures.next_at == math.inf

    def reset(self) -> None:
        """The link came back: everything that failed may be tried again."""
        self._failed.clear()
