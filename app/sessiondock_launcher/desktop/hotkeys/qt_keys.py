"""The hotkey recorder's side of the chord model: Qt key events ↔ physical modifiers.

Qt names modifiers by role, not by key: on macOS ``Qt.ControlModifier`` is ⌘ Command and
``Qt.MetaModifier`` is ⌃ Control, unless the application sets ``AA_MacDontSwapCtrlAndMeta``;
elsewhere ``ControlModifier`` is Ctrl and ``MetaModifier`` the Windows/Super key. Everything Qt
gives the recorder goes through :func:`physical_modifiers` once, so a chord recorded as ⌘⌥Space
is stored (``Super+Alt+Space``) and registered (Carbon ``cmdKey | optionKey``) as ⌘⌥Space.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QKeyCombination, Qt
from PySide6.QtGui import QKeySequence

from sessiondock_launcher.desktop.hotkeys.chord import (
    Chord,
    InvalidChord,
    Modifier,
    format_chord,
    parse_chord,
)

_KM = Qt.KeyboardModifier
_ROLE_TO_PHYSICAL = {
    _KM.ShiftModifier: Modifier.SHIFT,
    _KM.AltModifier: Modifier.ALT,
    _KM.ControlModifier: Modifier.CONTROL,
    _KM.MetaModifier: Modifier.SUPER,
}
_MAC_SWAPPED = {_KM.ControlModifier: Modifier.SUPER, _KM.MetaModifier: Modifier.CONTROL}
# Chord key names Qt's portable text spells differently.
_QT_KEY_NAMES = {"PageUp": "PgUp", "PageDown": "PgDown", "Escape": "Esc", "Delete": "Del"}
_QT_KEY_NAMES |= {"Insert": "Ins"}


def qt_swaps_control_and_meta(platform: str = sys.platform) -> bool:
    """True when Qt's ControlModifier means ⌘ (macOS without ``AA_MacDontSwapCtrlAndMeta``)."""
    if platform != "darwin":
        return False
    attribute = Qt.ApplicationAttribute.AA_MacDontSwapCtrlAndMeta
    return not QCoreApplication.testAttribute(attribute)


def _table(swapped: bool) -> dict[Qt.KeyboardModifier, Modifier]:
    return {**_ROLE_TO_PHYSICAL, **(_MAC_SWAPPED if swapped else {})}


def physical_modifiers(modifiers: Qt.KeyboardModifier, swapped: bool) -> frozenset[Modifier]:
    """The physical keys behind Qt's modifier flags (``swapped``: Qt's macOS naming)."""
    return frozenset(m for flag, m in _table(swapped).items() if modifiers & flag)


def qt_modifiers(modifiers: frozenset[Modifier], swapped: bool) -> Qt.KeyboardModifier:
    """Qt's modifier flags for physical keys: the inverse of :func:`physical_modifiers`."""
    flags = _KM.NoModifier
    for flag, modifier in _table(swapped).items():
        if modifier in modifiers:
            flags |= flag
    return flags


def chord_from_combination(combination: QKeyCombination, swapped: bool) -> Chord:
    """The chord a recorded key combination stands for.

    Raises:
        InvalidChord: The key cannot be part of a global shortcut (or has no modifier).
    """
    key_text = QKeySequence(combination.key()).toString(QKeySequence.SequenceFormat.PortableText)
    if not key_text or "+" in key_text:
        raise InvalidChord(f"“{key_text}” is not a key a global shortcut can use.")
    names = [m.value for m in physical_modifiers(combination.keyboardModifiers(), swapped)]
    chord = parse_chord("+".join([*sorted(names), key_text]))
    return Chord(chord.modifiers, chord.key)


def _first(sequence: QKeySequence) -> QKeyCombination:
    """The first key combination (``operator[]``, which PySide6's type stubs do not declare)."""
    return sequence[0]  # type: ignore[index,no-any-return,unused-ignore]


def stored_text_from_sequence(sequence: QKeySequence, platform: str = sys.platform) -> str:
    """What Settings stores for the recorder's sequence (``""`` when empty).

    A sequence that is no valid chord comes back as the user would read it, so the check that
    follows explains what is wrong with it.
    """
    if sequence.isEmpty():
        return ""
    try:
        return str(chord_from_combination(_first(sequence), qt_swaps_control_and_meta(platform)))
    except InvalidChord:
        return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def sequence_from_stored_text(text: str, platform: str = sys.platform) -> QKeySequence:
    """The key sequence that shows the stored chord in the recorder (empty if it does not parse)."""
    try:
        chord = parse_chord(text)
    except InvalidChord:
        return QKeySequence()
    key_name = _QT_KEY_NAMES.get(chord.key, chord.key)
    key = QKeySequence.fromString(key_name, QKeySequence.SequenceFormat.PortableText)
    if key.isEmpty():
        return QKeySequence()
    flags = qt_modifiers(chord.modifiers, qt_swaps_control_and_meta(platform))
    return QKeySequence(QKeyCombination(flags, _first(key).key()))


def display_text(text: str, platform: str = sys.platform) -> str:
    """A stored chord as users of ``platform`` read it; unparsable text is returned unchanged."""
    try:
        return format_chord(parse_chord(text), platform)
    except InvalidChord:
        return text
