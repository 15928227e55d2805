"""Shutdown steps that cannot take each other down (Qt-free).

Quitting must always finish: when one step fails (usage history on a full disk, a hotkey backend
that is already gone) the failure is logged and the next step still runs, so the demo simulator is
stopped and the process exits with the code the user asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

__all__ = ["ShutdownSteps"]

logger = logging.getLogger(__name__)


class ShutdownSteps:
    """Runs named steps one after the other; a step that raises or returns ``False`` is noted."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return "could not " + ", ".join(self.failed)

    def do(self, name: str, step: Callable[[], object]) -> None:
        """Run ``step``; an exception or a ``False`` result is logged and remembered."""
        try:
            result = step()
        except Exception:  # the barrier of shutdown: every failure is logged here
            logger.exception("Shutdown: could not %s", name)
            self.failed.append(name)
            return
        if result is False:  # the step reported (and logged) its own failure
            self.failed.append(name)

    async def await_(self, name: str, step: Callable[[], Awaitable[object]]) -> None:
        """Await ``step()``, like :meth:`do`."""
        try:
            result = await step()
        except Exception:  # the barrier of shutdown: every failure is logged here
            logger.exception("Shutdown: could not %s", name)
            self.failed.append(name)
            return
        if result is False:
            self.failed.append(name)
