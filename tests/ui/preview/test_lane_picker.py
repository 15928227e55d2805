"""The lane list keeps its buttons from row to row (relabelled, spare ones hidden), and what the
user sees and clicks is always the shown session's lanes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sessiondock_launcher.api import Preview, Session
from sessiondock_launcher.ui.preview.lane_picker import LanePicker


def _session(session_id: str, *lanes: tuple[str, str, str], preferred: str = "") -> Session:
    previews = tuple(Preview(lane_id, name, status=status) for lane_id, name, status in lanes)
    return Session(session_id, f"Title {session_id}", previews=previews,
                   preferred_preview_id=preferred)  # fmt: skip


def _shown(picker: LanePicker) -> list[tuple[str, bool]]:
    """The visible buttons' texts and checked states, top to bottom."""
    found = [b for b in picker.findChildren(type(next(iter(picker.buttons.values()))))]
    found = [b for b in found if not b.isHidden()]
    found.sort(key=lambda b: b.y())
    return [(b.text(), b.isChecked()) for b in found]


def test_lanes_follow_the_session_and_clicks_pick_its_lane(qtbot: Any) -> None:
    picker = LanePicker()
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picked: list[str] = []
    picker.lane_picked.connect(picked.append)
    lanes = (("main", "Main", "ready"), ("inst", "Instrumental", ""), ("acap", "A cappella", "x"))
    three = _session("a", *lanes, preferred="main")
    two = _session(
        "b", ("tv", "TV mix", "ready"), ("club", "Club & dub", "ready"), preferred="club"
    )

    picker.set_lanes(three, "inst", "none")
    first_buttons = list(picker.buttons.values())
    qtbot.waitUntil(lambda: len(_shown(picker)) == 3)
    assert _shown(picker) == [
        ("Main  ★", False), ("Instrumental", True), ("A cappella · x", False),
    ]  # fmt: skip

    picker.set_lanes(two, "tv", "none")
    qtbot.waitUntil(lambda: len(_shown(picker)) == 2)
    assert _shown(picker) == [("Club && dub  ★", False), ("TV mix", True)]
    assert list(picker.buttons) == ["club", "tv"]
    assert list(picker.buttons.values()) == first_buttons[:2]  # kept, not made anew
    assert picker.text() == "Club && dub  ★\nTV mix"
    assert not picker.empty_label.isVisibleTo(picker)
    QTest.mouseClick(picker.buttons["club"], Qt.MouseButton.LeftButton)
    assert picked == ["club"]
    assert picker.buttons["club"].isChecked() and not picker.buttons["tv"].isChecked()

    # A lane id the session does not have: nothing checked (the old check does not linger).
    picker.set_lanes(three, "gone", "none")
    qtbot.waitUntil(lambda: len(_shown(picker)) == 3)
    assert [checked for _, checked in _shown(picker)] == [False, False, False]
    QTest.mouseClick(picker.buttons["acap"], Qt.MouseButton.LeftButton)
    assert picked == ["club", "acap"]

    picker.set_lanes(Session("c", "No lanes"), "", "<i>No preview yet</i>")
    assert picker.buttons == {}
    assert picker.text() == "<i>No preview yet</i>"
    assert picker.empty_label.isVisibleTo(picker)
    assert all(b.isHidden() for b in first_buttons)
