"""The one write gate: whether an automation call or a write may be sent to SessionDock now.

Focus and open need Full Automation and a usable client; tag, notes, field, create and import
writes also need a live link. The answer is the user's message (empty when allowed), so every
refusal is worded the same way wherever it happens.
"""

from __future__ import annotations

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.client_source import ClientSource


class WriteGate:
    """Answers "may this go to SessionDock now?" from the link owner's current state."""

    def __init__(self, source: ClientSource) -> None:
        self._source = source

    def automation_block(self, read_only_text: str) -> str:
        """Why focus/open cannot be sent now ("" when it can).

        Read-only refuses before any request. Without a link the request is still tried (a
        SessionDock that just started answers it); only a missing client blocks it.
        """
        status = self._source.status
        if status.read_only:
            return read_only_text
        if self._source.client is None:
            return status.link_text()
        return ""

    def write_block(self, what: str) -> str:
        """Why ``what`` (e.g. "Editing tags") cannot be saved now ("" when it can)."""
        status = self._source.status
        if status.read_only:
            return messages.needs_full_automation(what)
        if not status.can_write or self._source.client is None:
            return messages.needs_sessiondock(what, status.link_text())
        return ""

    @property
    def writable(self) -> bool:
        """Whether writes are allowed now (menus enable their write actions on it)."""
        return self._source.status.can_write and self._source.client is not None
