"""The process lifecycle: start Qt and the qasync loop, run the launcher until Quit, shut down.

Lifetime follows docs/pitfalls.md §4: Quit sets an ``asyncio.Event``; :func:`main` then cancels
and awaits every task, closes the HTTP client and returns the exit code. ``app.quit()`` is never
the way out. The excepthook is the last barrier; ``--smoke`` is a self-test of a whole run.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

# isort: split
# First, before any Qt import: PySide6 would otherwise keep the source text of every module
# imported after it (~13 MB for ours; ui/common/pyside_sources.py).
from sessiondock_launcher.aio import adopt_async_generators
from sessiondock_launcher.ui.common import pyside_sources

# isort: split
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

# isort: split
import qasync  # after PySide6, so qasync binds to it (docs/pitfalls.md §5)

from sessiondock_launcher import __version__
from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core import messages
from sessiondock_launcher.desktop.app_id import APP_ID
from sessiondock_launcher.desktop.hotkeys.chord import migrate_stored_hotkey
from sessiondock_launcher.desktop.quit_signals import QuitOnSignals
from sessiondock_launcher.desktop.single_instance import SingleInstance
from sessiondock_launcher.logs import SecretFilter, configure_logging
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import (
    ConnectionConfig,
    Settings,
    SettingsStore,
    TokenStore,
    resolve_connection,
)
from sessiondock_launcher.ui.common import heap, i18n
from sessiondock_launcher.ui.common.bridge import MessageBridge
from sessiondock_launcher.ui.common.icons import app_icon

if TYPE_CHECKING:
    from sessiondock_launcher.simulator.runner import SimulatorProcess
    from sessiondock_launcher.ui.tray.entry_offer import DesktopEntryOffer

logger = logging.getLogger(__name__)

SMOKE_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class LaunchOptions:
    demo: bool = False
    demo_size: int = 2_000
    smoke: bool = False
    show: bool = False
    log_level: str = "INFO"


async def smoke(launcher: Launcher) -> None:
    """Connect, sync, run one search, report and quit (``--smoke``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SMOKE_TIMEOUT_S
    while not launcher.link.sync.is_synced:
        if loop.time() > deadline:
            print(f"smoke FAILED: {i18n.link_text(launcher.link.status)}", flush=True)
            launcher.exit_code = 1
            launcher.shell.quit()
            return
        await asyncio.sleep(0.05)
    launcher.palette.show_palette()
    launcher.palette.search.setText("a")
    shown = launcher.palette.model.rowCount()
    print(
        f"smoke ok: {len(launcher.index)} sessions synced, {shown} results for 'a', "
        f"status '{i18n.link_text(launcher.link.status)}'",
        flush=True,
    )
    launcher.exit_code = 0 if shown else 1
    launcher.shell.quit()


async def main(
    options: LaunchOptions, paths: AppPaths, secrets: SecretFilter, instance: SingleInstance
) -> int:
    """Run until Quit; return the process exit code."""
    adopt_async_generators(asyncio.get_running_loop())  # qasync installs no hooks (aio.py)
    settings_store = SettingsStore(paths.settings_file, demo=options.demo)
    settings = _load_settings(settings_store, paths)
    demo: DemoServer | None = None
    if options.demo:
        from sessiondock_launcher.simulator.runner import SimulatorStartError

        demo = DemoServer(options.demo_size)
        try:
            connection = await demo.start()
        except SimulatorStartError as exc:
            logger.error("The demo simulator did not start: %s", exc)
            print(f"sessiondock-launcher: the demo simulator did not start: {exc}", file=sys.stderr)
            return 1
        logger.info("Demo SessionDock simulator at %s", connection.base_url)
    tokens = TokenStore(paths.token_fallback_file)
    if demo is None:
        connection = resolve_connection(settings, tokens)
    logger.info("Connecting with %r", connection)
    # The advice in messages follows where the token comes from, and who runs "SessionDock".
    messages.configure(token_from_env=connection.token_source == "environment", demo=bool(demo))
    launcher = Launcher(connection, settings, paths, secrets, tokens)
    install_excepthook(launcher.bridge)
    quit_signals = QuitOnSignals(launcher.shell.force_quit)  # the system stops us: no questions
    instance.command_received.connect(launcher.on_command)
    instance.answer = launcher.answer_command
    instance.ready_for_keys = launcher.shell.palette_ready  # show commands answer then
    instance.quit_outcome = launcher.shell.quit_outcome  # --quit says when it did not quit
    for problem in (paths.ensure(), settings_store.problem, instance.problem):
        if problem:
            print(f"sessiondock-launcher: {problem}", file=sys.stderr)
            launcher.bridge.warning(problem)
    try:
        launcher.start(show=options.show or options.smoke)
        _offer_desktop_entry(launcher, options)
        if options.smoke:
            launcher.tasks.spawn(smoke(launcher), "smoke")
        if demo is not None:
            launcher.tasks.spawn(demo.keep_running(), "demo-server")
        await launcher.quit_requested.wait()
        return launcher.exit_code
    finally:
        quit_signals.close()
        try:
            await launcher.shutdown()
        finally:
            if demo is not None:
                demo.terminate()


def _load_settings(store: SettingsStore, paths: AppPaths) -> Settings:
    settings = store.load()
    migrated = migrate_stored_hotkey(settings.hotkey)  # Qt's old per-OS text → portable form
    if migrated != settings.hotkey and paths.settings_file.exists():
        settings.hotkey = migrated
        try:
            store.save(settings)
        except OSError as exc:
            logger.warning("Could not save the migrated hotkey: %s", exc)
    settings.hotkey = migrated
    return settings


def _offer_desktop_entry(
    launcher: Launcher,
    options: LaunchOptions,
    *,
    platform_name: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> DesktopEntryOffer | None:
    """Linux, until answered: offer to install the menu entry (not for --demo or --smoke runs,
    nor headless: nobody could answer).

    Asked when the palette opens (the user is looking at the launcher), never at start-up over
    whatever they work in; taken off screen unanswered when the palette goes away for another
    app (Enter sent them to SessionDock), where it would otherwise take the focus.
    """
    platform_name = platform_name or QGuiApplication.platformName()
    if options.smoke or options.demo or platform_name == "offscreen":
        return None
    from sessiondock_launcher.ui.tray.entry_offer import DesktopEntryOffer  # rarely needed

    offer = DesktopEntryOffer(
        lambda: launcher.settings_flow.settings,
        launcher.settings_flow.store.save,
        launcher.bridge,
        environ=environ,
        home=home,
        parent=launcher.tray,  # lives as long as the app
    )

    def on_hidden() -> None:
        if offer.box is not None and not offer.box.isActiveWindow():  # not: the user clicks it
            offer.withdraw()

    launcher.palette.shown.connect(offer.offer_if_due)
    launcher.palette.hidden.connect(on_hidden)
    if launcher.palette.isVisible():  # --show: the palette is up already
        offer.offer_if_due()
    return offer


class DemoServer:
    """``--demo``'s simulator process, owned here: restarted on the same port with the same
    token when it dies, so the link monitor reconnects by itself and nothing is re-configured."""

    CHECK_S = 1.0

    def __init__(self, size: int) -> None:
        self.size = size
        self.port = 0
        self.token: str | None = None
        self.process: SimulatorProcess | None = None
        self.restarts = 0

    async def start(self) -> ConnectionConfig:
        from sessiondock_launcher.simulator.runner import SimulatorProcess

        process = SimulatorProcess(size=self.size, port=self.port, token=self.token)
        self.process = process
        await asyncio.get_running_loop().run_in_executor(None, process.start)
        self.port, self.token = process.port, process.token
        return ConnectionConfig(process.base_url, process.token, "demo", "demo")

    async def keep_running(self) -> None:
        from sessiondock_launcher.simulator.runner import SimulatorStartError

        while True:
            await asyncio.sleep(self.CHECK_S)
            if self.process is None or self.process.returncode is None:
                continue
            logger.warning(
                "The demo server stopped (exit %s); restarting it", self.process.returncode
            )
            try:
                await self.start()
            except SimulatorStartError as exc:
                logger.warning("The demo server did not restart: %s", exc)
            else:
                self.restarts += 1

    def terminate(self) -> None:
        if self.process is not None:
            self.process.terminate()


def install_excepthook(bridge: MessageBridge) -> None:
    """The last barrier: an exception escaping a Qt slot is logged and shown, never fatal."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        logger.critical("Unhandled exception", exc_info=(kind, exc, tb))
        try:
            bridge.error(messages.something_went_wrong(kind.__name__))
        except Exception:  # the UI may be half torn down; the log line above is what counts
            logger.exception("Could not show the error")

    sys.excepthook = hook


def run(options: LaunchOptions) -> int:
    arenas_limited = heap.limit_arenas()  # before any thread allocates (ui/common/heap.py)
    paths = AppPaths.default()
    paths.ensure()
    secrets = configure_logging(paths.log_file, options.log_level)
    logger.info("SessionDock Launcher %s starting (Python %s)", __version__, sys.version.split()[0])
    logger.debug("malloc arenas limited: %s", arenas_limited)
    if not pyside_sources.INSTALLED:
        logger.info("PySide6's import hook changed: imported modules' source stays in memory")
    QCoreApplication.setApplicationName("SessionDock Launcher")
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)  # Wayland app id = the .desktop file name
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(app_icon())
    i18n.install()  # the system locale, or SESSIONDOCK_LANGUAGE / LANGUAGE / LC_ALL (i18n.py)
    instance = SingleInstance.for_current_user(app)
    if not options.smoke and not instance.claim():
        return _forward_to_running_instance()
    coro = main(options, paths, secrets, instance)
    try:
        if sys.version_info >= (3, 12):
            return asyncio.run(coro, loop_factory=qasync.QEventLoop)
        return int(qasync.run(coro))
    finally:
        instance.close()


def _forward_to_running_instance() -> int:
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
