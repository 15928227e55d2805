"""ElidingLabel's tooltip says the full text exactly while the label cuts it, at its width now:
it was decided once, in setText, at the width the label had then."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from sessiondock_launcher.ui.common.labels import ElidingLabel

TEXT = "Offline: showing your library as of 14:05 · focusing needs SessionDock running"


HOSTS: list[QWidget] = []  # a parentless widget dies with its last Python reference


def _label(qtbot: Any, width: int) -> ElidingLabel:
    host = QWidget()
    HOSTS.append(host)
    qtbot.addWidget(host)
    label = ElidingLabel(host)
    label.resize(width, 20)
    host.show()
    qtbot.waitExposed(host)
    return label


def test_growing_wide_enough_drops_the_tooltip(qtbot: Any) -> None:
    label = _label(qtbot, 60)
    label.setText(TEXT)
    assert label.is_elided()
    assert label.toolTip() == TEXT
    label.resize(label.fontMetrics().horizontalAdvance(TEXT) + 20, 20)
    assert not label.is_elided()
    assert label.toolTip() == ""  # nothing is hidden any more: no tooltip repeating it


def test_shrinking_adds_the_tooltip(qtbot: Any) -> None:
    label = _label(qtbot, 2000)
    label.setText(TEXT)
    assert label.toolTip() == ""
    label.resize(80, 20)
    assert label.is_elided()
    assert label.shown_text().endswith("…")
    assert label.toolTip() == TEXT


def test_text_set_before_the_first_layout_is_judged_at_the_laid_out_width(qtbot: Any) -> None:
    host = QWidget()
    HOSTS.append(host)
    qtbot.addWidget(host)
    label = ElidingLabel(host)
    label.setText("Connected")  # a new child is 100 px wide until laid out
    label.resize(40, 20)
    host.show()
    qtbot.waitExposed(host)
    assert label.is_elided()
    assert label.toolTip() == "Connected"
