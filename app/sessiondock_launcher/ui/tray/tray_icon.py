"""The tray icon: state at a glance, recent sessions, Search / Settings / Quit.

The menu is rebuilt on ``aboutToShow`` so it always lists the current recents and state; its
actions only emit intents, the composition root decides what they do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.messages import FOCUS_READ_ONLY
from sessiondock_launcher.core.status import LauncherStatus
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.bridge import Level, UserMessage
from sessiondock_launcher.ui.common.icons import tray_icon

logger = logging.getLogger(__name__)

RECENT_COUNT = 8


class TrayIcon(QObject):
    """Signals: search_requested(), toggle_requested(), focus_requested(Session),
    settings_requested(), new_session_requested(), quit_requested()."""

    search_requested = Signal()
    toggle_requested = Signal()
    focus_requested = Signal(object)
    settings_requested = Signal()
    new_session_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        recents: Callable[[int], list[Session]],
        hotkey_text: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._recents = recents
        self.pinned: Callable[[], list[Session]] = list
        """Pinned sessions, listed above the recent ones."""
        self.hotkey_text = hotkey_text
        self.status = LauncherStatus()
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.menu.setAccessibleName(
            QCoreApplication.translate("TrayIcon", "SessionDock Launcher menu")
        )
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.set_status(self.status)
        self.rebuild_menu()

    def show(self) -> None:
        self.icon.show()
        if not QSystemTrayIcon.isSystemTrayAvailable():
            logger.info("No system tray available; use the hotkey or `--toggle`")

    def set_status(self, status: LauncherStatus) -> None:
        self.status = status
        self.icon.setIcon(tray_icon(status.tray_state))
        sync = i18n.sync_text(status)
        self.icon.setToolTip(
            QCoreApplication.translate("TrayIcon", "SessionDock Launcher — {state}").format(
                state=i18n.link_text(status)
            )
            + (f"\n{sync}" if sync else "")
        )

    def notify(self, message: UserMessage) -> None:
        icon = {
            Level.ERROR: QSystemTrayIcon.MessageIcon.Critical,
            Level.WARNING: QSystemTrayIcon.MessageIcon.Warning,
            Level.INFO: QSystemTrayIcon.MessageIcon.Information,
        }[message.level]
        title = QCoreApplication.translate("TrayIcon", "SessionDock Launcher")
        self.icon.showMessage(title, i18n.tr_message(message.text), icon, 6000)

    def rebuild_menu(self) -> None:
        menu = self.menu
        menu.clear()
        state = menu.addAction(i18n.link_text(self.status))
        state.setEnabled(False)
        sync = i18n.sync_text(self.status)
        if sync:
            menu.addAction(sync).setEnabled(False)
        menu.addSeparator()
        label = QCoreApplication.translate("TrayIcon", "Search sessions…") + (
            f"\t{self.hotkey_text}" if self.hotkey_text else ""
        )
        search = menu.addAction(label)
        search.triggered.connect(self.search_requested.emit)
        writable = self.status.can_write
        new = menu.addAction(
            QCoreApplication.translate("TrayIcon", "New session…")
            + i18n.tr_message(self.status.write_label_suffix)
        )
        new.setEnabled(writable)
        new.triggered.connect(self.new_session_requested.emit)
        pinned = self.pinned()[:RECENT_COUNT]
        recents = self._recents(RECENT_COUNT)
        if pinned or recents:
            if self.status.read_only:
                menu.addAction(i18n.tr_message(FOCUS_READ_ONLY)).setEnabled(False)
            pinned_ids = {s.id for s in pinned}
            for section, sessions in (
                (QCoreApplication.translate("TrayIcon", "Pinned sessions"), pinned),
                (
                    QCoreApplication.translate("TrayIcon", "Recent sessions"),
                    [s for s in recents if s.id not in pinned_ids],
                ),
            ):
                if sessions:  # a heading every style draws (addSection is a bare line in some)
                    menu.addSeparator()
                    menu.addAction(section).setEnabled(False)
                for session in sessions:
                    self._add_session(menu, session)
        if recents:
            # The latest as listed here, not whatever is latest when clicked (a sync may land
            # while the menu is open): the tray acts on what the user saw.
            latest = menu.addAction(QCoreApplication.translate("TrayIcon", "Open latest session"))
            latest.setEnabled(self.status.can_write)
            latest.triggered.connect(lambda _=False, s=recents[0]: self.focus_requested.emit(s))
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("TrayIcon", "Settings…")).triggered.connect(
            self.settings_requested.emit
        )
        menu.addAction(QCoreApplication.translate("TrayIcon", "Quit")).triggered.connect(
            self.quit_requested.emit
        )

    def _add_session(self, menu: QMenu, session: Session) -> None:
        action = menu.addAction(menu_title(session.display_title, QFontMetrics(menu.font())))
        action.setToolTip(session.project_path)
        action.setEnabled(self.status.can_write)
        action.triggered.connect(lambda _=False, s=session: self.focus_requested.emit(s))

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_requested.emit()


MENU_TITLE_WIDTH = 360
"""Widest session title in the tray menu (logical pixels): a 200-character title made the menu
~1,100 px wide. The middle is elided: titles that differ at the end stay apart."""


def menu_title(title: str, metrics: QFontMetrics) -> str:
    """A session title as a menu item shows it: one line, no mnemonic ``&`` (a title "Drum &
    Bass" lost its "&" and underlined the B), no tab (it starts the shortcut column), and
    elided in the middle past :data:`MENU_TITLE_WIDTH`."""
    line = " ".join(title.split())
    elided = metrics.elidedText(line, Qt.TextElideMode.ElideMiddle, MENU_TITLE_WIDTH)
    return elided.replace("&", "&&")
