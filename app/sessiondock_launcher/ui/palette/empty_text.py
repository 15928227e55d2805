"""What the palette says where the rows go when there are none, and while it waits for them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.palette.widgets import echo_text

__all__ = ["empty_text", "searching_text"]

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "text")


def searching_text(typed: str) -> str:
    return translate("PaletteWindow", "Searching for “{text}”…").format(text=echo_text(typed))


def empty_text(
    status: LauncherStatus, shown_text: str, typed: str, *, failed: bool, pending: bool
) -> str:
    """For an empty list: ``shown_text`` is what the (empty) rows answer, ``typed`` the field,
    ``failed`` whether SessionDock's search for it failed, ``pending`` whether it is asked."""
    shown = echo_text(typed)  # the search as quoted back: bounded (the field holds all of it)
    cases: tuple[tuple[bool, Callable[[], str]], ...] = (
        (status.link is Link.CONNECTING, lambda: i18n.tr_message(messages.LINK_CONNECTING)),
        (
            status.link is not Link.CONNECTED and not shown_text,
            lambda: translate("PaletteWindow", "{link}\nThe launcher reconnects by itself.").format(
                link=i18n.link_text(status)
            ),
        ),
        (
            failed,
            lambda: translate(
                "PaletteWindow", "SessionDock couldn't search for “{text}”. Type to try again."
            ).format(text=shown),
        ),
        (pending, lambda: searching_text(typed)),
        (
            bool(shown),
            lambda: translate("PaletteWindow", "No sessions match “{text}”").format(text=shown),
        ),
        (status.syncing, lambda: translate("PaletteWindow", "Loading your library…")),
    )
    return next((say() for hit, say in cases if hit), translate("PaletteWindow", "No sessions yet"))
