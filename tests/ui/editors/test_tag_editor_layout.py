"""The tag editor shows all of its hint and puts nothing between the chips and the field.

A tester saw the hint end in "Ctrl+Ente" (the pane is narrower than the one-line hint; German
is longer still). Geometry of the real editor in the real launcher, in English and German.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common import i18n

TAGS = ("needs vocals", "lo-fi", "techno", "deadline friday", "remix")


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    thread = SimulatorThread(
        SimulatorState(SimulatorConfig(token="t"), generate_library(30, seed=3))
    ).start()
    yield thread
    thread.stop()


@pytest.fixture(params=["en", "de"])
def language(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    if request.param != "en":
        i18n.install(request.param)  # as start-up does for SESSIONDOCK_LANGUAGE=de
    yield request.param
    if request.param != "en":
        i18n.uninstall()


def shows_all_of(label: QLabel) -> bool:
    """Every character of the label's text is inside the label (not cut at its right or
    bottom edge)."""
    metrics = label.fontMetrics()
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width())
    return metrics.horizontalAdvance(label.text()) <= label.contentsRect().width()


def test_the_hint_is_whole_and_the_chips_sit_right_on_the_field(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, language: str
) -> None:
    launcher = make_launcher(sim)
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    session = dataclasses.replace(launcher.index.recent(1)[0], title="Drive Rain", tags=TAGS)
    launcher.preview.edit_tags(session)
    editor = launcher.preview.editor
    qtbot.waitUntil(editor.isVisible)
    hint = editor.findChild(QLabel, "editorHint")
    assert hint is not None
    assert ("speichert" if language == "de" else "Ctrl+Enter saves") in hint.text()
    chips, field = editor.input.chips, editor.input.field
    spacing = editor.input.layout().spacing()
    qtbot.waitUntil(lambda: shows_all_of(hint))
    # inside the editor, right under the field, not overlapping what follows
    assert editor.contentsRect().contains(hint.mapTo(editor, hint.rect().bottomRight()))
    field_bottom = field.mapTo(editor, field.rect().bottomLeft()).y()
    assert 0 < hint.mapTo(editor, hint.rect().topLeft()).y() - field_bottom <= 2 * spacing
    # the chips are exactly as tall as their rows, and the field follows at the layout spacing
    rows_bottom = int(chips.chip_rects()[-1].bottom()) + 1
    assert chips.height() == rows_bottom
    assert field.geometry().top() - chips.geometry().bottom() - 1 == spacing
