"""Composition root: builds the object graph, runs it on one qasync loop, shuts it down cleanly.

Lifetime follows docs/pitfalls.md §4: Quit sets an ``asyncio.Event``; :func:`main` then cancels and awaits
every task, closes the HTTP client and returns the exit code. ``app.quit()`` is never the way out.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

# isort: split
import qasync  # after PySide6, so qasync binds to it (docs/pitfalls.md §5)

from sessiondock_launcher import __version__
from sessiondock_launcher.api import Health, SessionDockClient, SessionDockError
from sessiondock_launcher.core import FrecencyStore, SessionIndex
from sessiondock_launcher.core.audio_cache import AudioCache
from sessiondock_launcher.desktop.app_id import APP_ID
from sessiondock_launcher.desktop.autostart import Autostart, default_launch_command
from sessiondock_launcher.desktop.focus_handoff import FocusHandoff
from sessiondock_launcher.desktop.hotkeys import (
    HotkeyBackend,
    HotkeyError,
    HotkeyUnavailable,
    InvalidChord,
    create_backend,
    parse_chord,
    reserved_reason,
)
from sessiondock_launcher.desktop.hotkeys.chord import migrate_stored_hotkey
from sessiondock_launcher.desktop.hotkeys.portal import export_activation_token
from sessiondock_launcher.desktop.quit_signals import QuitOnSignals
from sessiondock_launcher.desktop.single_instance import SingleInstance
from sessiondock_launcher.desktop.tray_notice import notify_without_tray
from sessiondock_launcher.logs import SecretFilter, configure_logging
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import (
    ConnectionConfig,
    Settings,
    SettingsStore,
    TokenStore,
    resolve_connection,
)
from sessiondock_launcher.ui.audio import AudioPlayer
from sessiondock_launcher.ui.bridge import MessageAction, MessageBridge, UserMessage
from sessiondock_launcher.ui.controller import LauncherController
from sessiondock_launcher.ui.editing import EditController
from sessiondock_launcher.ui.icons import app_icon
from sessiondock_launcher.ui.import_flow import ImportFlow
from sessiondock_launcher.ui.link import LinkMonitor
from sessiondock_launcher.ui.palette import PaletteWindow
from sessiondock_launcher.ui.preview_keys import PreviewKeys
from sessiondock_launcher.ui.preview_pane import PreviewPane
from sessiondock_launcher.ui.result_delegate import ResultDelegate
from sessiondock_launcher.ui.session_actions import SessionActions
from sessiondock_launcher.ui.settings_dialog import SettingsDialog, SettingsResult
from sessiondock_launcher.ui.tasks import TaskRunner
from sessiondock_launcher.ui.theme import system_theme
from sessiondock_launcher.ui.thumbnails import ThumbnailCache
from sessiondock_launcher.ui.tray import TrayIcon

logger = logging.getLogger(__name__)

SMOKE_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class LaunchOptions:
    demo: bool = False
    demo_size: int = 2_000
    smoke: bool = False
    show: bool = False
    log_level: str = "INFO"


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
        self._quit_confirmed = False
        self.exit_code = 0
        self.settings = settings
        self.connection = connection
        self.paths = paths
        self.secrets = secrets
        self.tokens = tokens or TokenStore(paths.token_fallback_file)
        self.settings_store = SettingsStore(paths.settings_file)
        self.settings_dialog: SettingsDialog | None = None
        self.bridge = MessageBridge()
        self.tasks = TaskRunner(on_error=self._on_task_error)
        self.client, config_error = self._make_client(connection)
        self.frecency = FrecencyStore(paths.frecency_file)
        self.index = SessionIndex(frecency=self.frecency)
        self.link = LinkMonitor(self.client, self.index, self.tasks, config_error=config_error)
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
        self.actions = SessionActions(self.controller, self.bridge)
        theme = system_theme(self.settings.theme)
        self.thumbnails = ThumbnailCache(lambda: self.link.client, self.tasks)
        self.delegate = ResultDelegate(theme, self.thumbnails.pixmap_for)
        # Created (and laid out) hidden now, so showing it later takes one frame.
        self.palette = PaletteWindow(self.delegate, theme)
        self.palette.ensurePolished()
        self.audio = AudioPlayer(
            lambda: self.link.client, self.tasks, AudioCache(paths.cache_dir / "audio")
        )
        self.editing = EditController(self.link, self.index, self.bridge, self.tasks)
        self.imports = ImportFlow(self.link, self.bridge, self.tasks)
        self.preview = PreviewPane(self.link, self.tasks, self.audio, self.editing, theme)
        self.palette.body.addWidget(self.preview)
        self.preview.set_shown(settings.show_preview_pane)
        self.preview_keys = PreviewKeys(self.preview, self.palette.current_session, self.palette)
        self.actions.editors, self.actions.imports = self.preview, self.imports
        self.tray = TrayIcon(self.index.recent, "")
        self.hotkey: HotkeyBackend = create_backend(
            sys.platform, QGuiApplication.platformName(), os.environ
        )
        self.autostart = Autostart(sys.platform, Path.home(), default_launch_command())
        self._wire()

    def _wire(self) -> None:
        palette, controller, link, tray = self.palette, self.controller, self.link, self.tray
        palette.text_edited.connect(controller.search)
        palette.focus_requested.connect(controller.focus)
        palette.open_requested.connect(controller.open)
        palette.actions_requested.connect(self._show_actions)
        palette.shown.connect(self._on_palette_shown)
        palette.shown.connect(self.focus.palette_shown)
        palette.hidden.connect(self.focus.palette_hidden)
        palette.list.selectionModel().currentChanged.connect(
            lambda *_: self.preview.follow(palette.current_session())
        )
        # Installed after the palette's own filter, so it sees keys first (Space, ←/→, Ctrl+T/I).
        palette.search.installEventFilter(self.preview_keys)
        palette.hidden.connect(self.audio.stop)
        self.editing.session_changed.connect(lambda _s: controller.refresh())
        self.editing.session_removed.connect(lambda _id: controller.refresh())
        self.imports.attach(palette, palette.search)
        self.preview.visibility_toggled.connect(self._remember_preview)
        tray.new_session_requested.connect(self._new_session)
        controller.results_ready.connect(palette.apply_results)
        controller.session_focused.connect(lambda _id: palette.hide())
        controller.session_opened.connect(lambda _id: palette.hide())
        link.status_changed.connect(palette.set_status)
        link.status_changed.connect(tray.set_status)
        self.thumbnails.thumbnail_ready.connect(palette.model.session_changed)
        self.bridge.message_posted.connect(self._on_message)
        tray.search_requested.connect(palette.show_palette)
        tray.toggle_requested.connect(palette.toggle)
        tray.focus_requested.connect(controller.focus)
        tray.open_latest_requested.connect(self._open_latest)
        tray.settings_requested.connect(self.open_settings)
        tray.quit_requested.connect(self.quit)
        self.hotkey.activated.connect(self._on_hotkey)
        self.hotkey.registered.connect(self._on_hotkey_registered)
        self.hotkey.registration_failed.connect(self._on_hotkey_failed)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: self._apply_theme())

    def _make_client(self, connection: ConnectionConfig) -> tuple[SessionDockClient | None, str]:
        self.secrets.add(connection.token)
        try:
            client = SessionDockClient(
                connection.base_url,
                connection.token,
                allow_remote_hosts=self.settings.allow_remote_hosts,
            )
        except SessionDockError as exc:
            logger.error("Cannot use %s: %s", connection.base_url, exc)
            return None, exc.user_message
        return client, ""

    # -- settings ----------------------------------------------------------------------------
    def open_settings(self, first_run: bool = False) -> None:
        if self.settings_dialog is None:
            try:  # the checkbox shows what the system will do, not what was last saved
                self.settings.launch_at_login = self.autostart.is_enabled()
            except OSError as exc:
                logger.warning("Cannot read the launch-at-login state: %s", exc)
            dialog = SettingsDialog(
                self.settings,
                self.connection,
                self._check_health,
                self.tasks,
                check_hotkey=self.hotkey_problem,
                keyring_warning=self.tokens.warning,
                first_run=first_run,
            )
            dialog.settings_saved.connect(self.apply_settings)
            dialog.finished.connect(self._settings_closed)
            self.settings_dialog = dialog
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        self.settings_dialog.activateWindow()

    def _settings_closed(self) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
            self.settings_dialog = None

    # -- hotkey ------------------------------------------------------------------------------
    def register_hotkey(self, text: str) -> None:
        try:
            self.hotkey.register(parse_chord(text))
        except (InvalidChord, HotkeyError) as exc:
            self._on_hotkey_failed(exc)

    def _on_hotkey(self) -> None:
        logger.info("Hotkey pressed")
        self.focus.palette_requested()
        export_activation_token(self.hotkey.take_activation_token(), os.environ)
        self.palette.toggle()

    def _on_hotkey_registered(self, text: str) -> None:
        self.tray.hotkey_text = text

    def _on_hotkey_failed(self, exc: object) -> None:
        self.tray.hotkey_text = ""
        if isinstance(exc, HotkeyUnavailable) and QGuiApplication.platformName() == "offscreen":
            logger.info("No global hotkey: %s", exc)  # no desktop here, nobody to tell
            return
        self.bridge.warning(str(exc))

    @staticmethod
    def hotkey_problem(text: str) -> str | None:
        """What is wrong with ``text`` as a global hotkey (for the Settings window), or None."""
        try:
            chord = parse_chord(text)
        except InvalidChord as exc:
            return str(exc)
        return reserved_reason(chord)

    async def _check_health(self, base_url: str, token: str, allow: list[str]) -> Health:
        self.secrets.add(token)
        async with SessionDockClient(base_url, token or None, allow_remote_hosts=allow) as client:
            return await client.health()

    def apply_settings(self, result: SettingsResult) -> None:
        """Save what the user chose and put it to work without a restart."""
        previous = self.settings
        self.settings = result.settings
        try:
            self.settings_store.save(result.settings)
            if result.token is not None:
                self.tokens.save(result.token)
        except Exception as exc:  # keyring backends raise anything; the user must hear of it
            logger.error("Saving settings failed: %s", type(exc).__name__)
            self.bridge.error(
                f"Could not save the settings ({type(exc).__name__}). Details are in the log."
            )
        self.controller.result_limit = result.settings.result_limit
        if result.settings.theme != previous.theme:
            self._apply_theme()
        if result.settings.hotkey != previous.hotkey:
            self.register_hotkey(result.settings.hotkey)
        if result.settings.launch_at_login != previous.launch_at_login:
            self._apply_autostart(result.settings.launch_at_login)
        if self.connection.base_url_source == "demo":
            return
        connection = resolve_connection(result.settings, self.tokens)  # env still wins
        if (connection.base_url, connection.token) != (
            self.connection.base_url,
            self.connection.token,
        ):
            self._replace_client(connection)

    def _apply_autostart(self, enabled: bool) -> None:
        try:
            if enabled:
                self.autostart.enable()
            else:
                self.autostart.disable()
        except OSError as exc:
            logger.error("Launch at login could not be changed: %s", exc)
            self.bridge.error(f"Could not change launch at login: {exc.strerror or exc}")

    def _replace_client(self, connection: ConnectionConfig) -> None:
        old = self.client
        self.connection = connection
        self.client, config_error = self._make_client(connection)
        self.link.set_client(self.client, config_error)
        if old is not None:
            self.tasks.spawn(old.aclose(), "close-old-client")

    # -- behaviour ---------------------------------------------------------------------------
    def start(self, show: bool) -> None:
        self.palette.set_status(self.link.status)  # "Connecting…" until the first answer
        self.tray.set_status(self.link.status)
        self.register_hotkey(self.settings.hotkey)
        self.tray.show()
        if (
            not QSystemTrayIcon.isSystemTrayAvailable()
            and QGuiApplication.platformName() != "offscreen"
        ):
            notify_without_tray(self.paths.config_dir, self.tray.hotkey_text)  # once, visibly
        if self.connection.base_url_source != "demo":  # the demo leaves the user's login alone
            try:
                self.autostart.migrate()  # an older version's entry → the app-id / SMAppService one
            except OSError as exc:
                logger.warning("Could not migrate the launch-at-login entry: %s", exc)
        self.link.start()
        self.controller.search("")
        if show:
            self.palette.show_palette()
        if not self.connection.token and self.connection.token_source == "none":
            self.open_settings(first_run=True)

    def on_command(self, command: str, args: dict[str, object]) -> None:
        """A command from ``sessiondock-launcher --toggle`` & co. (or a second start)."""
        logger.info("Command received: %s", command)
        if command in ("toggle", "show", "search"):
            self.focus.palette_requested()
        if command == "toggle":
            self.palette.toggle()
        elif command == "show":
            self.palette.show_palette()
        elif command == "hide":
            self.palette.hide()
        elif command == "quit":
            self.quit()
        elif command == "search":
            self.palette.show_palette()
            self.palette.search.setText(str(args.get("text", "")))

    def quit(self) -> None:
        editor = self.preview.editor
        if (
            editor is not None
            and (editor.busy or editor.has_changes())
            and not self._quit_confirmed
        ):
            # Never drop what the user typed: ask (inline, no blocking dialog) and let them choose.
            logger.info("Quit requested with an unsaved edit: asking first")
            self.palette.show_palette()
            self.bridge.warning(
                "You have an unsaved edit. Save or cancel it, or quit anyway.",
                MessageAction("Quit anyway", self.force_quit),
            )
            return
        logger.info("Quit requested")
        self.quit_requested.set()

    def force_quit(self) -> None:
        self._quit_confirmed = True
        self.quit()

    def _on_palette_shown(self) -> None:
        logger.info("Palette shown")
        self.link.palette_opened()

    def _on_message(self, message: UserMessage) -> None:
        if self.palette.isVisible():
            self.palette.show_message(message)
        else:
            self.tray.notify(message)

    def _show_actions(self, session: object) -> None:
        from sessiondock_launcher.api import Session

        if isinstance(session, Session):
            rect = self.palette.list.visualRect(self.palette.list.currentIndex())
            at = (
                self.palette.list.viewport().mapToGlobal(rect.bottomLeft())
                if rect.isValid()
                else QCursor.pos()
            )
            self.actions.exec_menu(session, self.link.status, self.palette, at)

    def _open_latest(self) -> None:
        recent = self.index.recent(1)
        if recent:
            self.controller.focus(recent[0])
        else:
            self.bridge.info("No sessions yet")

    def _apply_theme(self) -> None:
        theme = system_theme(self.settings.theme)
        self.delegate.theme = theme
        self.palette.apply_theme(theme)
        self.preview.apply_theme(theme)

    def _remember_preview(self, shown: bool) -> None:
        # Changed in place: an open Settings window works on this same object.
        self.settings.show_preview_pane = shown
        try:
            self.settings_store.save(self.settings)
        except OSError as exc:
            logger.warning("Could not remember the preview pane: %s", exc)

    def _new_session(self) -> None:
        self.palette.show_palette()
        self.preview.new_session()

    def _on_task_error(self, exc: BaseException) -> None:
        self.bridge.error(f"Something went wrong ({type(exc).__name__}). Details are in the log.")

    async def shutdown(self) -> None:
        self.audio.close()
        self.palette.hide()
        self.tray.icon.hide()
        self.hotkey.close()
        await self.thumbnails.drain()
        await self.tasks.shutdown()
        if self.client is not None:
            await self.client.aclose()
        # Closed transports finish on the next loop turns (connection_lost callbacks); let them
        # run before the loop goes away.
        for _ in range(3):
            await asyncio.sleep(0)
        self.frecency.save()
        logger.info("Shut down cleanly")

    async def smoke(self) -> None:
        """Connect, sync, run one search, report and quit (``--smoke``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SMOKE_TIMEOUT_S
        while not self.link.sync.is_synced:
            if loop.time() > deadline:
                print(f"smoke FAILED: {self.link.status.link_text()}", flush=True)
                self.exit_code = 1
                self.quit()
                return
            await asyncio.sleep(0.05)
        results: list[object] = []
        self.controller.results_ready.connect(results.append)
        self.palette.show_palette()
        self.palette.search.setText("a")
        shown = self.palette.model.rowCount()
        print(
            f"smoke ok: {len(self.index)} sessions synced, {shown} results for 'a', "
            f"status '{self.link.status.link_text()}'",
            flush=True,
        )
        self.exit_code = 0 if shown else 1
        self.quit()


async def main(
    options: LaunchOptions, paths: AppPaths, secrets: SecretFilter, instance: SingleInstance
) -> int:
    """Run until Quit; return the process exit code."""
    settings = SettingsStore(paths.settings_file).load()
    migrated = migrate_stored_hotkey(settings.hotkey)  # Qt's old per-OS text → portable form
    if migrated != settings.hotkey and paths.settings_file.exists():
        settings.hotkey = migrated
        try:
            SettingsStore(paths.settings_file).save(settings)
        except OSError as exc:
            logger.warning("Could not save the migrated hotkey: %s", exc)
    settings.hotkey = migrated
    demo = None
    if options.demo:
        from sessiondock_launcher.simulator.runner import SimulatorProcess, SimulatorStartError

        demo = SimulatorProcess(size=options.demo_size)
        try:
            info = await asyncio.get_running_loop().run_in_executor(None, demo.start)
        except SimulatorStartError as exc:
            logger.error("The demo simulator did not start: %s", exc)
            print(f"sessiondock-launcher: the demo simulator did not start: {exc}", file=sys.stderr)
            return 1
        connection = ConnectionConfig(info.base_url, info.token, "demo", "demo")
        logger.info("Demo SessionDock simulator at %s", info.base_url)
    tokens = TokenStore(paths.token_fallback_file)
    if demo is None:
        connection = resolve_connection(settings, tokens)
    logger.info("Connecting with %r", connection)
    launcher = Launcher(connection, settings, paths, secrets, tokens)
    install_excepthook(launcher.bridge)
    quit_signals = QuitOnSignals(launcher.force_quit)  # the system is stopping us: no questions
    instance.command_received.connect(launcher.on_command)
    try:
        launcher.start(show=options.show or options.smoke)
        if options.smoke:
            launcher.tasks.spawn(launcher.smoke(), "smoke")
        await launcher.quit_requested.wait()
        return launcher.exit_code
    finally:
        quit_signals.close()
        await launcher.shutdown()
        if demo is not None:
            demo.terminate()


def install_excepthook(bridge: MessageBridge) -> None:
    """The last barrier: an exception escaping a Qt slot is logged and shown, never fatal."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        logger.critical("Unhandled exception", exc_info=(kind, exc, tb))
        try:
            bridge.error(f"Something went wrong ({kind.__name__}). Details are in the log.")
        except Exception:  # the UI may be half torn down; the log line above is what counts
            logger.exception("Could not show the error")

    sys.excepthook = hook


def run(options: LaunchOptions) -> int:
    paths = AppPaths.default()
    paths.ensure()
    secrets = configure_logging(paths.log_file, options.log_level)
    logger.info("SessionDock Launcher %s starting (Python %s)", __version__, sys.version.split()[0])
    QCoreApplication.setApplicationName("SessionDock Launcher")
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)  # Wayland app id = the .desktop file name
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(app_icon())
    instance = SingleInstance.for_current_user(app)
    if not options.smoke:
        try:
            first = instance.acquire()
        except OSError as exc:
            logger.warning("Single-instance lock unavailable (%s); running anyway", exc)
            first = True
        if not first:
            return _forward_to_running_instance(options)
        instance.listen()
    coro = main(options, paths, secrets, instance)
    try:
        if sys.version_info >= (3, 12):
            return asyncio.run(coro, loop_factory=qasync.QEventLoop)
        return int(qasync.run(coro))
    finally:
        instance.close()


def _forward_to_running_instance(options: LaunchOptions) -> int:
    """A second start shows the palette of the instance that already runs, then exits 0."""
    from sessiondock_launcher import ctl

    try:
        ctl.send("show", retry_for=2.0)
    except ctl.IpcError as exc:
        logger.error("Another SessionDock Launcher holds the lock but does not answer: %s", exc)
        print(
            f"sessiondock-launcher: another instance is starting or stuck: {exc}", file=sys.stderr
        )
        return 1
    logger.info("Already running: asked that instance to show its palette")
    return 0
