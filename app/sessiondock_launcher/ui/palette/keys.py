"""The one event filter on the search field: Qt key presses → keymap intents → handlers.

The table (``core/keymap.py``) decides what a key means; this module only translates Qt's key
codes and modifiers into the table's names and calls the handler of the intent. Keys with no
binding in the current context go to the text field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from sessiondock_launcher.core.keymap import NAVIGATION, Binding, Intent, lookup

Handler = Callable[[Binding], None]

_K = Qt.Key
_KEY_NAMES: dict[int, str] = {
    _K.Key_Return: "Return",
    _K.Key_Enter: "Return",
    _K.Key_Escape: "Escape",
    _K.Key_Up: "Up",
    _K.Key_Down: "Down",
    _K.Key_Left: "Left",
    _K.Key_Right: "Right",
    _K.Key_PageUp: "PageUp",
    _K.Key_PageDown: "PageDown",
    _K.Key_Home: "Home",
    _K.Key_End: "End",
    _K.Key_Space: "Space",
    **{getattr(_K, f"Key_{c}"): c for c in "ITKNP"},
    **{getattr(_K, f"Key_{n}"): str(n) for n in range(1, 10)},
}
_M = Qt.KeyboardModifier
_MODIFIER_NAMES = (
    (_M.ControlModifier, "Ctrl"),
    (_M.AltModifier, "Alt"),
    (_M.ShiftModifier, "Shift"),
    (_M.MetaModifier, "Meta"),
)
_ENDS_NAVIGATION = (_K.Key_Backspace, _K.Key_Delete, _K.Key_Space)


def key_of(event: QKeyEvent) -> tuple[str, frozenset[str]] | None:
    """The keymap's (key, modifiers) for a Qt key press; None for keys the table never names."""
    name = _KEY_NAMES.get(event.key())
    if name is None:
        return None
    mods = event.modifiers()
    return name, frozenset(n for flag, n in _MODIFIER_NAMES if mods & flag)


class PaletteKeys(QObject):
    """Routes the search field's key presses through the keymap.

    Args:
        field: the search field it filters (install with ``field.installEventFilter``).
        handlers: what each intent does; an intent without a handler lets the key through.
        pane_shown: whether the preview pane is visible (Space and ←/→ may audition then).
    """

    def __init__(
        self,
        field: QLineEdit,
        handlers: Mapping[Intent, Handler],
        pane_shown: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.handlers = dict(handlers)
        self._pane_shown = pane_shown
        self.navigating = False  # the user moved through the results since typing
        # ↑ steps back through the query history / ↓ forward again (keymap Context.HISTORY*).
        self.history_active: Callable[[], bool] = lambda: False
        self.history_walking: Callable[[], bool] = lambda: False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        pressed = key_of(event)
        audition = self._pane_shown() and (self.navigating or not self.field.text())
        history = not self.navigating and self.history_active()
        walking = history and self.history_walking()
        binding = (
            lookup(*pressed, audition=audition, history=history, walking=walking)
            if pressed is not None
            else None
        )
        handler = self.handlers.get(binding.intent) if binding is not None else None
        if binding is None or handler is None:
            if event.text().strip() or event.key() in _ENDS_NAVIGATION:
                self.navigating = False  # typing returns Space and ←/→ to the text
            return False
        if binding.intent in NAVIGATION:
            self.navigating = True
        handler(binding)
        return True
