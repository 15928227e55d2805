"""The application id, one reverse-DNS name everywhere on Linux (Qt-free).

GNOME's portal backend drops requests from ids GApplication calls invalid (``sessiondock-launcher``
has no dot), and matches an id to ``<id>.desktop``: the Wayland app id
(``QGuiApplication.setDesktopFileName``), the GlobalShortcuts portal registration, the menu entry
and the autostart entry all use :data:`APP_ID`. The icon keeps its plain name.
"""

from __future__ import annotations

APP_ID = "com.sessiondock.Launcher"
DESKTOP_FILE_NAME = f"{APP_ID}.desktop"
LEGACY_DESKTOP_FILE_NAME = "sessiondock-launcher.desktop"
"""What versions before the reverse-DNS id installed (menu entry and autostart)."""
ICON_NAME = "sessiondock-launcher"
