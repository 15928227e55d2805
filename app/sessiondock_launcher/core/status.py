"""What the launcher knows about its link to SessionDock, as one immutable value.

The controller replaces it on every change; the palette's status row and the tray icon render it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import Enum

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.humanize import count
from sessiondock_launcher.core.messages import FOCUS_READ_ONLY, QT_TRANSLATE_NOOP


class Link(Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    OFFLINE = "offline"  # SessionDock not running or unreachable
    NEEDS_TOKEN = "needs-token"  # no token, or the token was rejected (401)
    MISCONFIGURED = "misconfigured"  # unusable base URL, or a host the token may not go to


class TrayState(Enum):
    CONNECTED = "connected"
    SYNCING = "syncing"
    OFFLINE = "offline"
    READ_ONLY = "read-only"
    NEEDS_TOKEN = "needs-token"


READ_ONLY_HINT = FOCUS_READ_ONLY  # the catalogue's wording, under the name tests know
SYNC_FAILED_BECAUSE = QT_TRANSLATE_NOOP(
    "Messages", "Library sync failed ({status}) — retrying in {n} s"
)
SYNC_FAILED = QT_TRANSLATE_NOOP("Messages", "Library sync failed — retrying in {n} s")


@dataclass(frozen=True, slots=True)
class LauncherStatus:
    link: Link = Link.CONNECTING
    effective_mode: str = ""
    configured_mode: str = ""
    syncing: bool = False
    sync_received: int = 0
    sync_total: int = 0
    library_size: int = 0
    detail: str = ""
    sync_error: str | None = None
    """The last full sync failed and waits to be retried: why, short (``"HTTP 500"``, or ``""``
    when there is no status to name); ``None``: it did not fail."""
    sync_retry_at: float = 0.0
    """Wall-clock time (``time.time()``) at which a failed sync is retried."""

    def with_(self, **changes: object) -> LauncherStatus:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def can_write(self) -> bool:
        return self.link is Link.CONNECTED and self.effective_mode == "full-automation"

    @property
    def read_only(self) -> bool:
        return self.link is Link.CONNECTED and self.effective_mode != "full-automation"

    @property
    def write_label_suffix(self) -> str:
        """Why writes are off, for a disabled menu item's label ("" while they are on).

        The real reason, as the write gate sees it: read-only mode, the token, or no link.
        """
        if self.can_write:
            return ""
        if self.read_only:
            return messages.READ_ONLY_LABEL_SUFFIX
        if self.link is Link.NEEDS_TOKEN:
            return messages.TOKEN_LABEL_SUFFIX
        return messages.OFFLINE_LABEL_SUFFIX

    @property
    def tray_state(self) -> TrayState:
        if self.link is Link.NEEDS_TOKEN or self.link is Link.MISCONFIGURED:
            return TrayState.NEEDS_TOKEN
        if self.link is not Link.CONNECTED:
            return TrayState.OFFLINE
        if self.syncing:
            return TrayState.SYNCING
        return TrayState.READ_ONLY if self.read_only else TrayState.CONNECTED

    def sync_failure_text(self, now: float) -> str:
        """``"Library sync failed (HTTP 500) — retrying in 30 s"`` at wall-clock ``now``, or ``""``
        (none failed, or one runs now). English: the UI translates it (``tr_message``)."""
        if self.sync_error is None or self.syncing:
            return ""
        seconds = max(1, math.ceil(self.sync_retry_at - now))
        if self.sync_error:
            return SYNC_FAILED_BECAUSE.format(status=self.sync_error, n=seconds)
        return SYNC_FAILED.format(n=seconds)

    def sync_text(self, now: float | None = None) -> str:
        """The sync's progress, or the library's size (and a failed sync's retry at ``now``)."""
        if self.syncing:
            if self.sync_total:
                return f"Syncing {count(self.sync_received)} / {count(self.sync_total)}"
            return "Syncing…"
        size = f"{count(self.library_size)} sessions" if self.library_size else ""
        failure = "" if now is None else self.sync_failure_text(now)
        return " · ".join(part for part in (size, failure) if part)

    def link_text(self) -> str:
        """One short line for the status row and the tray menu."""
        if self.link is Link.CONNECTED:
            if self.effective_mode == "full-automation":
                return QT_TRANSLATE_NOOP("Messages", "Connected")
            if not self.effective_mode:  # a whole sentence: a data placeholder stays English
                return QT_TRANSLATE_NOOP("Messages", "Connected · unknown mode")
            mode = self.effective_mode
            if self.configured_mode and self.configured_mode != self.effective_mode:
                return QT_TRANSLATE_NOOP(
                    "Messages", "Connected · {mode} (configured {configured})"
                ).format(mode=mode, configured=self.configured_mode)
            return QT_TRANSLATE_NOOP("Messages", "Connected · {mode}").format(mode=mode)
        if self.link is Link.CONNECTING:
            return messages.LINK_CONNECTING
        return messages.for_this_setup(
            self.detail
            or {
                Link.OFFLINE: messages.LINK_OFFLINE,
                Link.NEEDS_TOKEN: messages.LINK_NEEDS_TOKEN,
                Link.MISCONFIGURED: messages.LINK_MISCONFIGURED,
            }[self.link]
        )
