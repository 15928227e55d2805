"""Run the cyclic GC's due young collection between keystrokes instead of inside one.

CPython collects generation 0 at the allocation that takes its count past the threshold (700),
and generation 1 every tenth time: wherever that allocation happens. A first keystroke allocates
a few hundred containers (the rows' sessions read from the store, their matches), so every few
keystrokes one paid the collection (0.5-1 ms, a generation-1 one several ms) before its rows
showed. :class:`IdleCollector` runs the same collection a moment after the answer is shown, while
the user looks and types, so the next keystroke starts with an empty young generation.

Only what CPython would have run next is run (never a full collection: CPython's own rule for
those is left alone), and nothing while the GC is off (a sync holds it off on purpose).
"""

from __future__ import annotations

import asyncio
import gc

__all__ = ["IDLE_GC_DELAY_S", "IdleCollector", "collect_young_if_due"]

IDLE_GC_DELAY_S = 0.01
"""After an answer: long enough for the rows to be painted, shorter than a typing gap."""
_DUE_SHARE = 4
"""Collect once generation 0 holds a quarter of its threshold (a first keystroke's worth)."""


def collect_young_if_due() -> int | None:
    """Run generation 0's collection (or 1's, when CPython's next would be that) if it is
    nearly due; the generation collected, or ``None``."""
    if not gc.isenabled():
        return None
    count0, count1, _ = gc.get_count()
    threshold0, threshold1, _ = gc.get_threshold()
    if threshold0 <= 0 or count0 < threshold0 // _DUE_SHARE:
        return None
    generation = 1 if count1 >= threshold1 else 0
    gc.collect(generation)
    return generation


class IdleCollector:
    """Schedules :func:`collect_young_if_due` once, ``delay_s`` after the last :meth:`soon`."""

    def __init__(self, delay_s: float = IDLE_GC_DELAY_S) -> None:
        self._delay_s = delay_s
        self._handle: asyncio.TimerHandle | None = None
        self.runs = 0

    def soon(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a tool, a test without one): the GC works as ever
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self._delay_s, self._run)

    def _run(self) -> None:
        self._handle = None
        self.runs += 1
        collect_young_if_due()
