"""The preview lanes of the shown session as a list to pick from (click, or Ctrl+1…9).

Each lane is a flat, checkable button: its name, its status when it is not ready, a star on the
preferred lane and the key that picks it. The checked one is the lane the transport plays.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QLabel, QPushButton, QVBoxLayout, QWidget

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.keymap import KEYMAP, Intent, shortcut_text


def _lane_keys() -> dict[int, str]:
    """Position (0-based) → the key text that picks it, from the keymap."""
    keys = {}
    for binding in KEYMAP:
        if binding.intent is Intent.PICK_LANE:
            keys[int(binding.key) - 1] = shortcut_text(binding, sys.platform)
    return keys


class LanePicker(QWidget):
    """Lists a session's preview lanes; the checked one is the lane that plays.

    Signals:
        lane_picked(str): the user picked this lane id (click).
    """

    lane_picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(QCoreApplication.translate("PreviewPane", "Preview lanes"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("previewBody")
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self._layout.addWidget(self.empty_label)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        """The shown lanes' buttons by lane id, in lane order."""
        self._pool: list[QPushButton] = []
        self._lane_ids: list[str] = []
        self._keys = _lane_keys()

    def set_lanes(self, session: Session, current: str, empty_html: str) -> None:
        """Show ``session``'s lanes with ``current`` checked (``empty_html`` when it has none).

        The buttons are kept and relabelled for the next session (the pane follows every row
        the user passes while typing); the ones it does not need are hidden.
        """
        lanes = session.ordered_previews()
        self.empty_label.setText("" if lanes else empty_html)
        self.empty_label.setVisible(not lanes)
        while len(self._pool) < len(lanes):
            self._pool.append(self._new_button(len(self._pool)))
        self._group.setExclusive(False)  # (an exclusive group never unchecks its checked one)
        self.buttons = {}
        self._lane_ids = [lane.id for lane in lanes]
        for i, button in enumerate(self._pool):
            if i >= len(lanes):
                button.setChecked(False)
                button.hide()
                continue
            lane = lanes[i]
            name = lane.name or lane.id
            status = "" if lane.status.casefold() in ("", "ready") else f" · {lane.status}"
            star = "  ★" if lane.id == session.preferred_preview_id else ""
            key = self._keys.get(i, "")
            button.setText(f"{name}{status}{star}".replace("&", "&&"))  # no mnemonic
            button.setAccessibleName(
                QCoreApplication.translate("PreviewPane", "Play {name}").format(name=name)
            )
            tip = (
                QCoreApplication.translate("PreviewPane", "Play “{name}” ({key})")
                if key
                else QCoreApplication.translate("PreviewPane", "Play “{name}”")
            )
            button.setToolTip(tip.format(name=name, key=key))
            button.setChecked(lane.id == current)
            button.show()
            self.buttons[lane.id] = button
        self._group.setExclusive(True)

    def _new_button(self, position: int) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName("laneButton")
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search field keeps the keys
        button.clicked.connect(lambda _checked=False: self._picked_at(position))
        self._group.addButton(button)
        self._layout.addWidget(button)
        return button

    def _picked_at(self, position: int) -> None:
        if position < len(self._lane_ids):
            self._picked(self._lane_ids[position])

    def set_current(self, lane_id: str) -> None:
        button = self.buttons.get(lane_id)
        if button is not None:
            button.setChecked(True)

    def text(self) -> str:
        """What the list says, as plain text (the empty message, or the lane names)."""
        if not self.buttons:
            return self.empty_label.text()
        return "\n".join(b.text() for b in self.buttons.values())

    def _picked(self, lane_id: str) -> None:
        self.set_current(lane_id)
        self.lane_picked.emit(lane_id)
