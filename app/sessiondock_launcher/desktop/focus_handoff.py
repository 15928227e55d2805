"""Hand the foreground on when the palette goes away: to SessionDock, or back where the user was.

Windows refuses foreground changes from background processes (docs/pitfalls.md §10): while the
launcher still has focus (the user just pressed Enter in it) it may grant that right to any process
with ``AllowSetForegroundWindow(ASFW_ANY)``.

macOS: the launcher is an accessory app (``LSUIElement``). After Esc it must give activation back
to the app the user came from, and after Enter let SessionDock come forward. macOS 14 made
activation cooperative: an app activates only when the active app yields to it
(``NSApplication.yieldActivation(toApplicationWithBundleIdentifier:)``) or activates it
(``NSRunningApplication.activate(from:options:)``). Both exist only on macOS 14+ (checked with
``respondsToSelector:``); before that, hiding the accessory app (``NSApp.hide(nil)``) returns
activation to the previous app. The native calls sit behind :class:`MacActivationApi`.
Linux needs nothing here (the compositor decides; see the portal's activation token).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Protocol

logger = logging.getLogger(__name__)

ASFW_ANY = -1
SESSIONDOCK_BUNDLE_ID = "com.sessiondock.SessionDock"
"""SessionDock's macOS bundle id: an assumption (the API docs do not state it); a wrong id makes
the yield a no-op and SessionDock then relies on its own activation."""


class MacActivationApi(Protocol):
    """The AppKit calls the hand-off needs (``macos_native.AppKitActivation``, a fake in tests)."""

    def has_cooperative_activation(self) -> bool:
        """macOS 14+: ``yieldActivation…`` and ``activate(from:options:)`` exist."""
        ...

    def is_active(self) -> bool:
        """``NSApp.isActive``: the launcher is the active app."""
        ...

    def frontmost_application(self) -> int:
        """A retained handle of the frontmost app other than ourselves, 0 when there is none."""
        ...

    def release(self, app: int) -> None:
        """Release a handle from :meth:`frontmost_application`."""
        ...

    def yield_activation_to_bundle(self, bundle_id: str) -> None:
        """``NSApp.yieldActivation(toApplicationWithBundleIdentifier:)`` (macOS 14+ only)."""
        ...

    def activate_from_current(self, app: int) -> bool:
        """``app.activate(from: NSRunningApplication.current, options: [])`` (macOS 14+ only)."""
        ...

    def hide_self(self) -> None:
        """``NSApp.hide(nil)``: hide our windows and deactivate."""
        ...


def _windows_allow() -> bool:
    import ctypes

    user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
    return bool(user32.AllowSetForegroundWindow(ASFW_ANY))


def _appkit() -> MacActivationApi:
    from sessiondock_launcher.desktop.macos_native import AppKitActivation

    return AppKitActivation()


class FocusHandoff:
    """Per-OS hand-off around the palette; every method is safe to call on every OS.

    Args:
        platform: ``sys.platform``.
        mac_api: Factory of the AppKit calls (macOS); called once, on first need.
        windows_allow: ``AllowSetForegroundWindow(ASFW_ANY)`` (Windows).
    """

    def __init__(
        self,
        platform: str = sys.platform,
        mac_api: Callable[[], MacActivationApi] = _appkit,
        windows_allow: Callable[[], bool] = _windows_allow,
    ) -> None:
        self.platform = platform
        self._mac_factory = mac_api
        self._mac: MacActivationApi | None = None
        self._windows_allow = windows_allow
        self._previous = 0
        self._handing_to_sessiondock = False

    def _mac_api(self) -> MacActivationApi | None:
        if self.platform != "darwin":
            return None
        if self._mac is None:
            try:
                self._mac = self._mac_factory()
            except OSError as exc:
                logger.warning("AppKit unavailable, no focus hand-off: %s", exc)
                self.platform = "darwin-without-appkit"
                return None
        return self._mac

    def palette_requested(self) -> None:
        """Call before showing the palette (hotkey, ``--toggle``): the user's app is active yet."""
        self.palette_shown()

    def palette_shown(self) -> None:
        """Remember the app the user came from (macOS), to give activation back after Esc.

        Once the palette is up we may already be the active app: then the app remembered by
        :meth:`palette_requested` stays.
        """
        self._handing_to_sessiondock = False
        mac = self._mac_api()
        if mac is None:
            return
        frontmost = mac.frontmost_application()
        if frontmost:  # 0 when we already are frontmost: keep the app remembered before
            mac.release(self._previous)
            self._previous = frontmost

    def before_activation_request(self) -> bool:
        """Let SessionDock come forward: call right before asking it to focus or open a session."""
        if self.platform == "win32":
            try:
                ok = self._windows_allow()
            except OSError as exc:
                logger.warning("AllowSetForegroundWindow failed: %s", exc)
                return False
            if not ok:
                logger.info("AllowSetForegroundWindow returned FALSE (launcher not foreground)")
            return ok
        mac = self._mac_api()
        if mac is not None:
            self._handing_to_sessiondock = True
            if mac.has_cooperative_activation():
                mac.yield_activation_to_bundle(SESSIONDOCK_BUNDLE_ID)
        return True

    def palette_hidden(self) -> None:
        """The palette went away: give activation back (Esc) or step aside for SessionDock."""
        mac = self._mac_api()
        if mac is None:
            return
        previous, self._previous = self._previous, 0
        handing_over, self._handing_to_sessiondock = self._handing_to_sessiondock, False
        if not mac.is_active():  # the user clicked elsewhere: they chose, leave it alone
            mac.release(previous)
            return
        give_back = previous and not handing_over and mac.has_cooperative_activation()
        if give_back and not mac.activate_from_current(previous):
            logger.info("macOS declined to reactivate the previous app")
        mac.hide_self()  # accessory app: hiding deactivates it; before macOS 14 that is all
        mac.release(previous)


def make_foreground_handoff(platform: str = sys.platform) -> Callable[[], bool]:
    """The hand-off before a focus request alone (kept for callers without a palette)."""
    return FocusHandoff(platform).before_activation_request
