"""First run on Linux: offer, once, to install the menu entry (``--install-desktop-entry``).

A ``pip install`` puts no ``.desktop`` file anywhere, yet GNOME's GlobalShortcuts portal, the
Wayland app id and the applications menu need ``com.sessiondock.Launcher.desktop``. When it is not
visible to the desktop and the user has not answered before, a small non-modal window asks:
"Install" writes the entry and icons (``desktop/desktop_entry.py``), "Not now" (or closing the
window) declines. The answer is remembered in the settings (``desktop_entry_offered``); a failed
install is reported and not remembered, so the next start asks again.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from sessiondock_launcher.desktop.app_id import DESKTOP_FILE_NAME
from sessiondock_launcher.desktop.autostart import default_launch_command
from sessiondock_launcher.desktop.desktop_entry import (
    data_home,
    install_desktop_entry,
    is_installed,
)
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.ui.common.bridge import MessageBridge

logger = logging.getLogger(__name__)

INSTALL_COMMAND = "sessiondock-launcher --install-desktop-entry"


def offer_due(platform: str, settings: Settings, environ: Mapping[str, str], home: Path) -> bool:
    """Linux, never answered, and no menu entry anywhere in the XDG data dirs."""
    return (
        platform.startswith("linux")
        and not settings.desktop_entry_offered
        and not is_installed(environ, home)
    )


class DesktopEntryOffer(QObject):
    """Asks once; ``settings()`` is the live settings object, ``save`` writes it to disk."""

    def __init__(
        self,
        settings: Callable[[], Settings],
        save: Callable[[Settings], None],
        bridge: MessageBridge,
        *,
        environ: Mapping[str, str] | None = None,
        home: Path | None = None,
        command: list[str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings, self._save, self._bridge = settings, save, bridge
        self._environ = os.environ if environ is None else environ
        self._home = Path.home() if home is None else home
        self._command = command
        self.box: QMessageBox | None = None
        self.install_button: QAbstractButton | None = None

    def offer_if_due(self, platform: str = sys.platform) -> bool:
        """Show the offer when it is due; True when it is shown."""
        if self.box is not None or not offer_due(
            platform, self._settings(), self._environ, self._home
        ):
            return False
        box = QMessageBox(QMessageBox.Icon.Question, "", "")
        # not the palette's title: scripts and window switchers look for that one
        box.setWindowTitle(QCoreApplication.translate("EntryOffer", "Applications menu entry"))
        box.setText(
            QCoreApplication.translate(
                "EntryOffer", "Add SessionDock Launcher to your applications menu?"
            )
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "EntryOffer",
                "The menu entry lets you start the launcher from the applications menu, and "
                "GNOME needs it for the global hotkey. It goes into {path}. You can also run "
                "`{command}` later.",
            ).format(path=data_home(self._environ, self._home), command=INSTALL_COMMAND)
        )
        self.install_button = box.addButton(
            QCoreApplication.translate("EntryOffer", "Install"), QMessageBox.ButtonRole.AcceptRole
        )
        later = box.addButton(
            QCoreApplication.translate("EntryOffer", "Not now"), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(later)  # Enter must not install by surprise
        box.setEscapeButton(later)
        box.setModal(False)
        # Shown without taking the keyboard: the palette the hotkey opens meanwhile gets the
        # typed query and Enter; a click (or the window switcher) answers the offer.
        box.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        box.buttonClicked.connect(self._answered)
        self.box = box
        box.show()
        logger.info("Offered to install the menu entry")
        return True

    def withdraw(self) -> None:
        """Take the offer off screen unanswered (it is asked again later): the palette went
        away for another app, and a window of ours left behind would take the focus from it."""
        box, self.box = self.box, None
        if box is not None:
            box.hide()
            box.deleteLater()
            logger.info("Withdrew the menu-entry offer, unanswered")

    def _answered(self, button: QAbstractButton) -> None:
        box, self.box = self.box, None
        if box is not None:
            box.deleteLater()
        if button is self.install_button and not self._install():
            return  # reported; the next start asks again
        settings = self._settings()
        settings.desktop_entry_offered = True  # in place: an open Settings window shares it
        try:
            self._save(settings)
        except OSError as exc:
            logger.warning("Could not remember the menu-entry answer: %s", exc)

    def _install(self) -> bool:
        target = data_home(self._environ, self._home)
        try:
            install_desktop_entry(target, self._command or default_launch_command())
        except OSError as exc:
            logger.warning("Could not install the menu entry into %s: %s", target, exc)
            self._bridge.warning(
                QCoreApplication.translate(
                    "EntryOffer",
                    "Could not add the menu entry ({reason}). Run `{command}` to see why.",
                ).format(reason=exc.strerror or exc, command=INSTALL_COMMAND)
            )
            return False
        entry = target / "applications" / DESKTOP_FILE_NAME
        logger.info("Installed the menu entry %s", entry)
        self._bridge.info(
            QCoreApplication.translate(
                "EntryOffer", "SessionDock Launcher is now in your applications menu."
            )
        )
        return True
