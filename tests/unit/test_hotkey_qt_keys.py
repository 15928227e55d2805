"""The recorder's conversion from Qt key events to physical modifiers, per OS.

Qt's documented naming (Qt::KeyboardModifier): on macOS ControlModifier is the ⌘ Command key and
MetaModifier the ⌃ Control key, unless AA_MacDontSwapCtrlAndMeta is set; elsewhere
ControlModifier is Ctrl and MetaModifier the Windows/Super key. The Carbon and Win32 masks below
are the documented values (Events.h, WinUser.h), not the module's constants.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QKeyCombination, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QKeySequenceEdit
from pytestqt.qtbot import QtBot

from sessiondock_launcher.desktop.hotkeys.chord import Modifier, format_chord, parse_chord
from sessiondock_launcher.desktop.hotkeys.macos import carbon_hotkey
from sessiondock_launcher.desktop.hotkeys.qt_keys import (
    chord_from_combination,
    display_text,
    physical_modifiers,
    qt_swaps_control_and_meta,
    sequence_from_stored_text,
    stored_text_from_sequence,
)
from sessiondock_launcher.desktop.hotkeys.windows import hotkey_flags

KM = Qt.KeyboardModifier
CARBON_CMD, CARBON_OPTION, CARBON_CONTROL = 0x0100, 0x0800, 0x1000
WIN_MOD_ALT, WIN_MOD_CONTROL, WIN_MOD_WIN, WIN_MOD_NOREPEAT = 0x1, 0x2, 0x8, 0x4000
SPACE = Qt.Key.Key_Space


@pytest.fixture
def mac_attribute_reset() -> Iterator[None]:
    attribute = Qt.ApplicationAttribute.AA_MacDontSwapCtrlAndMeta
    before = QCoreApplication.testAttribute(attribute)
    yield
    QCoreApplication.setAttribute(attribute, before)


@pytest.mark.parametrize(
    ("qt", "swapped", "physical"),
    [
        (KM.ControlModifier, True, {Modifier.SUPER}),  # macOS: Qt's Ctrl is ⌘
        (KM.MetaModifier, True, {Modifier.CONTROL}),  # macOS: Qt's Meta is ⌃
        (KM.AltModifier, True, {Modifier.ALT}),  # ⌥
        (KM.ShiftModifier, True, {Modifier.SHIFT}),
        (KM.ControlModifier, False, {Modifier.CONTROL}),
        (KM.MetaModifier, False, {Modifier.SUPER}),
        (
            KM.ControlModifier | KM.MetaModifier | KM.KeypadModifier,
            False,
            {
                Modifier.CONTROL,
                Modifier.SUPER,
            },
        ),
    ],
)
def test_physical_modifiers(qt: KM, swapped: bool, physical: set[Modifier]) -> None:
    assert physical_modifiers(qt, swapped) == physical


def test_qt_swaps_only_on_macos_and_only_without_the_attribute(
    qapp: object, mac_attribute_reset: None
) -> None:
    assert not qt_swaps_control_and_meta("linux")
    assert not qt_swaps_control_and_meta("win32")
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_MacDontSwapCtrlAndMeta, False)
    assert qt_swaps_control_and_meta("darwin")
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_MacDontSwapCtrlAndMeta, True)
    assert not qt_swaps_control_and_meta("darwin")


def test_recording_command_option_space_registers_cmd_option_space_on_macos() -> None:
    """The bug: ⌘⌥Space was stored as Qt's "Ctrl+Alt+Space" and registered as ⌃⌥Space."""
    recorded = QKeyCombination(KM.ControlModifier | KM.AltModifier, SPACE)  # what Qt reports
    chord = chord_from_combination(recorded, swapped=True)
    assert str(chord) == "Alt+Super+Space"
    assert carbon_hotkey(chord) == (49, CARBON_CMD | CARBON_OPTION)
    assert format_chord(chord, "darwin") == "⌥⌘Space"


def test_recording_control_option_space_registers_control_option_on_macos() -> None:
    recorded = QKeyCombination(KM.MetaModifier | KM.AltModifier, SPACE)
    chord = chord_from_combination(recorded, swapped=True)
    assert carbon_hotkey(chord) == (49, CARBON_CONTROL | CARBON_OPTION)
    assert format_chord(chord, "darwin") == "⌃⌥Space"


def test_recording_ctrl_alt_space_on_windows_registers_mod_control_alt() -> None:
    chord = chord_from_combination(
        QKeyCombination(KM.ControlModifier | KM.AltModifier, SPACE), False
    )
    assert hotkey_flags(chord) == (WIN_MOD_CONTROL | WIN_MOD_ALT | WIN_MOD_NOREPEAT, 0x20)
    win = chord_from_combination(QKeyCombination(KM.MetaModifier | KM.AltModifier, SPACE), False)
    assert hotkey_flags(win) == (WIN_MOD_WIN | WIN_MOD_ALT | WIN_MOD_NOREPEAT, 0x20)


@pytest.mark.parametrize("platform", ["darwin", "linux", "win32"])
@pytest.mark.parametrize(
    "stored",
    [
        "Control+Alt+Space",
        "Alt+Super+Space",
        "Shift+Super+K",
        "Control+Alt+PageDown",
        "Control+Alt+Escape",
        "Control+Alt+Delete",
        "Control+Alt+Insert",
        "Control+Alt+F13",
        "Control+Alt+7",
    ],
)
def test_stored_text_round_trips_through_the_recorder(
    qapp: object, platform: str, stored: str
) -> None:
    sequence = sequence_from_stored_text(stored, platform)
    assert not sequence.isEmpty()
    assert stored_text_from_sequence(sequence, platform) == stored


def test_the_recorder_shows_macos_control_as_qt_meta(qapp: object) -> None:
    mac = sequence_from_stored_text("Control+Alt+Space", "darwin")[0]  # type: ignore[index]
    assert mac.keyboardModifiers() == KM.MetaModifier | KM.AltModifier
    linux = sequence_from_stored_text("Control+Alt+Space", "linux")[0]  # type: ignore[index]
    assert linux.keyboardModifiers() == KM.ControlModifier | KM.AltModifier


def test_unusable_sequences_come_back_readable(qapp: object) -> None:
    assert stored_text_from_sequence(QKeySequence()) == ""
    comma = QKeySequence(QKeyCombination(KM.ControlModifier, Qt.Key.Key_Comma))
    text = stored_text_from_sequence(comma, "linux")
    with pytest.raises(ValueError, match="not a key"):
        parse_chord(text)
    assert sequence_from_stored_text("Ctrl+Alt+Hyper", "linux").isEmpty()


def test_a_real_key_sequence_edit_records_physical_keys(qtbot: QtBot) -> None:
    edit = QKeySequenceEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_K, KM.MetaModifier | KM.ShiftModifier)
    qtbot.waitUntil(lambda: not edit.keySequence().isEmpty(), timeout=2000)
    assert stored_text_from_sequence(edit.keySequence(), "linux") == "Shift+Super+K"


def test_display_text() -> None:
    assert display_text("Control+Alt+Space", "darwin") == "⌃⌥Space"
    assert display_text("Control+Alt+Space", "win32") == "Ctrl+Alt+Space"
    assert display_text("nonsense", "darwin") == "nonsense"
