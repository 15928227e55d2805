"""What the core services need from whoever owns the connection to SessionDock.

The services never hold a client: they ask the owner (the UI's ``LinkMonitor``) for the current
one on every call, so a client replaced after a Settings change is seen at once. Tests pass a
small fake instead of the link.
"""

from __future__ import annotations

from typing import Protocol

from sessiondock_launcher.api import SessionDockClient
from sessiondock_launcher.core.status import LauncherStatus


class ClientSource(Protocol):
    """The owner of the API client and of the link state."""

    @property
    def client(self) -> SessionDockClient | None:
        """The client to use now; ``None`` while the configuration is unusable."""
        ...

    @property
    def status(self) -> LauncherStatus:
        """The link, the mode and the sync progress as last seen."""
        ...

    @property
    def library_ready(self) -> bool:
        """Whether a full sync completed, so the local index can answer searches."""
        ...

    def note_failure(self, exc: BaseException) -> None:
        """An API call failed: update the link state so the UI tells the truth at once."""
        ...

    def check_now(self) -> None:
        """Re-check ``/health`` at once (e.g. after a ``read_only`` refusal)."""
        ...

    def request_sync(self) -> None:
        """Sync the library soon (e.g. after an import)."""
        ...
