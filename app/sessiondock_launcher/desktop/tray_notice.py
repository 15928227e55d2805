"""What to say, once, when the desktop has no system tray (plain GNOME); Qt-free.

Without a tray icon the launcher is invisible: the user must learn how to reach it (the hotkey,
``sessiondock-launcher --toggle``, or the AppIndicator extension that gives GNOME a tray). The
notice goes out as a desktop notification (``org.freedesktop.Notifications.Notify``, which plain
GNOME shows without any tray; it stays until dismissed and steals no focus) once per
installation: a file in the config dir remembers that the desktop accepted it. When no
notification server answers, nothing is remembered and the next start tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from sessiondock_launcher.desktop.app_id import APP_ID, ICON_NAME
from sessiondock_launcher.desktop.hotkeys.base import TOGGLE_COMMAND
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)

NOTICE_FILE = "no-tray-notice-shown"
EXTENSION_URL = "https://extensions.gnome.org/extension/615/appindicator-support/"
NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
SUMMARY = QT_TRANSLATE_NOOP("Messages", "SessionDock Launcher has no tray icon here")


class NotificationBus(Protocol):
    """The one D-Bus call needed (``portal_bus.SessionBusConnection`` to the service above)."""

    def call(
        self,
        path: str,
        interface: str,
        method: str,
        signature: str,
        body: tuple[Any, ...],
        *,
        on_reply: Callable[[tuple[Any, ...]], None],
        on_error: Callable[[str, str], None],
    ) -> None:
        """Call ``method``; exactly one callback runs later."""
        ...


def no_tray_notice(hotkey_text: str, tr: Callable[[str], str] = lambda text: text) -> str:
    """The notice; ``hotkey_text`` is the live hotkey as the user reads it (``""`` when none).

    ``tr`` translates the sentence (the app passes ``i18n.tr_message``).
    """
    reach = (
        QT_TRANSLATE_NOOP("Messages", "press {hotkey}, or run `{path}`").format(
            hotkey=hotkey_text, path=TOGGLE_COMMAND
        )
        if hotkey_text
        else QT_TRANSLATE_NOOP(
            "Messages",
            "run `{path}` (bind it to a shortcut in your desktop's keyboard settings)",
        ).format(path=TOGGLE_COMMAND)
    )
    return tr(
        QT_TRANSLATE_NOOP(
            "Messages",
            "SessionDock Launcher is running, but this desktop shows no tray icon. "
            "To open the search palette, {reach}. "
            "On GNOME, the AppIndicator extension adds the tray icon: {url}",
        ).format(reach=reach, url=EXTENSION_URL)
    )


class OnceNotice:
    """Remembers in ``state_dir`` that a notice was shown, so it is shown only once."""

    def __init__(self, state_dir: Path, name: str = NOTICE_FILE) -> None:
        self._path = state_dir / name

    def due(self) -> bool:
        """True until :meth:`mark_shown` was called (in this or an earlier run)."""
        return not self._path.exists()

    def mark_shown(self) -> None:
        """Remember it; a failure to write is logged, and the notice may then come again."""
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_text("shown\n", encoding="utf-8")
        except OSError as exc:
            logger.warning("Could not remember the no-tray notice: %s", exc)


def notify_once(
    notice: OnceNotice,
    text: str,
    bus: NotificationBus,
    done: Callable[[], None] = lambda: None,
    summary: str = SUMMARY,
) -> bool:
    """Send the notice as a desktop notification unless it was shown before; True when sent.

    ``Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)``
    (Desktop Notifications spec 1.2); ``expire_timeout`` 0 = until the user dismisses it.
    ``done`` runs after the answer (to close the bus).
    """
    if not notice.due():
        return False

    def on_reply(_body: tuple[Any, ...]) -> None:
        notice.mark_shown()
        done()

    def on_error(name: str, message: str) -> None:
        logger.warning("No desktop notification (%s: %s): %s", name, message, text)
        done()

    hints = {"desktop-entry": ("s", APP_ID), "urgency": ("y", 1)}
    body: tuple[Any, ...] = ("SessionDock Launcher", 0, ICON_NAME, summary, text, [], hints, 0)
    bus.call(
        NOTIFICATIONS_PATH,
        NOTIFICATIONS_SERVICE,
        "Notify",
        "susssasa{sv}i",
        body,
        on_reply=on_reply,
        on_error=on_error,
    )
    return True


def notify_without_tray(
    config_dir: Path, hotkey_text: str, tr: Callable[[str], str] = lambda text: text
) -> None:
    """Tell the user once how to reach the app, as a desktop notification over the session bus.

    For an app with no tray icon; ``hotkey_text`` is the live hotkey (``""`` when none); ``tr``
    translates the wording.
    """
    notice = OnceNotice(config_dir)
    if not notice.due():
        return
    try:
        from sessiondock_launcher.desktop.hotkeys.portal_bus import SessionBusConnection

        bus = SessionBusConnection(destination=NOTIFICATIONS_SERVICE)
    except (OSError, KeyError, ValueError) as exc:
        logger.info("No tray and no session bus (%s): use the hotkey or --toggle", exc)
        return
    notify_once(notice, no_tray_notice(hotkey_text, tr), bus, bus.close, tr(SUMMARY))
