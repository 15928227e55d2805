"""The list model behind the palette: a capped list of ranked matches for one query text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import Match
from sessiondock_launcher.core.row_matches import RowMatches, match_ids

SessionRole = Qt.ItemDataRole.UserRole + 1
MatchRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
)


class ResultsModel(QStringListModel):
    """Rows are :class:`Match` objects; ``text`` is the query they answer.

    A ``QStringListModel`` of blank strings, one per row, for one reason: its ``rowCount`` is
    C++. After each keystroke's reset the list lays out every row, and ``index()`` asks
    ``rowCount`` each time: with a Python ``rowCount`` that was ~240 calls into Python a
    keystroke (~1 ms at 50 rows). Everything a row shows comes from :meth:`data`; the rows are
    selectable and enabled, never editable (:meth:`flags`).
    """

    row_repaint = Signal(QModelIndex)
    """A row's look changed outside the model's data (its artwork arrived)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._matches: Sequence[Match] = []
        self._rows_by_id: dict[str, int] = {}
        self.text = ""
        self.total = 0
        self.source = ""

    def set_results(self, text: str, matches: Sequence[Match], total: int, source: str) -> None:
        """Rows not made yet (an index search's ``RowMatches``) are made as they are painted."""
        rows = matches if isinstance(matches, RowMatches) else list(matches)
        self._matches = rows
        self._rows_by_id = {session_id: row for row, session_id in enumerate(match_ids(rows))}
        self.text = text
        self.total = total
        self.source = source
        self.setStringList([""] * len(rows))  # the reset (rowCount: the list's length)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def itemData(self, index: _Index) -> dict[int, Any]:
        """Every role from :meth:`data` (the string list's own holds only the blanks)."""
        return QAbstractItemModel.itemData(self, index)

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
        """Repaint one row (its thumbnail arrived): ``row_repaint``, not ``dataChanged``.

        A ``dataChanged`` of one index repaints the whole list in Qt 6 (measured: the viewport's
        paint event covers every visible row), so each of the ~8 artworks arriving after a
        keystroke or a scroll step repainted ~8 rows (~1 ms each) on the loop. The thumbnail is
        not model data (the delegate asks the cache), so the view only needs that row painted.
        """
        row = self._rows_by_id.get(session_id)
        if row is not None:
            self.row_repaint.emit(self.index(row))


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
