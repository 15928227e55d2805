"""Frecency: how often and how recently the user picked each session, persisted across restarts.

Each session keeps an exponentially decayed counter (the "NewFrecency" idea, as in zoxide and
Vicinae): picking a session adds 1 after decaying the stored value by ``2 ** (-age / half_life)``.
Scores are normalised to 0..1 with a saturating curve, ``raw / (raw + 3)``, so one pick gives 0.25
and ten recent picks about 0.77, independent of other entries. The file is JSON, written
atomically (temporary file + ``os.replace``, 0600); a missing or corrupt file starts an empty store.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sessiondock_launcher.core.fsio import atomic_write, read_regular_file

__all__ = ["DEFAULT_HALF_LIFE_S", "DEFAULT_MAX_ENTRIES", "FrecencyStore"]

logger = logging.getLogger(__name__)

DEFAULT_HALF_LIFE_S = 21 * 24 * 3600.0
DEFAULT_MAX_ENTRIES = 5_000
_FILE_VERSION = 1
_SATURATION = 3.0
_FORGET_BELOW = 0.01


class FrecencyStore:
    """Decayed pick counts per session id.

    Args:
        path: JSON file to load from and :meth:`save` to; ``None`` keeps the store in memory.
        clock: Wall-clock seconds (injectable for tests).
        half_life_s: Time after which a pick counts half.
        max_entries: Cap on stored sessions; the weakest are dropped beyond it.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        clock: Callable[[], float] = time.time,
        half_life_s: float = DEFAULT_HALF_LIFE_S,
        max_entries: int = DEFAULT_MAX_ENTRIES,
    ) -> None:
        self._path = path
        self._clock = clock
        self._decay_per_s = math.log(2) / half_life_s
        self._max_entries = max_entries
        # session id -> (raw score at t, t)
        self._entries: dict[str, tuple[float, float]] = {}
        self._version = 0
        self._snapshot_key: tuple[int, int] | None = None
        self._snapshot: dict[str, float] = {}
        if path is not None:
            self._load(path)

    @property
    def version(self) -> int:
        """Bumps on every change (record, forget, load)."""
        return self._version

    def __len__(self) -> int:
        return len(self._entries)

    def record(self, session_id: str) -> None:
        """Count one pick (focus or open) of ``session_id`` now."""
        now = self._clock()
        self._entries[session_id] = (self._raw(session_id, now) + 1.0, now)
        self._version += 1
        if len(self._entries) > self._max_entries:
            self._drop_weakest(now)

    def score(self, session_id: str) -> float:
        """Normalised frecency in 0..1 (0 for sessions never picked)."""
        return self._normalise(self._raw(session_id, self._clock()))

    def snapshot(self) -> dict[str, float]:
        """All non-zero normalised scores; cached per version and minute, do not mutate."""
        now = self._clock()
        key = (self._version, int(now // 60))
        if key != self._snapshot_key:
            self._snapshot = {
                session_id: self._normalise(self._raw(session_id, now))
                for session_id in self._entries
            }
            self._snapshot_key = key
        return self._snapshot

    def forget(self, session_id: str) -> None:
        """Drop everything known about ``session_id``."""
        if self._entries.pop(session_id, None) is not None:
            self._version += 1

    def save(self) -> bool:
        """Write the store atomically (0600); a no-op for an in-memory store.

        Never raises for the disk: a read-only or full disk is logged (WARNING, with the file and
        the reason) and reported by returning ``False``; the previous file stays whole.
        """
        if self._path is None:
            return True
        now = self._clock()
        entries = {
            session_id: [round(raw, 6), t]
            for session_id, (raw, t) in self._entries.items()
            if self._raw(session_id, now) >= _FORGET_BELOW
        }
        payload = json.dumps({"version": _FILE_VERSION, "entries": entries}, separators=(",", ":"))
        try:
            atomic_write(self._path, payload.encode("utf-8"))
        except OSError as exc:
            logger.warning("Could not save usage history to %s: %s", self._path, exc)
            return False
        return True

    def _raw(self, session_id: str, now: float) -> float:
        entry = self._entries.get(session_id)
        if entry is None:
            return 0.0
        raw, at = entry
        return raw * math.exp(-self._decay_per_s * max(0.0, now - at))

    @staticmethod
    def _normalise(raw: float) -> float:
        return raw / (raw + _SATURATION) if raw > 0 else 0.0

    def _drop_weakest(self, now: float) -> None:
        ranked = sorted(self._entries, key=lambda session_id: self._raw(session_id, now))
        for session_id in ranked[: len(self._entries) - self._max_entries]:
            del self._entries[session_id]

    def _load(self, path: Path) -> None:
        try:
            data: Any = json.loads(read_regular_file(path).decode("utf-8"))
        except FileNotFoundError:
            logger.debug("No frecency file at %s; starting empty", path)
            return
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            logger.warning("Ignoring unreadable frecency file %s: %s", path, exc)
            return
        entries = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            logger.warning("Ignoring frecency file %s: unexpected content", path)
            return
        for session_id, value in entries.items():
            if (
                isinstance(value, list)
                and len(value) == 2
                and all(
                    isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                    for v in value
                )
                and value[0] > 0
            ):
                self._entries[session_id] = (float(value[0]), float(value[1]))
        self._version += 1
        if len(self._entries) > self._max_entries:
            self._drop_weakest(self._clock())
