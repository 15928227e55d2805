"""Key chords for the global hotkey: parsing, canonical text and warnings (Qt-free).

A chord is a set of modifiers plus one key. ``Ctrl`` is the Control key on every OS (⌃ on a Mac);
``Meta`` is the Windows/Super key, ⌘ on a Mac. Text such as ``"Ctrl+Alt+Space"``,
``"meta + shift + k"`` or ``"⌃⌥Space"`` parses to the same structure; ``str(chord)`` gives the
canonical ``"Ctrl+Alt+Space"`` form that settings store.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from enum import Enum

logger = logging.getLogger(__name__)


class Modifier(Enum):
    """A modifier key, in canonical order."""

    CTRL = "Ctrl"
    ALT = "Alt"
    SHIFT = "Shift"
    META = "Meta"


_MODIFIER_ORDER = tuple(Modifier)
_MAC_SYMBOLS = {Modifier.CTRL: "⌃", Modifier.ALT: "⌥", Modifier.SHIFT: "⇧", Modifier.META: "⌘"}
_MODIFIER_ALIASES = {
    **{m.value.lower(): m for m in Modifier},
    "control": Modifier.CTRL,
    "ctl": Modifier.CTRL,
    "option": Modifier.ALT,
    "opt": Modifier.ALT,
    "super": Modifier.META,
    "win": Modifier.META,
    "windows": Modifier.META,
    "cmd": Modifier.META,
    "command": Modifier.META,
    "logo": Modifier.META,
    **{symbol: m for m, symbol in _MAC_SYMBOLS.items()},
}

NAMED_KEYS = (
    "Space",
    "Return",
    "Tab",
    "Escape",
    "Backspace",
    "Delete",
    "Insert",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Left",
    "Right",
    "Up",
    "Down",
)
FUNCTION_KEYS = tuple(f"F{n}" for n in range(1, 25))
LETTER_KEYS = tuple(chr(c) for c in range(ord("A"), ord("Z") + 1))
DIGIT_KEYS = tuple(str(d) for d in range(10))
KEYS = NAMED_KEYS + FUNCTION_KEYS + LETTER_KEYS + DIGIT_KEYS
"""Every key name a chord may use, in canonical spelling."""

_KEY_LOOKUP = {k.lower(): k for k in KEYS}
_KEY_ALIASES = {"enter": "Return", "esc": "Escape", "del": "Delete", "ins": "Insert"}
_KEY_ALIASES |= {"pgup": "PageUp", "pgdown": "PageDown", "pgdn": "PageDown", "prior": "PageUp"}
_KEY_ALIASES |= {"next": "PageDown", "spacebar": "Space", "bksp": "Backspace", "␣": "Space"}
# Keys nothing else uses, so a chord may do without a modifier.
_FREE_KEYS = frozenset(f"F{n}" for n in range(13, 25))


_KEYSYM_NAMES = {"Space": "space", "Backspace": "BackSpace", "PageUp": "Prior", "PageDown": "Next"}


def keysym_name(key: str) -> str:
    """The X/XKB keysym name of a chord key (``"Space"`` → ``"space"``, ``"K"`` → ``"k"``).

    X11 grabs and the Wayland portal's trigger strings both name keys this way.
    """
    if len(key) == 1:
        return key.lower()
    return _KEYSYM_NAMES.get(key, key)


class InvalidChord(ValueError):
    """The text is not a usable chord; ``str(exc)`` is a message for the user."""


@dataclass(frozen=True, slots=True)
class Chord:
    """Modifiers plus one key, e.g. Ctrl+Alt+Space.

    Attributes:
        modifiers: The modifiers that must be held.
        key: A canonical key name from :data:`KEYS`.
    """

    modifiers: frozenset[Modifier]
    key: str

    def __str__(self) -> str:
        return "+".join([m.value for m in self.ordered_modifiers()] + [self.key])

    def ordered_modifiers(self) -> list[Modifier]:
        """The modifiers in canonical order (Ctrl, Alt, Shift, Meta)."""
        return [m for m in _MODIFIER_ORDER if m in self.modifiers]

    def mac_text(self) -> str:
        """The chord as a Mac menu shows it, e.g. ``⌃⌥Space``."""
        mac_order = (Modifier.CTRL, Modifier.ALT, Modifier.SHIFT, Modifier.META)
        return "".join(_MAC_SYMBOLS[m] for m in mac_order if m in self.modifiers) + self.key


DEFAULT_CHORD = Chord(frozenset({Modifier.CTRL, Modifier.ALT}), "Space")
"""Ctrl+Alt+Space (⌃⌥Space): clear of DAW transport (Space) and the Windows menu (Alt+Space)."""


def parse_chord(text: str) -> Chord:
    """Parse ``"Ctrl+Alt+Space"``, ``"meta+shift+k"`` or ``"⌃⌥Space"`` into a :class:`Chord`.

    Raises:
        InvalidChord: Unknown names, no key, two keys, or no modifier on a key other than F13–F24
            (a bare key would be stolen from every application, the DAW included).
    """
    rest = text.strip()
    modifiers: set[Modifier] = set()
    while rest and rest[0] in _MAC_SYMBOLS.values():
        modifiers.add(_MODIFIER_ALIASES[rest[0]])
        rest = rest[1:].lstrip()
        if rest.startswith("+"):  # "⌃+⌥+Space"
            rest = rest[1:].lstrip()
    parts = [p.strip() for p in rest.split("+")] if rest else []
    if not parts or any(not p for p in parts):
        raise InvalidChord(f"“{text}” is not a shortcut: write it like Ctrl+Alt+Space.")
    key: str | None = None
    for part in parts:
        lowered = part.lower()
        if lowered in _MODIFIER_ALIASES:
            modifiers.add(_MODIFIER_ALIASES[lowered])
            continue
        name = _KEY_LOOKUP.get(lowered) or _KEY_ALIASES.get(lowered)
        if name is None:
            raise InvalidChord(
                f"“{part}” is not a key a global shortcut can use. Use a letter, a digit, "
                "F1–F24, Space, Return, Tab, Escape, arrows, Home/End or PageUp/PageDown."
            )
        if key is not None:
            raise InvalidChord(f"“{text}” has two keys ({key}, {name}); a shortcut has one.")
        key = name
    if key is None:
        raise InvalidChord(f"“{text}” has only modifiers; add a key, e.g. Ctrl+Alt+Space.")
    chord = Chord(frozenset(modifiers), key)
    if not (modifiers - {Modifier.SHIFT}) and key not in _FREE_KEYS:
        raise InvalidChord(
            f"{chord} would take the key away from every application (your DAW included). "
            "Add Ctrl, Alt or Meta, e.g. Ctrl+Alt+Space."
        )
    return chord


def reserved_reason(chord: Chord, platform: str = sys.platform) -> str | None:
    """Say why ``chord`` is a poor global shortcut, or None when it is fine.

    Covers Space and letters without a real modifier (DAW transport, typing), Alt+Space (the
    Windows window menu), the system's own Space shortcuts, ⌥-only chords (dead on macOS 15+)
    and Ctrl/Meta + one letter (an editing shortcut in every application).
    """
    mods = chord.modifiers
    key = chord.key
    mac = platform == "darwin"
    if not (mods - {Modifier.SHIFT}) and key not in _FREE_KEYS:
        if key == "Space":
            return "Space is the transport (play/stop) key in every DAW."
        return f"{chord} would take the key away from typing in every application."
    if key == "Space" and mods == {Modifier.ALT}:
        return "Alt+Space opens the window menu on Windows and KRunner on KDE."
    if key == "Space" and mods == {Modifier.META}:
        return "⌘Space is Spotlight." if mac else "Meta+Space switches the keyboard layout."
    if key == "Space" and mods == {Modifier.CTRL}:
        return "Ctrl+Space switches input sources and is a completion key in many editors."
    if mac and mods <= {Modifier.ALT, Modifier.SHIFT}:
        return "macOS 15 and later ignore shortcuts made of only ⌥ or ⌥⇧; add ⌃ or ⌘."
    single = len(mods) == 1 and mods & {Modifier.CTRL, Modifier.META}
    if single and (key in LETTER_KEYS or key in DIGIT_KEYS):
        return f"{chord} is an everyday shortcut in most applications."
    return None


def is_reserved(chord: Chord, platform: str = sys.platform) -> bool:
    """True when :func:`reserved_reason` has a warning for ``chord``."""
    return reserved_reason(chord, platform) is not None
