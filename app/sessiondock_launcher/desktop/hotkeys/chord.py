"""Key chords for the global hotkey: parsing, stored form, display text and warnings (Qt-free).

A chord is a set of *physical* modifier keys plus one key. The modifiers are named for the key the
user presses, the same on every OS:

==========  ==========  ============  ==========
Modifier    macOS       Windows       Linux
==========  ==========  ============  ==========
CONTROL     ⌃ Control   Ctrl          Ctrl
ALT         ⌥ Option    Alt           Alt
SHIFT       ⇧ Shift     Shift         Shift
SUPER       ⌘ Command   Win           Super
==========  ==========  ============  ==========

``str(chord)`` is the portable stored form (``"Control+Alt+Space"``, ``"Shift+Super+K"``) that
settings keep; it means the same keys on every OS. Text written by older versions used Qt's
portable names ``Ctrl``/``Meta``, whose meaning swaps on macOS: :func:`migrate_stored_hotkey`
converts it once. :func:`format_chord` gives what a user sees (⌃⌥Space on a Mac, Ctrl+Alt+Space
elsewhere). Each backend maps the physical modifiers to its OS's masks in one table.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from enum import Enum

from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)


class Modifier(Enum):
    """A physical modifier key, in canonical order; the value is its stored name."""

    CONTROL = "Control"
    ALT = "Alt"
    SHIFT = "Shift"
    SUPER = "Super"
    """⌘ Command on macOS, the Windows key on Windows, Super on Linux."""


_MODIFIER_ORDER = tuple(Modifier)
_MAC_SYMBOLS = {
    Modifier.CONTROL: "⌃",
    Modifier.ALT: "⌥",
    Modifier.SHIFT: "⇧",
    Modifier.SUPER: "⌘",
}
_MAC_ORDER = (Modifier.CONTROL, Modifier.ALT, Modifier.SHIFT, Modifier.SUPER)  # Apple's HIG order
_PC_NAMES = {
    "win32": {Modifier.CONTROL: "Ctrl", Modifier.SUPER: "Win"},
    "linux": {Modifier.CONTROL: "Ctrl", Modifier.SUPER: "Super"},
}
_MODIFIER_ALIASES = {
    **{m.value.lower(): m for m in Modifier},
    "ctrl": Modifier.CONTROL,
    "ctl": Modifier.CONTROL,
    "option": Modifier.ALT,
    "opt": Modifier.ALT,
    "meta": Modifier.SUPER,
    "win": Modifier.SUPER,
    "windows": Modifier.SUPER,
    "cmd": Modifier.SUPER,
    "command": Modifier.SUPER,
    "logo": Modifier.SUPER,
    **{symbol: m for m, symbol in _MAC_SYMBOLS.items()},
}
# Qt's portable key-sequence names, which older versions stored: their meaning depends on the OS.
_LEGACY_QT_NAMES = frozenset({"ctrl", "meta"})
LEGACY_DEFAULT_TEXT = "Ctrl+Alt+Space"
"""What older versions stored by default; it always meant ⌃⌥Space (Control+Alt+Space)."""

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
        """The portable stored form, e.g. ``"Control+Alt+Space"``: the same keys on every OS."""
        return "+".join([m.value for m in self.ordered_modifiers()] + [self.key])

    def ordered_modifiers(self) -> list[Modifier]:
        """The modifiers in canonical order (Control, Alt, Shift, Super)."""
        return [m for m in _MODIFIER_ORDER if m in self.modifiers]

    def mac_text(self) -> str:
        """The chord as a Mac menu shows it, e.g. ``⌃⌥Space``."""
        return format_chord(self, "darwin")


def format_chord(chord: Chord, platform: str = sys.platform) -> str:
    """The chord as users of ``platform`` read it.

    macOS: modifier glyphs in Apple's order, no separators (``⌃⌥⇧⌘K``); Windows:
    ``Ctrl+Alt+Shift+Win+K``; Linux and the rest: ``Ctrl+Alt+Shift+Super+K``.
    """
    if platform == "darwin":
        return "".join(_MAC_SYMBOLS[m] for m in _MAC_ORDER if m in chord.modifiers) + chord.key
    names = _PC_NAMES.get(platform, _PC_NAMES["linux"])
    parts = [names.get(m, m.value) for m in chord.ordered_modifiers()]
    return "+".join([*parts, chord.key])


DEFAULT_CHORD = Chord(frozenset({Modifier.CONTROL, Modifier.ALT}), "Space")
"""Control+Alt+Space (⌃⌥Space): clear of DAW transport (Space) and the Windows menu (Alt+Space)."""


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
        raise InvalidChord(
            QT_TRANSLATE_NOOP(
                "Messages", "“{text}” is not a shortcut: write it like Control+Alt+Space."
            ).format(text=text)
        )
    key: str | None = None
    for part in parts:
        lowered = part.lower()
        if lowered in _MODIFIER_ALIASES:
            modifiers.add(_MODIFIER_ALIASES[lowered])
            continue
        name = _KEY_LOOKUP.get(lowered) or _KEY_ALIASES.get(lowered)
        if name is None:
            raise InvalidChord(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "“{text}” is not a key a global shortcut can use. Use a letter, a digit, "
                    "F1–F24, Space, Return, Tab, Escape, arrows, Home/End or PageUp/PageDown.",
                ).format(text=part)
            )
        if key is not None:
            raise InvalidChord(
                QT_TRANSLATE_NOOP(
                    "Messages", "“{text}” has two keys ({hotkey}); a shortcut has one."
                ).format(text=text, hotkey=f"{key}, {name}")
            )
        key = name
    if key is None:
        raise InvalidChord(
            QT_TRANSLATE_NOOP(
                "Messages", "“{text}” has only modifiers; add a key, e.g. Control+Alt+Space."
            ).format(text=text)
        )
    chord = Chord(frozenset(modifiers), key)
    if not (modifiers - {Modifier.SHIFT}) and key not in _FREE_KEYS:
        raise InvalidChord(
            QT_TRANSLATE_NOOP(
                "Messages",
                "{hotkey} would take the key away from every application (your DAW "
                "included). Add a modifier, e.g. {chord}.",
            ).format(hotkey=format_chord(chord), chord=format_chord(DEFAULT_CHORD))
        )
    return chord


def _tokens(text: str) -> list[str]:
    return [p.strip().lower() for p in text.split("+")]


def migrate_stored_hotkey(text: str, platform: str = sys.platform) -> str:
    """Convert a hotkey stored by an older version into the portable form; others pass through.

    Older versions stored Qt's portable text, where ``Ctrl``/``Meta`` name Qt's modifiers. On
    macOS Qt's ``Ctrl`` is ⌘ and ``Meta`` is ⌃, so a chord recorded there as ``Ctrl+Alt+Space``
    was ⌘⌥Space (which the old code registered as ⌃⌥Space). Such text is read the way the
    recorder meant it: what the user pressed. The untouched old default ``Ctrl+Alt+Space`` was
    never recorded: it stays ⌃⌥Space, as documented. Elsewhere ``Ctrl`` is Control and ``Meta``
    the Windows/Super key. Text that does not parse is returned unchanged (Settings says why).
    """
    if not _LEGACY_QT_NAMES & set(_tokens(text)):
        try:
            return str(parse_chord(text))
        except InvalidChord:
            return text
    legacy = text
    if platform == "darwin" and _tokens(text) != _tokens(LEGACY_DEFAULT_TEXT):
        swap = {"ctrl": "Super", "meta": "Control"}
        legacy = "+".join(swap.get(t.strip().lower(), t.strip()) for t in text.split("+"))
    try:
        return str(parse_chord(legacy))
    except InvalidChord:
        return text


def reserved_reason(chord: Chord, platform: str = sys.platform) -> str | None:
    """Say why ``chord`` is a poor global shortcut, or None when it is fine.

    Covers Space and letters without a real modifier (DAW transport, typing), Alt+Space (the
    Windows window menu), the system's own Space shortcuts, ⌥-only chords (dead on macOS 15+)
    and Control/Super + one letter (an editing shortcut in every application; ⌘ on a Mac).
    """
    mods = chord.modifiers
    key = chord.key
    mac = platform == "darwin"
    shown = format_chord(chord, platform)
    if not (mods - {Modifier.SHIFT}) and key not in _FREE_KEYS:
        if key == "Space":
            return QT_TRANSLATE_NOOP(
                "Messages", "Space is the transport (play/stop) key in every DAW."
            )
        return QT_TRANSLATE_NOOP(
            "Messages", "{hotkey} would take the key away from typing in every application."
        ).format(hotkey=shown)
    if key == "Space" and len(mods) == 1:
        return _system_space_reason(next(iter(mods)), mac, shown)
    if mac and mods <= {Modifier.ALT, Modifier.SHIFT}:
        return QT_TRANSLATE_NOOP(
            "Messages", "macOS 15 and later ignore shortcuts made of only ⌥ or ⌥⇧; add ⌃ or ⌘."
        )
    single = len(mods) == 1 and mods & {Modifier.CONTROL, Modifier.SUPER}
    if single and (key in LETTER_KEYS or key in DIGIT_KEYS):
        return QT_TRANSLATE_NOOP(
            "Messages", "{hotkey} is an everyday shortcut in most applications."
        ).format(hotkey=shown)
    return None


def _system_space_reason(modifier: Modifier, mac: bool, shown: str) -> str | None:
    """Why one modifier + Space belongs to the system (None for Shift+Space, handled before)."""
    reasons = {
        Modifier.ALT: (
            QT_TRANSLATE_NOOP("Messages", "⌥Space types a non-breaking space on a Mac.")
            if mac
            else QT_TRANSLATE_NOOP(
                "Messages", "Alt+Space opens the window menu on Windows and KRunner on KDE."
            )
        ),
        Modifier.SUPER: (
            QT_TRANSLATE_NOOP("Messages", "⌘Space is Spotlight.")
            if mac
            else QT_TRANSLATE_NOOP(
                "Messages", "{hotkey} opens the Start menu search or switches the keyboard layout."
            ).format(hotkey=shown)
        ),
        Modifier.CONTROL: (
            QT_TRANSLATE_NOOP(
                "Messages",
                "{hotkey} switches input sources and is a completion key in many editors.",
            ).format(hotkey=shown)
        ),
    }
    return reasons.get(modifier)


def is_reserved(chord: Chord, platform: str = sys.platform) -> bool:
    """True when :func:`reserved_reason` has a warning for ``chord``."""
    return reserved_reason(chord, platform) is not None
