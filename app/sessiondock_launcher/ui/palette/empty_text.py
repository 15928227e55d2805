"""What the palette says where the rows go when there are none, while it waits for them, and
its count of the rows there are."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.palette.widgets import echo_text

__all__ = ["count_text", "empty_text", "searching_text"]

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "text")


def count_text(answers: str, rows: int, total: int, *, failed: bool) -> str:
    """The status row's count for rows that answer ``answers`` (``total`` matched in all)."""
    if failed:
        return ""  # the list's place says why there are no rows
    if not answers.strip():
        return translate("PaletteWindow", "Recent sessions") if rows else ""
    if total > rows:
        return i18n.plurals().top_results(rows, total)
    return i18n.plurals().results(rows)


def searching_text(typed: str) -> str:
    return translate("PaletteWindow", "Searching for “{text}”…").format(text=echo_text(typed))


def empty_text(
    status: LauncherStatus, shown_text: str, typed: str, *, failed: bool, pending: bool
) -> str:
    """For an empty list: ``shown_text`` is what the (empty) rows answer, ``typed`` the field,
    ``failed`` whether SessionDock's search for it failed, ``pending`` whether it is asked."""
    shown = echo_text(typed)  # the search as quoted back: bounded (the field holds all of it)
    if status.link is Link.CONNECTING:
        text = i18n.tr_message(messages.LINK_CONNECTING)
    elif status.link is not Link.CONNECTED and not shown_text:
        text = translate("PaletteWindow", "{link}\nThe launcher reconnects by itself.").format(
            link=i18n.link_text(status)
        )
    elif failed:
        text = translate(
            "PaletteWindow", "SessionDock couldn't search for “{text}”. Type to try again."
        ).format(text=shown)
    elif pending:
        text = searching_text(typed)
    elif shown:
        text = translate("PaletteWindow", "No sessions match “{text}”").format(text=shown)
    elif status.syncing:
        text = translate("PaletteWindow", "Loading your library…")
    else:
        text = translate("PaletteWindow", "No sessions yet")
    return text
