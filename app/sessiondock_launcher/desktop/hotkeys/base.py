"""The interface every global-hotkey backend implements, its errors, and the no-hotkey backend.

``register`` is idempotent (registering the chord already held does nothing; another chord
replaces it), ``unregister`` and ``close`` may be called any number of times. Backends whose
answer comes later (the Wayland portal) report failures through ``registration_failed``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from sessiondock_launcher.desktop.hotkeys.chord import Chord, format_chord
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)

TOGGLE_COMMAND = "sessiondock-launcher --toggle"
_TOGGLE_ADVICE = (
    f"or bind the command `{TOGGLE_COMMAND}` to a shortcut in your desktop's keyboard settings."
)


class HotkeyError(Exception):
    """A hotkey could not be registered; ``str(exc)`` is a message for the user."""


class HotkeyConflict(HotkeyError):
    """Another application already owns the chord.

    Attributes:
        chord: The chord that is taken.
    """

    def __init__(self, chord: Chord) -> None:
        self.chord = chord
        super().__init__(
            f"{format_chord(chord)} is already used by another application. Pick another "
            f"shortcut in Settings, {_TOGGLE_ADVICE}"
        )


class HotkeyUnavailable(HotkeyError):
    """This backend cannot provide a global hotkey here.

    Attributes:
        reason: What is missing, without the advice.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"{reason} Use the tray icon, {_TOGGLE_ADVICE}")


class HotkeyBackend(QObject):
    """One way of receiving a global hotkey.

    Signals:
        activated: The registered chord was pressed.
        registered(str): The hotkey is live; the text says what to press, as users of this OS
            read it (⌃⌥Space on a Mac; the desktop may have chosen another trigger than asked for).
        registration_failed(HotkeyError): An asynchronous registration failed after ``register``
            had returned; the chord is no longer registered.
    """

    activated = Signal()
    registered = Signal(str)
    registration_failed = Signal(object)

    name = "base"
    answers_later = False
    """True when the outcome of ``register`` arrives later, through the signals."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chord: Chord | None = None
        self._closed = False

    @property
    def chord(self) -> Chord | None:
        """The chord registered (or being registered), if any."""
        return self._chord

    def register(self, chord: Chord) -> None:
        """Grab ``chord`` globally, replacing any chord registered before.

        Raises:
            HotkeyConflict: Another application owns the chord.
            HotkeyUnavailable: The backend cannot work here.
        """
        if self._closed:
            raise HotkeyUnavailable(
                QT_TRANSLATE_NOOP("Messages", "The hotkey service has been shut down.")
            )
        if chord == self._chord:
            return
        previous = self._chord
        self.unregister()
        try:
            self._register(chord)
        except HotkeyError:
            if previous is not None:
                self._restore(previous)
            raise
        self._chord = chord
        logger.info("Hotkey %s requested from the %s backend", format_chord(chord), self.name)
        if not self.answers_later:
            self.registered.emit(format_chord(chord))

    def unregister(self) -> None:
        """Release the chord; does nothing when none is registered."""
        chord, self._chord = self._chord, None
        if chord is not None:
            self._unregister(chord)
            logger.info("Hotkey %s released (%s backend)", format_chord(chord), self.name)

    def hold_keyboard(self) -> None:
        """A command is about to show the palette (``--toggle`` from a desktop shortcut): hold
        what is typed from now until :meth:`release_keyboard`, as after a press of the chord.
        Backends that can (X11) override this."""

    def release_keyboard(self) -> None:
        """The palette has the keyboard focus now (or will not get it): let the keys typed since
        the last press through. Backends that hold them back (X11) override this."""

    def take_activation_token(self) -> str:
        """The desktop's activation token for the last press, once (Wayland portal); else ``""``."""
        return ""

    def close(self) -> None:
        """Release the chord and every OS resource; the backend cannot be used again."""
        if self._closed:
            return
        self.unregister()
        self._close()
        self._closed = True

    def _restore(self, chord: Chord) -> None:
        """Keep the user's previous hotkey working when its replacement is refused."""
        try:
            self._register(chord)
        except HotkeyError as exc:
            logger.warning("Could not restore the previous hotkey %s: %s", chord, exc)
        else:
            self._chord = chord

    def _fail(self, error: HotkeyError) -> None:
        """Report an asynchronous failure and forget the chord."""
        chord, self._chord = self._chord, None
        if chord is not None:
            self._unregister(chord)
        logger.warning("Hotkey registration failed (%s backend): %s", self.name, error)
        self.registration_failed.emit(error)

    # Subclass hooks -------------------------------------------------------------------------

    def _register(self, chord: Chord) -> None:
        raise NotImplementedError

    def _unregister(self, chord: Chord) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        """Free OS resources; the chord is already released."""


class NullBackend(HotkeyBackend):
    """No global hotkey on this system: ``register`` explains how to bind ``--toggle`` instead."""

    name = "none"

    def __init__(self, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reason = reason

    def _register(self, _chord: Chord) -> None:
        raise HotkeyUnavailable(self.reason)

    def _unregister(self, _chord: Chord) -> None:
        pass
