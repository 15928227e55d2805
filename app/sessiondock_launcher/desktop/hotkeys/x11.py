"""X11 global hotkey: ``XGrabKey`` on the root window through python-xlib.

A second X connection (independent of Qt's, so it also works when Qt runs offscreen) grabs the
key once per CapsLock/NumLock combination, because X matches the lock bits exactly. Its socket is
watched with a ``QSocketNotifier``: no polling thread, nothing blocks the GUI thread except the
one ``sync()`` round trip that turns an asynchronous ``BadAccess`` into :class:`HotkeyConflict`.

Keys typed right after the chord must reach the palette, yet between the press and the moment the
window manager gives the palette the focus (one map and focus round trip, longer while the loop
is busy at start-up) X would hand them to the window the user came from: to the DAW. So the
chord is grabbed with a synchronous keyboard: at each press the X server freezes the keyboard
and queues what is typed next, and :meth:`X11Backend.release_keyboard` (the palette has the
focus) lets the queue through to the focused window. Never for long: a timer on the loop thaws
it after ``FREEZE_LIMIT_MS``, and a watchdog thread after ``WATCHDOG_S`` should the loop hang.
X11 grabs see nothing typed into native Wayland windows (docs/pitfalls.md §11): the portal serves
there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal

from sessiondock_launcher.desktop.hotkeys.base import (
    HotkeyBackend,
    HotkeyConflict,
    HotkeyUnavailable,
)
from sessiondock_launcher.desktop.hotkeys.chord import Chord, Modifier, keysym_name
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)

# X11 core protocol constants (X.h), so the pure parts need no python-xlib import.
SHIFT_MASK, LOCK_MASK, CONTROL_MASK = 1 << 0, 1 << 1, 1 << 2
MOD1_MASK, MOD2_MASK, MOD4_MASK = 1 << 3, 1 << 4, 1 << 6
_MODIFIER_BITS = 0xFF
FREEZE_LIMIT_MS = 800
"""Longest the keyboard stays frozen after a press when the palette never gets the focus (the
window manager refused it); it normally has it within ~100 ms."""
WATCHDOG_S = 2.0
"""Thaw from a thread of its own when the GUI thread is stuck: a frozen keyboard must never
outlive a hung launcher."""


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """The fields of an X KeyPress/KeyRelease that matter here."""

    pressed: bool
    keycode: int
    state: int
    time: int


class PressDetector:
    """Turn the grabbed key's raw X events into presses, dropping auto-repeat.

    X auto-repeat sends Release+Press pairs with the same timestamp while the key is held; a
    held chord must toggle the palette once, not flicker it. A Release that ends a batch is kept
    until the next batch shows whether a repeat Press follows it.
    """

    def __init__(self, keycode: int, modifiers: int, lock_bits: int) -> None:
        self.keycode = keycode
        self.modifiers = modifiers
        self._relevant = _MODIFIER_BITS & ~lock_bits
        self._held = False
        self._pending_release: KeyEvent | None = None

    def feed(self, events: Sequence[KeyEvent]) -> int:
        """Return how many real presses of the chord ``events`` contain."""
        ours = [e for e in events if e.keycode == self.keycode]
        if self._pending_release is not None:
            ours.insert(0, self._pending_release)
            self._pending_release = None
        presses = 0
        i = 0
        while i < len(ours):
            event = ours[i]
            if not event.pressed:
                if i + 1 == len(ours):
                    self._pending_release = event
                    break
                following = ours[i + 1]
                if following.pressed and following.time == event.time:
                    i += 2  # auto-repeat pair
                    continue
                self._held = False
            else:
                if not self._held and event.state & self._relevant == self.modifiers:
                    presses += 1
                self._held = True
            i += 1
        return presses


@dataclass(frozen=True, slots=True)
class _Grab:
    keycode: int
    modifiers: int
    lock_combos: tuple[int, ...]


class X11Backend(HotkeyBackend):
    """Global hotkey through ``XGrabKey`` on the X server named by ``display_name``."""

    name = "x11"
    # A flush or a round trip may read an event off the socket into python-xlib's queue, where
    # the socket notifier never announces it: a press left there would keep the keyboard frozen
    # with no timer armed. Each such call is followed by a (queued) read of that queue.
    _read_queue_soon = Signal()

    def __init__(self, display_name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._display_name = display_name
        self._display: Any = None
        self._notifier: QSocketNotifier | None = None
        self._grab: _Grab | None = None
        self._detector: PressDetector | None = None
        self._frozen = False  # the X server holds the keys typed since the last press
        self._grabbed = False  # ... through an active grab of the keyboard (hold_keyboard)
        self._freeze_lock = threading.Lock()  # the watchdog thread thaws too
        self._watchdog: threading.Timer | None = None
        self._thaw_timer = QTimer(self)
        self._thaw_timer.setSingleShot(True)
        self._thaw_timer.setInterval(FREEZE_LIMIT_MS)
        self._thaw_timer.timeout.connect(self.release_keyboard)
        self._read_queue_soon.connect(self._on_readable, Qt.ConnectionType.QueuedConnection)

    def _connect(self) -> Any:
        if self._display is not None:
            return self._display
        try:
            # Real locks in the connection (before it is made): the watchdog thread thaws the
            # keyboard through it while the GUI thread may be using it.
            import Xlib.threaded  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
            from Xlib import display as xdisplay  # type: ignore[import-untyped,unused-ignore]
            from Xlib import error as xerror
        except ImportError as exc:
            raise HotkeyUnavailable(
                QT_TRANSLATE_NOOP("Messages", "The X11 hotkey needs python-xlib, which is missing.")
            ) from exc
        try:
            self._display = xdisplay.Display(self._display_name)
        except (xerror.DisplayError, OSError) as exc:
            raise HotkeyUnavailable(
                QT_TRANSLATE_NOOP("Messages", "Cannot connect to the X server ({problem}).").format(
                    problem=exc
                )
            ) from exc
        self._notifier = QSocketNotifier(self._display.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)
        return self._display

    def _plan(self, display: Any, chord: Chord) -> _Grab:
        from Xlib import XK

        keycode = display.keysym_to_keycode(XK.string_to_keysym(keysym_name(chord.key)))
        if not keycode:
            raise HotkeyUnavailable(
                QT_TRANSLATE_NOOP(
                    "Messages", "The keyboard layout of this X server has no {hotkey} key."
                ).format(hotkey=chord.key)
            )
        masks = _modifier_masks(display)
        modifiers = 0
        for modifier in chord.modifiers:
            modifiers |= masks[modifier]
        locks = [m for m in (LOCK_MASK, masks["NumLock"]) if m and not m & modifiers]
        combos = {0}
        for lock in locks:
            combos |= {c | lock for c in combos}
        return _Grab(keycode, modifiers, tuple(sorted(combos)))

    def _apply(self, display: Any, chord: Chord, grab: _Grab) -> None:
        from Xlib import X
        from Xlib import error as xerror

        catchers = []
        for root in _roots(display):
            for extra in grab.lock_combos:
                catcher = xerror.CatchError(xerror.BadAccess)
                mods = grab.modifiers | extra
                root.grab_key(grab.keycode, mods, True, X.GrabModeAsync, X.GrabModeSync, catcher)
                catchers.append(catcher)
        display.sync()  # BadAccess arrives asynchronously; this round trip collects it
        if any(c.get_error() for c in catchers):
            self._ungrab(display, grab)
            raise HotkeyConflict(chord)
        self._grab = grab
        self._detector = PressDetector(grab.keycode, grab.modifiers, _lock_bits(grab))

    def _register(self, chord: Chord) -> None:
        display = self._connect()
        self._apply(display, chord, self._plan(display, chord))
        self._on_readable()  # sync() may have queued events the notifier will not announce

    def _unregister(self, _chord: Chord) -> None:
        self.release_keyboard()
        grab, self._grab, self._detector = self._grab, None, None
        if grab is not None and self._display is not None:
            self._ungrab(self._display, grab)

    def _ungrab(self, display: Any, grab: _Grab) -> None:
        for root in _roots(display):
            for extra in grab.lock_combos:
                root.ungrab_key(grab.keycode, grab.modifiers | extra)
        # A round trip, not a flush: when this returns the server has released the chord, so
        # another client grabbing it next (the app the user gives the chord to) cannot be
        # served before our ungrab requests are read.
        display.sync()

    def hold_keyboard(self) -> None:
        """Hold what is typed from now (a command shows the palette) until it has the focus."""
        display = self._display
        if display is None or self._frozen:
            return
        from Xlib import X
        from Xlib import error as xerror

        try:
            status = display.screen().root.grab_keyboard(
                False, X.GrabModeAsync, X.GrabModeSync, X.CurrentTime
            )
        except (xerror.ConnectionClosedError, OSError) as exc:
            logger.info("Could not hold the keyboard: %s", exc)
            return
        finally:
            self._read_queue_soon.emit()  # a round trip
        if status != X.GrabSuccess:  # another client has it (a menu is open): leave it be
            logger.debug("Keyboard not held (grab status %s)", status)
            return
        self._grabbed = True
        self._freeze_held()

    def release_keyboard(self) -> None:
        """Let the keys typed since the press through, to the window that has the focus now."""
        self._thaw("the palette is ready")

    def _thaw(self, why: str) -> None:
        with self._freeze_lock:
            if not self._frozen:
                return
            self._frozen = False
            watchdog, self._watchdog = self._watchdog, None
            if watchdog is not None and watchdog is not threading.current_thread():
                watchdog.cancel()
            display = self._display
            if display is None:
                return
            from Xlib import X
            from Xlib import error as xerror

            grabbed, self._grabbed = self._grabbed, False
            try:
                if grabbed:  # releasing the grab releases the queue, to the focused window
                    display.ungrab_keyboard(X.CurrentTime)
                else:  # (the chord's own grab ends when its key is released)
                    display.allow_events(X.AsyncKeyboard, X.CurrentTime)
                display.flush()
            except (xerror.ConnectionClosedError, OSError) as exc:  # the grab died with it
                logger.info("Could not thaw the keyboard: %s", exc)
                return
        self._read_queue_soon.emit()  # (from the watchdog thread too: a queued call)
        logger.debug("Keyboard thawed: %s", why)
        if threading.current_thread() is threading.main_thread():
            self._thaw_timer.stop()

    def _freeze_held(self) -> None:
        """A press froze the keyboard (the synchronous grab): keep it until the palette is ready."""
        with self._freeze_lock:
            self._frozen = True
            if self._watchdog is not None:
                self._watchdog.cancel()
            self._watchdog = threading.Timer(WATCHDOG_S, self._on_watchdog)
            self._watchdog.daemon = True
            self._watchdog.start()
        self._thaw_timer.start()

    def _on_watchdog(self) -> None:
        if self._frozen:
            logger.warning("The GUI thread did not answer: thawing the keyboard from a watchdog")
        self._thaw("watchdog")

    def _close(self) -> None:
        self.release_keyboard()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._display is not None:
            self._display.close()
            self._display = None

    def _on_readable(self) -> None:
        from Xlib import X
        from Xlib import error as xerror

        display = self._display
        if display is None:
            return
        events: list[KeyEvent] = []
        mapping_changed = False
        try:
            while display.pending_events():
                event = display.next_event()
                if event.type in (X.KeyPress, X.KeyRelease):
                    pressed = event.type == X.KeyPress
                    events.append(KeyEvent(pressed, event.detail, event.state, event.time))
                elif event.type == X.MappingNotify:
                    display.refresh_keyboard_mapping(event)
                    mapping_changed = True
        except xerror.ConnectionClosedError:
            logger.warning("The X server closed the hotkey connection")
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            self._grab = self._detector = None
            self._fail(
                HotkeyUnavailable(
                    QT_TRANSLATE_NOOP("Messages", "The connection to the X server was lost.")
                )
            )
            return
        presses = self._detector.feed(events) if self._detector is not None else 0
        if presses:
            self._freeze_held()  # until the palette has the focus: release_keyboard()
        elif any(e.pressed for e in events):  # each press of the grab froze the keyboard
            self._frozen = True
            self._thaw("a press that does not activate (auto-repeat)")
        if mapping_changed:
            self._follow_keymap()
        for _ in range(presses):
            self.activated.emit()

    def _follow_keymap(self) -> None:
        """Re-grab when a keymap change moved the key or the modifiers (setxkbmap, xmodmap)."""
        chord, grab = self._chord, self._grab
        if chord is None or grab is None or self._display is None:
            return
        try:
            new = self._plan(self._display, chord)
        except HotkeyUnavailable as exc:
            self._fail(exc)
            return
        if new == grab:
            return
        logger.info("Keymap changed; grabbing %s again", chord)
        self._ungrab(self._display, grab)
        self._grab = None
        try:
            self._apply(self._display, chord, new)
        except (HotkeyConflict, HotkeyUnavailable) as exc:
            self._fail(exc)
        self._read_queue_soon.emit()  # _ungrab/_apply made round trips


def _roots(display: Any) -> list[Any]:
    return [display.screen(i).root for i in range(display.screen_count())]


def _lock_bits(grab: _Grab) -> int:
    bits = 0
    for combo in grab.lock_combos:
        bits |= combo
    return bits


def _modifier_masks(display: Any) -> dict[Modifier | str, int]:
    """Map modifiers (and NumLock) to X modifier masks, read from the server's modifier map."""
    from Xlib import XK

    mapping = display.get_modifier_mapping()

    def mask_of(*keysyms: str, default: int) -> int:
        for name in keysyms:
            keycode = display.keysym_to_keycode(XK.string_to_keysym(name))
            for index, keycodes in enumerate(mapping):
                if keycode and index >= 3 and keycode in keycodes:
                    return 1 << index
        return default

    return {
        Modifier.SHIFT: SHIFT_MASK,
        Modifier.CONTROL: CONTROL_MASK,
        Modifier.ALT: mask_of("Alt_L", "Alt_R", default=MOD1_MASK),
        Modifier.SUPER: mask_of("Super_L", "Super_R", default=MOD4_MASK),
        "NumLock": mask_of("Num_Lock", default=MOD2_MASK),
    }
