"""Composition root: builds the object graph and wires it; nothing here decides behaviour.

Rooms (docs/architecture.md): core services decide (search, actions, edits, imports, the write
gate, the message catalogue); ``ui/`` adapts them to widgets by feature; :mod:`.shell` routes
commands, quits, the hotkey and messages; :mod:`.lifecycle` runs the process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSystemTrayIcon

from sessiondock_launcher import ctl
from sessiondock_launcher.api import Health, Session, SessionDockClient
from sessiondock_launcher.core import SessionIndex, messages
from sessiondock_launcher.core.audio_cache import AudioCache
from sessiondock_launcher.core.keymap import Binding, Intent
from sessiondock_launcher.core.message_fixes import Fix
from sessiondock_launcher.core.shutdown_steps import ShutdownSteps
from sessiondock_launcher.core.store import (
    DEMO_STORE_FILENAME,
    STORE_FILENAME,
    StoredLibrary,
    open_store,
    script_filter_items,
)
from sessiondock_launcher.desktop.autostart import Autostart, default_launch_command
from sessiondock_launcher.desktop.focus_handoff import FocusHandoff
from sessiondock_launcher.desktop.hotkeys import HotkeyBackend, create_backend
from sessiondock_launcher.desktop.tray_notice import notify_without_tray
from sessiondock_launcher.logs import SecretFilter
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import (
    ConnectionConfig,
    Settings,
    SettingsStore,
    TokenStore,
)
from sessiondock_launcher.shell import Shell
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.bridge import MessageBridge
from sessiondock_launcher.ui.common.heap import HeapTrim
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.common.theme import apply_app_theme, system_theme
from sessiondock_launcher.ui.connection.link import LinkMonitor
from sessiondock_launcher.ui.editors.draft import NewSessionDraft
from sessiondock_launcher.ui.editors.editing import EditController
from sessiondock_launcher.ui.editors.imports import ImportFlow
from sessiondock_launcher.ui.palette.controller import LauncherController
from sessiondock_launcher.ui.palette.intents import PaletteIntents
from sessiondock_launcher.ui.palette.keys import PaletteKeys
from sessiondock_launcher.ui.palette.result_delegate import ResultDelegate
from sessiondock_launcher.ui.palette.session_actions import SessionActions
from sessiondock_launcher.ui.palette.thumbnails import ThumbnailCache
from sessiondock_launcher.ui.palette.window import PaletteWindow
from sessiondock_launcher.ui.preview.audio import AudioPlayer
from sessiondock_launcher.ui.preview.keys import pane_key_handlers
from sessiondock_launcher.ui.preview.pane import PreviewPane
from sessiondock_launcher.ui.settings.flow import SettingsFlow, SettingsHooks
from sessiondock_launcher.ui.tray.tray_icon import TrayIcon

if TYPE_CHECKING:  # imported when Settings first opens (ui/settings/flow.py)
    from sessiondock_launcher.ui.settings.dialog import SettingsDialog

logger = logging.getLogger(__name__)


def store_filename(connection: ConnectionConfig) -> str:
    """``--demo``'s generated library lives in a file of its own, never in the user's."""
    return DEMO_STORE_FILENAME if connection.base_url_source == "demo" else STORE_FILENAME


class Launcher:
    """The running application: every long-lived object, wired together."""

    def __init__(
        self,
        connection: ConnectionConfig,
        settings: Settings,
        paths: AppPaths,
        secrets: SecretFilter,
        tokens: TokenStore | None = None,
    ) -> None:
        self.quit_requested = asyncio.Event()
        self.exit_code = 0
        self.paths = paths
        self.secrets = secrets
        self.tokens = tokens or TokenStore(paths.token_fallback_file)
        self.bridge = MessageBridge()
        self.tasks = TaskRunner(on_error=self._on_task_error)
        # The library on disk: searched at start before any network answer, kept in step by
        # the link's reconciles, and holding usage (frecency), pins and query history.
        self.store, store_report = open_store(paths.data_dir / store_filename(connection))
        self.store.usage.import_frecency_file(paths.frecency_file)  # once; a no-op afterwards
        self.frecency = self.store.usage.frecency()
        self.index = SessionIndex(frecency=self.frecency)
        self.library = StoredLibrary(self.store, self.index)
        self.link = LinkMonitor(self.index, self.tasks, self._client_for, library=self.library)
        self.focus = FocusHandoff()
        self.controller = LauncherController(
            self.link,
            self.index,
            self.frecency,
            self.bridge,
            self.tasks,
            result_limit=settings.result_limit,
            foreground_handoff=self.focus.before_activation_request,
        )
        self.controller.attach_store(self.store)
        theme = system_theme(settings.theme)
        apply_app_theme(theme)  # every window: Settings, dialogs, menus, tooltips, popups
        self.thumbnails = ThumbnailCache(lambda: self.link.client, self.tasks)
        self.delegate = ResultDelegate(theme, self.thumbnails.pixmap_for)
        self.hold = PaletteHold()
        # Created (and laid out) hidden now, so showing it later takes one frame.
        self.palette = PaletteWindow(self.delegate, theme, hold=self.hold)
        self.palette.placement = lambda: self.settings.placement  # read at each show
        self.palette.ensurePolished()
        self.audio = AudioPlayer(
            lambda: self.link.client, self.tasks, AudioCache(paths.cache_dir / "audio")
        )
        self.editing = EditController(self.link, self.index, self.bridge, self.tasks)
        self.imports = ImportFlow(self.link, self.bridge, self.tasks, self.hold)
        self.preview = PreviewPane(
            self.link, self.tasks, self.audio, self.editing, theme, hold=self.hold
        )
        self.palette.body.addWidget(self.preview)
        self.preview.set_shown(settings.show_preview_pane)
        self.intents = PaletteIntents(self.palette, self.controller.searches.answer_coming)
        self.keys = PaletteKeys(
            self.palette.search,
            {
                **self.intents.handlers(),
                **pane_key_handlers(self.preview, self._current_full_session),
            },
            self.preview.isVisible,
            self.palette,
        )
        self.intents.history = self.store.history
        self.keys.history_active = self.intents.history_active
        self.keys.history_walking = self.intents.history_walking
        self.keys.handlers[Intent.TOGGLE_PIN] = self._toggle_pin
        self.actions = SessionActions(
            self.controller, self.bridge, self.hold, self.preview, self.imports
        )
        self.tray = TrayIcon(self.index.recent, "")
        self.tray.pinned = self.controller.pinned_sessions
        self.hotkey: HotkeyBackend = create_backend(
            sys.platform, QGuiApplication.platformName(), os.environ
        )
        self.autostart = Autostart(sys.platform, Path.home(), default_launch_command())
        self.shell = Shell(
            self.palette,
            self.preview,
            self.tray,
            bridge=self.bridge,
            hotkey=self.hotkey,
            focus=self.focus,
            quit_requested=self.quit_requested,
        )
        # Settings last: its hooks reach the shell and the controller. The link connects once
        # the settings it reads (allowed remote hosts) are in place.
        self.settings_flow = SettingsFlow(
            settings,
            SettingsStore(paths.settings_file, demo=connection.base_url_source == "demo"),
            self.tokens,
            self.link,
            bridge=self.bridge,
            tasks=self.tasks,
            hooks=SettingsHooks(
                check_health=self._check_health,
                check_hotkey=Shell.hotkey_problem,
                register_hotkey=self.shell.register_hotkey,
                apply_theme=self._apply_theme,
                set_result_limit=self.controller.set_result_limit,
                set_autostart=self._set_autostart,
                autostart_enabled=self.autostart.is_enabled,
            ),
        )
        self.apply_settings = self.settings_flow.apply
        self.open_settings = self.settings_flow.open
        self.link.connect_to(connection)
        self._wire()
        if store_report.needs_attention:
            logger.warning("%s", store_report.message)
            self.bridge.warning(store_report.message)

    @property
    def client(self) -> SessionDockClient | None:
        """The link's client (the link owns it; this is a read-through for tests and tools)."""
        return self.link.client

    @property
    def connection(self) -> ConnectionConfig:
        """The connection the link's client talks to (the link owns it)."""
        assert self.link.connection is not None  # set in __init__
        return self.link.connection

    @connection.setter
    def connection(self, connection: ConnectionConfig) -> None:
        # Relabels where the settings came from without reconnecting (tests use it).
        self.link.connection = connection

    def _client_for(self, connection: ConnectionConfig) -> SessionDockClient:
        self.secrets.add(connection.token)
        return SessionDockClient(
            connection.base_url,
            connection.token,
            allow_remote_hosts=self.settings.allow_remote_hosts,
        )

    def _wire(self) -> None:
        self.palette.toast_life.fixes.update(  # the toast's buttons
            {Fix.OPEN_SETTINGS: self.open_settings, Fix.RETRY: self.link.check_now}
        )
        palette, controller, link, tray = self.palette, self.controller, self.link, self.tray
        palette.text_edited.connect(controller.search)
        palette.in_library = lambda session_id: self.index.get(session_id) is not None
        self.delegate.is_pinned = controller.pinned_id
        palette.focus_requested.connect(controller.focus)
        palette.open_requested.connect(controller.open)
        palette.actions_requested.connect(self._show_actions)
        palette.new_session_requested.connect(self._new_session)  # prefilled from the search
        palette.empty_label.known_values = self.editing.known_values  # kinds/statuses it takes
        palette.shown.connect(self._on_palette_shown)
        palette.shown.connect(self.focus.palette_shown)
        palette.hidden.connect(self.focus.palette_hidden)
        self.preview.complete = self.controller.full_session  # read when the pane draws it
        palette.list.selectionModel().currentChanged.connect(
            lambda *_: self.preview.follow(self.palette.current_session())
        )
        palette.search.installEventFilter(self.keys)  # the one key filter (core/keymap.py)
        palette.hidden.connect(self.audio.stop)
        self.editing.session_changed.connect(lambda _s: controller.refresh())
        self.editing.session_removed.connect(lambda _id: controller.refresh())
        self.editing.session_changed.connect(lambda _s: link.index_changed())  # the count
        self.editing.session_removed.connect(lambda _id: link.index_changed())
        self.imports.attach(palette, palette.search)
        self.preview.visibility_toggled.connect(self.settings_flow.remember_preview)
        tray.new_session_requested.connect(self._new_session)
        controller.results_ready.connect(palette.apply_results)
        controller.search_failed.connect(self.intents.on_search_failed)
        controller.session_focused.connect(lambda _id: palette.hide())
        controller.session_opened.connect(lambda _id: palette.hide())
        link.status_changed.connect(palette.set_status)
        link.status_changed.connect(tray.set_status)
        link.status_changed.connect(self.thumbnails.on_status)  # retry artwork after a reconnect
        # After a sync (and the store's load, _load_library): free heap pages back to the system.
        self.heap = HeapTrim()
        link.library_synced.connect(self.heap.soon)
        self.thumbnails.thumbnail_ready.connect(palette.model.session_changed)
        tray.focus_requested.connect(controller.focus)
        tray.settings_requested.connect(self.open_settings)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: self._apply_theme())

    # -- settings ----------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.settings_flow.settings

    @property
    def settings_dialog(self) -> SettingsDialog | None:
        return self.settings_flow.dialog

    async def _check_health(self, base_url: str, token: str, allow: list[str]) -> Health:
        self.secrets.add(token)
        async with SessionDockClient(base_url, token or None, allow_remote_hosts=allow) as client:
            return await client.health()

    def _set_autostart(self, enabled: bool) -> None:
        if enabled:
            self.autostart.enable()
        else:
            self.autostart.disable()

    def _apply_theme(self) -> None:
        theme = system_theme(self.settings.theme)
        apply_app_theme(theme)
        self.delegate.theme = theme
        self.palette.apply_theme(theme)
        self.preview.apply_theme(theme)

    # -- behaviour ---------------------------------------------------------------------------
    def start(self, show: bool) -> None:
        self.palette.set_status(self.link.status)  # "Connecting…" until the first answer
        self.tray.set_status(self.link.status)
        self.shell.register_hotkey(self.settings.hotkey)
        self.tray.show()
        if (
            not QSystemTrayIcon.isSystemTrayAvailable()
            and QGuiApplication.platformName() != "offscreen"
        ):
            notify_without_tray(
                self.paths.config_dir, self.tray.hotkey_text, i18n.tr_message
            )  # once, visibly
        if self.connection.base_url_source != "demo":  # the demo leaves the user's login alone
            try:
                self.autostart.migrate()  # an older version's entry → the app-id / SMAppService one
            except OSError as exc:
                logger.warning("Could not migrate the launch-at-login entry: %s", exc)
        self.tasks.spawn(self._load_library(), "load-library")  # search the disk first
        self.link.start()
        self.controller.search("")
        if show:
            self.palette.show_palette()
        if not self.connection.token and self.connection.token_source == "none":
            self.open_settings(first_run=True)

    async def _load_library(self) -> None:
        loaded = await self.library.load()
        logger.info("Stored library searchable: %d sessions", loaded)
        self.link.library_loaded(loaded)
        self.controller.refresh()
        self.heap.soon()

    # -- commands from outside (sessiondock-launcher --focus ID & co.) ------------------------
    def on_command(self, command: str, args: dict[str, object]) -> None:
        """``focus`` and ``open-latest`` act on sessions; the rest are the shell's."""
        if command == "focus":
            session_id = str(args.get("id", ""))
            logger.info("Command received: focus %s", session_id)
            # Not in the library yet (or not loaded): SessionDock decides; a 404 says so.
            session = self.index.get(session_id) or Session(id=session_id, title=session_id)
            self.controller.focus(session)
        elif command == "open-latest":
            logger.info("Command received: open-latest")
            latest = self.index.recent(1)
            if latest:
                self.controller.open(latest[0])
            else:
                self.bridge.warning(messages.NO_SESSIONS_YET)
        else:
            self.shell.on_command(command, args)

    def answer_command(self, command: str, args: dict[str, object]) -> object:
        """The ``result`` of ``--query TEXT``: the palette's own ranking, bounded in size."""
        assert command == "query"
        if not self.link.library_ready:  # its first sync runs: the store on disk answers
            return {"items": [], "loading": True}
        results = self.controller.searches.local_results(str(args.get("text", "")))
        sessions = (match.session for match in results.matches)
        return {"items": script_filter_items(sessions, ctl.MAX_MESSAGE_BYTES - 1024)}

    def _on_palette_shown(self) -> None:
        logger.info("Palette shown")
        self.link.palette_opened()

    def _toggle_pin(self, _binding: Binding) -> None:
        session = self.palette.current_session()
        if session is not None:
            self.controller.toggle_pin(session)

    def _current_full_session(self) -> Session | None:
        """The highlighted row's session with every field, read from the store: index sessions
        carry the start of the notes and no previews, and the pane and the editors need all."""
        session = self.palette.current_session()
        return None if session is None else self.controller.full_session(session)

    def _show_actions(self, session: Session) -> None:
        full = self.controller.full_session(session)  # the editors it opens need every field
        self.actions.toggle_panel(full, self.link, self.palette)

    def _new_session(self, draft: NewSessionDraft | None = None) -> None:
        self.palette.show_palette()
        self.preview.new_session(draft=draft)

    def _on_task_error(self, exc: BaseException) -> None:
        self.bridge.error(messages.something_went_wrong(type(exc).__name__))

    async def shutdown(self) -> None:
        # Each step runs even when one before it fails: a failing step is logged, never fatal.
        steps = ShutdownSteps()
        steps.do("stop audio", self.audio.close)
        steps.do("hide the palette", self.palette.hide)
        steps.do("hide the tray icon", self.tray.icon.hide)
        steps.do("release the hotkey", self.hotkey.close)
        steps.do("stop the heap trim", self.heap.close)
        await steps.await_("drain thumbnails", self.thumbnails.drain)
        await steps.await_("stop tasks", self.tasks.shutdown)
        await steps.await_("close the client", self.link.aclose)
        # Closed transports finish on the next loop turns (connection_lost callbacks); let them
        # run before the loop goes away.
        for _ in range(3):
            await asyncio.sleep(0)
        steps.do("close the library store", self.store.close)
        if steps.ok:
            logger.info("Shut down cleanly")
        else:
            logger.warning("Shut down, but %s", steps.summary())
