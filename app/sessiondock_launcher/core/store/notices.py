"""What the palette says about the stored library (Qt-free wording; the UI translates it)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sessiondock_launcher.core.humanize import relative_time
from sessiondock_launcher.core.messages import LINK_OFFLINE, QT_TRANSLATE_NOOP
from sessiondock_launcher.core.store.store import LibraryState

__all__ = ["offline_notice"]

logger = logging.getLogger(__name__)


def offline_notice(state: LibraryState, now: float) -> str:
    """The status line while SessionDock is not reachable and the palette searches the store.

    Example: ``"SessionDock isn't running. Offline: library from 2 h ago (14:05). Focusing and
    opening need SessionDock running."`` (first what is wrong, as the link says it, then what
    still works).
    """
    if state.sessions == 0:
        return QT_TRANSLATE_NOOP(
            "Messages",
            "SessionDock is not running and no library is stored yet. Start SessionDock.",
        )
    if state.data_from is None:  # sessions from a first sync that did not finish
        return QT_TRANSLATE_NOOP(
            "Messages",
            "{link}. Offline: {count} sessions stored, the first sync did not finish. "
            "Focusing and opening need SessionDock running.",
        ).format(link=LINK_OFFLINE, count=f"{state.sessions:,}")
    when = datetime.fromtimestamp(state.data_from, UTC)
    local = when.astimezone()
    age = relative_time(when, datetime.fromtimestamp(now, UTC))
    return QT_TRANSLATE_NOOP(
        "Messages",
        "{link}. Offline: library from {age} ({clock}). "
        "Focusing and opening need SessionDock running.",
    ).format(link=LINK_OFFLINE, age=age, clock=f"{local:%H:%M}")
