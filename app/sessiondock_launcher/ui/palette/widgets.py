"""The palette's building blocks: the inline message banner, the results list, the empty state."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QWidget,
)

from sessiondock_launcher.ui.common.bridge import Level, UserMessage
from sessiondock_launcher.ui.common.theme import Theme


class MessageBanner(QFrame):
    """One inline message with an optional action button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName("Message")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.setAccessibleName("Message action")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        self.message: UserMessage | None = None
        self.action_button.clicked.connect(self._run_action)
        self.hide()

    def show_message(self, message: UserMessage, theme: Theme) -> None:
        self.message = message
        color = {Level.ERROR: theme.error, Level.WARNING: theme.warning, Level.INFO: theme.info}[
            message.level
        ]
        self.setStyleSheet(
            f"#banner {{ border: 1px solid {color.name()}; border-radius: 6px; }}"
            f"#banner QLabel {{ color: {color.name()}; }}"
        )
        self.label.setText(message.text)
        self.label.setAccessibleDescription(message.text)
        self.action_button.setVisible(message.action is not None)
        if message.action is not None:
            self.action_button.setText(message.action.label)
        self.show()

    def clear(self) -> None:
        self.message = None
        self.hide()

    def _run_action(self) -> None:
        if self.message is not None and self.message.action is not None:
            action = self.message.action
            self.clear()
            action.callback()


def results_list(
    parent: QWidget, model: QAbstractItemModel, delegate: QAbstractItemDelegate
) -> QListView:
    """The results: uniform rows (fast resets at 100k, docs/pitfalls.md §6), never focused."""
    view = QListView(parent)
    view.setObjectName("results")
    view.setAccessibleName("Results")
    view.setModel(model)
    view.setItemDelegate(delegate)
    view.setUniformItemSizes(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setFrameShape(QFrame.Shape.NoFrame)
    return view


def search_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName("search")
    field.setAccessibleName("Search sessions")
    field.setPlaceholderText("Search sessions…   #tag  kind:Ableton  status:mixing  recent")
    field.setClearButtonEnabled(True)
    return field


def empty_state(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("empty")
    label.setAccessibleName("No results")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.hide()
    return label


def status_label(parent: QWidget, accessible_name: str, text: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("status")
    label.setAccessibleName(accessible_name)
    return label
