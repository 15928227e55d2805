"""The Settings window's lifecycle and what saving does: store the settings and the token, switch
launch at login, reconnect when the address or token changed, and tell the rest of the app.

The composition root passes :class:`SettingsHooks` for the reactions that belong to other rooms
(theme, hotkey, result limit); this module decides which of them a save needs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sessiondock_launcher.core import messages
from sessiondock_launcher.settings import (
    ConnectionConfig,
    Settings,
    SettingsStore,
    TokenStore,
    resolve_connection,
)
from sessiondock_launcher.ui.common.bridge import MessageBridge
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.connection.link import LinkMonitor

if TYPE_CHECKING:  # the window itself is imported when it first opens (idle memory, issue 13)
    from sessiondock_launcher.ui.settings.dialog import (
        HealthCheck,
        HotkeyCheck,
        SettingsDialog,
        SettingsResult,
    )

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SettingsHooks:
    """What other rooms do for the Settings window (wired in app.py)."""

    check_health: HealthCheck
    check_hotkey: HotkeyCheck
    register_hotkey: Callable[[str], None]
    apply_theme: Callable[[], None]
    set_result_limit: Callable[[int], None]
    set_autostart: Callable[[bool], None]  # raises OSError when it cannot
    autostart_enabled: Callable[[], bool]  # what the system will do (raises OSError)


class SettingsFlow:
    """Owns the current :class:`Settings` and the (one) Settings window."""

    def __init__(
        self,
        settings: Settings,
        store: SettingsStore,
        tokens: TokenStore,
        link: LinkMonitor,
        *,
        bridge: MessageBridge,
        tasks: TaskRunner,
        hooks: SettingsHooks,
    ) -> None:
        self.settings = settings
        self.dialog: SettingsDialog | None = None
        self._store, self._tokens, self._link = store, tokens, link
        self._bridge, self._tasks, self._hooks = bridge, tasks, hooks

    @property
    def store(self) -> SettingsStore:
        """Where the settings are saved."""
        return self._store

    @property
    def connection(self) -> ConnectionConfig:
        assert self._link.connection is not None  # the link connects before Settings can open
        return self._link.connection

    def open(self, first_run: bool = False) -> None:
        if self.dialog is None:
            from sessiondock_launcher.ui.settings.dialog import SettingsDialog

            try:  # the checkbox shows what the system will do, not what was last saved
                self.settings.launch_at_login = self._hooks.autostart_enabled()
            except OSError as exc:
                logger.warning("Cannot read the launch-at-login state: %s", exc)
            dialog = SettingsDialog(
                self.settings,
                self.connection,
                self._hooks.check_health,
                self._tasks,
                check_hotkey=self._hooks.check_hotkey,
                keyring_warning=self._tokens.warning,
                first_run=first_run,
            )
            dialog.settings_saved.connect(self.apply)
            dialog.finished.connect(self._closed)
            self.dialog = dialog
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def apply(self, result: SettingsResult) -> None:
        """Save what the user chose and put it to work without a restart."""
        previous, new = self.settings, result.settings
        self.settings = new
        try:
            self._store.save(new)
            if result.token is not None:
                self._tokens.save(result.token)
        except Exception as exc:  # noqa: BLE001 (keyring backends raise anything; the user must hear)
            logger.error("Saving settings failed: %s", type(exc).__name__)
            self._bridge.error(messages.settings_not_saved(type(exc).__name__))
        self._hooks.set_result_limit(new.result_limit)
        if new.theme != previous.theme:
            self._hooks.apply_theme()
        if new.hotkey != previous.hotkey:
            self._hooks.register_hotkey(new.hotkey)
        if new.launch_at_login != previous.launch_at_login:
            self._apply_autostart(new.launch_at_login)
        current = self.connection
        if current.base_url_source == "demo":
            return
        connection = resolve_connection(new, self._tokens)  # the environment still wins
        if (connection.base_url, connection.token) != (current.base_url, current.token):
            self._link.connect_to(connection)

    def remember_preview(self, shown: bool) -> None:
        # Changed in place: an open Settings window works on this same object.
        self.settings.show_preview_pane = shown
        try:
            self._store.save(self.settings)
        except OSError as exc:
            logger.warning("Could not remember the preview pane: %s", exc)

    def _apply_autostart(self, enabled: bool) -> None:
        try:
            self._hooks.set_autostart(enabled)
        except OSError as exc:
            logger.error("Launch at login could not be changed: %s", exc)
            self._bridge.error(messages.autostart_not_changed(str(exc.strerror or exc)))
