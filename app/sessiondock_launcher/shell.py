"""The shell around the palette: commands from outside, the quit guard, the global hotkey and
where user messages go.

``sessiondock-launcher --toggle`` & co. and a second start arrive as commands; the tray's Quit
and the system's signals arrive as quit requests; the hotkey toggles the palette. Messages show
inline while the palette is visible, as a tray notification otherwise.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication

from sessiondock_launcher.core import messages
from sessiondock_launcher.desktop.focus_handoff import FocusHandoff
from sessiondock_launcher.desktop.hotkeys import (
    HotkeyBackend,
    HotkeyError,
    HotkeyUnavailable,
    InvalidChord,
    parse_chord,
    reserved_reason,
)
from sessiondock_launcher.desktop.hotkeys.portal import export_activation_token
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.bridge import Level, MessageAction, MessageBridge, UserMessage
from sessiondock_launcher.ui.palette.window import PaletteWindow
from sessiondock_launcher.ui.preview.pane import PreviewPane
from sessiondock_launcher.ui.tray.tray_icon import TrayIcon

logger = logging.getLogger(__name__)


class Shell:
    """Routes commands, quits (never dropping an unsaved edit), the hotkey and messages.

    Args:
        palette: the palette window (shown, hidden, toggled).
        preview: the pane whose open editor may hold unsaved input.
        tray: the tray icon (hotkey text, notifications).
        bridge: the message bridge (routed to palette or tray).
        hotkey: the global hotkey backend.
        focus: the focus hand-off (where the user was before the palette came up).
        quit_requested: set when the application should shut down.
    """

    def __init__(
        self,
        palette: PaletteWindow,
        preview: PreviewPane,
        tray: TrayIcon,
        *,
        bridge: MessageBridge,
        hotkey: HotkeyBackend,
        focus: FocusHandoff,
        quit_requested: asyncio.Event,
    ) -> None:
        self.palette, self.preview, self.tray = palette, preview, tray
        self.bridge, self.hotkey, self.focus = bridge, hotkey, focus
        self.quit_requested = quit_requested
        self._quit_confirmed = False
        self.asking_before_quit = False  # the last quit request is waiting for the user
        self._palette_seen = False
        self._held: UserMessage | None = None  # a start-up problem, said again at the first show
        self._keys_held = False  # the hotkey backend holds the keys typed since its press
        bridge.message_posted.connect(self.route_message)
        palette.shown.connect(self._on_palette_shown)
        tray.search_requested.connect(palette.show_palette)
        tray.toggle_requested.connect(palette.toggle)
        tray.quit_requested.connect(self.quit)
        hotkey.activated.connect(self._on_hotkey)
        hotkey.registered.connect(self._on_hotkey_registered)
        hotkey.registration_failed.connect(self._on_hotkey_failed)
        palette.hidden.connect(self._release_held_keys)
        # A child of the palette: it goes away with it, and so does what it calls.
        palette.installEventFilter(_OnActivation(self._release_held_keys, palette))

    # -- commands ----------------------------------------------------------------------------
    def on_command(self, command: str, args: dict[str, object]) -> None:
        """A command from ``sessiondock-launcher --toggle`` & co. (or a second start)."""
        logger.info("Command received: %s", command)
        if command in ("toggle", "show", "search"):
            self.focus.palette_requested()
            self.hotkey.hold_keyboard()  # what is typed meanwhile waits for the palette
            self._keys_held = True
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
        if self._keys_held and self.palette_ready():
            self._release_held_keys()

    # -- quit guard --------------------------------------------------------------------------
    def quit(self) -> None:
        editor = self.preview.editor
        if (
            editor is not None
            and (editor.busy or editor.has_changes())
            and not self._quit_confirmed
        ):
            # Never drop what the user typed: ask (inline, no blocking dialog) and let them choose.
            logger.info("Quit requested with an unsaved edit: asking first")
            self.asking_before_quit = True
            self.palette.show_palette()
            self.bridge.warning(
                messages.UNSAVED_EDIT_ON_QUIT,
                MessageAction(QT_TRANSLATE_NOOP("Messages", "Quit anyway"), self.force_quit),
            )
            return
        logger.info("Quit requested")
        self.asking_before_quit = False
        self.quit_requested.set()

    def quit_outcome(self) -> dict[str, object] | None:
        """What ``sessiondock-launcher --quit`` is told after its request was handled: ``None``
        (quitting) or why not (the quit guard asks the user about an unsaved edit)."""
        return {"quit": False, "asking": "unsaved-edit"} if self.asking_before_quit else None

    def force_quit(self) -> None:
        self._quit_confirmed = True
        self.quit()

    # -- messages ----------------------------------------------------------------------------
    def route_message(self, message: UserMessage) -> None:
        if self.palette.isVisible():
            self.palette.show_message(message)
            return
        self.tray.notify(message)
        # A problem found while starting (the library kept aside, settings unreadable) is also
        # said in the palette when it first opens: many trays show no notifications, and a
        # notification is easily missed. Link conditions are left to the status row.
        if (
            not self._palette_seen
            and message.level is not Level.INFO
            and (message.condition or messages.condition_of(message.text)) is None
        ):
            self._held = message

    def _on_palette_shown(self) -> None:
        self._palette_seen = True
        held, self._held = self._held, None
        if held is not None:  # after the show's own layout, so the toast is placed on it
            QTimer.singleShot(0, lambda: self.palette.show_message(held))

    # -- hotkey ------------------------------------------------------------------------------
    def register_hotkey(self, text: str) -> None:
        try:
            self.hotkey.register(parse_chord(text))
        except (InvalidChord, HotkeyError) as exc:
            self._on_hotkey_failed(exc)

    @staticmethod
    def hotkey_problem(text: str) -> str | None:
        """What is wrong with ``text`` as a global hotkey (for the Settings window), or None."""
        try:
            chord = parse_chord(text)
        except InvalidChord as exc:
            return i18n.tr_message(str(exc))
        reason = reserved_reason(chord)
        return None if reason is None else i18n.tr_message(reason)

    def _on_hotkey(self) -> None:
        logger.info("Hotkey pressed")
        self.focus.palette_requested()
        export_activation_token(self.hotkey.take_activation_token(), os.environ)
        self.palette.toggle()
        # What is typed right after the chord is held back (X11) until the palette has the
        # focus, else it would go to the window the user came from.
        self._keys_held = True
        if self.palette_ready():
            self._release_held_keys()

    def palette_ready(self) -> bool:
        """Keys typed now reach the palette's field (or the palette is hidden: nothing to wait
        for). A show is ready once the window manager gave the palette the focus."""
        return not self.palette.isVisible() or self.palette.isActiveWindow()

    def _release_held_keys(self) -> None:
        if self._keys_held:
            self._keys_held = False
            self.hotkey.release_keyboard()

    def _on_hotkey_registered(self, text: str) -> None:
        self.tray.hotkey_text = text

    def _on_hotkey_failed(self, exc: object) -> None:
        self.tray.hotkey_text = ""
        if isinstance(exc, HotkeyUnavailable) and QGuiApplication.platformName() == "offscreen":
            logger.info("No global hotkey: %s", exc)  # no desktop here, nobody to tell
            return
        self.bridge.warning(str(exc))


class _OnActivation(QObject):
    """Calls ``then`` when the window it filters becomes the active window (has the focus)."""

    def __init__(self, then: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._then = then

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self._then()
        return False
