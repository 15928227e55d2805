"""Let SessionDock take the foreground when we ask it to focus a session.

Windows refuses foreground changes from background processes (docs/pitfalls.md §10): while the launcher
still has focus (the user just pressed Enter in it) it may grant that right to any process with
``AllowSetForegroundWindow(ASFW_ANY)``. Other platforms need nothing here.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

logger = logging.getLogger(__name__)

ASFW_ANY = -1


def _windows_allow() -> bool:
    import ctypes

    user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
    return bool(user32.AllowSetForegroundWindow(ASFW_ANY))


def make_foreground_handoff(platform: str = sys.platform) -> Callable[[], bool]:
    """Return the hand-off function for ``platform`` (a no-op returning True off Windows)."""
    if platform != "win32":
        return lambda: True

    def handoff() -> bool:
        try:
            ok = _windows_allow()
        except OSError as exc:
            logger.warning("AllowSetForegroundWindow failed: %s", exc)
            return False
        if not ok:
            logger.info("AllowSetForegroundWindow returned FALSE (launcher not foreground)")
        return ok

    return handoff
