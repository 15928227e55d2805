"""Form rows in the app's look: a muted label centred on its field (Settings and the editors)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLayout, QWidget

LABEL_WIDTH = 96


def new_form(*, label_width: int = LABEL_WIDTH, spacing: tuple[int, int] = (12, 8)) -> QFormLayout:
    """A form whose labels sit right-aligned in a column of ``label_width``."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setHorizontalSpacing(spacing[0])
    form.setVerticalSpacing(spacing[1])
    form.setProperty("labelWidth", label_width)
    return form


def add_row(form: QFormLayout, text: str, field: QWidget | QLayout, parent: QWidget) -> QLabel:
    """Add ``field`` under the label ``text``; the label is as tall as the field's first line,
    so its text lines up with the field's (QFormLayout puts it at the row's top)."""
    label = QLabel(text, parent)
    label.setObjectName("formLabel")
    width = form.property("labelWidth")
    label.setMinimumWidth(LABEL_WIDTH if width is None else int(width))
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    first = field if isinstance(field, QWidget) else _first_widget(field)
    if first is not None and not (isinstance(first, QLabel) and first.wordWrap()):
        label.setMinimumHeight(first.sizeHint().height())
    if isinstance(field, QWidget):
        form.addRow(label, field)
    else:
        form.addRow(label, field)
    return label


def _first_widget(layout: QLayout) -> QWidget | None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = item.widget() if item is not None else None
        if widget is not None:
            return widget
    return None
