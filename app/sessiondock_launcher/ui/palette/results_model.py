"""The list model behind the palette: a capped list of ranked matches for one query text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import Match

SessionRole = Qt.ItemDataRole.UserRole + 1
MatchRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """Rows are :class:`Match` objects; ``text`` is the query they answer."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._matches: list[Match] = []
        self._rows_by_id: dict[str, int] = {}
        self.text = ""
        self.total = 0
        self.source = ""

    def set_results(self, text: str, matches: tuple[Match, ...], total: int, source: str) -> None:
        self.beginResetModel()
        self._matches = list(matches)
        self._rows_by_id = {m.session.id: row for row, m in enumerate(self._matches)}
        self.text = text
        self.total = total
        self.source = source
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matches)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._matches):
            return None
        match = self._matches[index.row()]
        session = match.session
        roles: dict[int, Callable[[], Any]] = {
            Qt.ItemDataRole.DisplayRole: lambda: session.display_title,
            Qt.ItemDataRole.AccessibleTextRole: lambda: accessible_text(session),
            Qt.ItemDataRole.ToolTipRole: lambda: session.project_path or None,
            SessionRole: lambda: session,
            MatchRole: lambda: match,
        }
        value = roles.get(role)
        return value() if value is not None else None

    def session_at(self, row: int) -> Session | None:
        return self._matches[row].session if 0 <= row < len(self._matches) else None

    def row_of(self, session_id: str) -> int:
        return self._rows_by_id.get(session_id, -1)

    def session_changed(self, session_id: str) -> None:
        """Repaint one row (its thumbnail arrived)."""
        row = self._rows_by_id.get(session_id)
        if row is not None:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


def accessible_text(session: Session) -> str:
    parts = [session.display_title]
    if session.kind:
        parts.append(session.kind)
    if session.status:
        parts.append(session.status)
    if session.tags:
        parts.append(
            QCoreApplication.translate("Palette", "tags {tags}").format(
                tags=", ".join(session.tags)
            )
        )
    return ", ".join(parts)
