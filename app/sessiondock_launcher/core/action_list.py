"""The Ctrl+K action panel's content, without Qt: which actions a session offers, in which
section, whether each may run now (and why not), and which of them a typed filter keeps.

The write gate (``core/write_gate.py``) is the one judge of "may this go to SessionDock now?":
an action the gate refuses stays listed, greyed, with the short reason the menus use
(``LauncherStatus.write_label_suffix``) and the gate's full sentence for when it is chosen anyway.
The typed filter itself is ``core/action_filter.py`` (the palette's own matching rules).

``ui/palette/action_panel.py`` only shows an :class:`ActionList` and reports keys and clicks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.action_filter import rank_titles
from sessiondock_launcher.core.client_source import ClientSource
from sessiondock_launcher.core.keymap import Intent
from sessiondock_launcher.core.write_gate import WriteGate
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

__all__ = [
    "ActionId",
    "ActionList",
    "ActionRow",
    "PanelAction",
    "Section",
    "SessionFacts",
    "actions_for",
    "filter_actions",
]

logger = logging.getLogger(__name__)


class ActionId(Enum):
    FOCUS = "focus"
    OPEN = "open"
    COPY_PATH = "copy-path"
    REVEAL = "reveal"
    COPY_NOTES = "copy-notes"
    EDIT_TAGS = "edit-tags"
    EDIT_NOTES = "edit-notes"
    EDIT_FIELDS = "edit-fields"
    TOGGLE_PIN = "toggle-pin"
    NEW_SESSION = "new-session"
    IMPORT = "import"


class Section(Enum):
    """The panel's groups, in the order shown. ``SESSION`` is headed by the session's title."""

    SESSION = QT_TRANSLATE_NOOP("Messages", "Session")
    EDIT = QT_TRANSLATE_NOOP("Messages", "Edit")
    PINS = QT_TRANSLATE_NOOP("Messages", "Pins")
    LIBRARY = QT_TRANSLATE_NOOP("Messages", "Library")


@dataclass(frozen=True, slots=True)
class PanelAction:
    """One row of the panel.

    ``icon`` names the picture the widget draws; ``intent`` is the keymap entry whose shortcut is
    shown beside it (and runs it while the panel is open). ``reason`` is empty when the action
    may run; otherwise it is the short greyed reason ("needs Full Automation") and ``detail``
    the full sentence the write gate gives when the action is chosen anyway.
    """

    id: ActionId
    title: str
    section: Section
    icon: str
    intent: Intent | None = None
    keywords: str = ""
    reason: str = ""
    detail: str = ""

    @property
    def enabled(self) -> bool:
        return not self.reason


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What the actions depend on about the session the panel is for."""

    title: str
    has_path: bool
    has_notes: bool
    pinned: bool


NO_PROJECT_PATH = QT_TRANSLATE_NOOP("Messages", "no project path")
NO_NOTES = QT_TRANSLATE_NOOP("Messages", "no notes")


def _short(suffix: str) -> str:
    """A menu label suffix (" (needs Full Automation)") as the panel's reason text."""
    return suffix.strip().removeprefix("(").removesuffix(")")


def _same(text: str) -> str:
    return text


def actions_for(
    facts: SessionFacts, source: ClientSource, tr: Callable[[str], str] = _same
) -> tuple[PanelAction, ...]:
    """Every action of the panel for one session, in section order, enabled or with a reason.

    ``tr`` puts titles and reasons in the user's language (the UI passes ``i18n.tr_message``),
    so the filter matches what is on screen.
    """
    gate = WriteGate(source)
    short = _short(source.status.write_label_suffix) or _short(messages.OFFLINE_LABEL_SUFFIX)

    def automation(what: str) -> tuple[str, str]:
        # Focus and open go out whenever the gate lets Enter send them (also while the link is
        # down: a SessionDock that just started answers), so the panel never disagrees with Enter.
        detail = gate.automation_block(messages.needs_full_automation(what))
        return (short if detail else "", detail)

    def write(what: str) -> tuple[str, str]:
        detail = gate.write_block(what)
        return (short if detail else "", detail)

    def local(available: bool, why: str) -> tuple[str, str]:
        return ("", "") if available else (why, "")

    a = PanelAction
    s = Section
    rows: list[tuple[PanelAction, tuple[str, str]]] = [
        (
            a(
                ActionId.FOCUS,
                QT_TRANSLATE_NOOP("Messages", "Focus in SessionDock"),
                s.SESSION,
                "focus",
                Intent.FOCUS,
                "show switch go",
            ),
            automation(QT_TRANSLATE_NOOP("Messages", "Focus")),
        ),
        (
            a(
                ActionId.OPEN,
                QT_TRANSLATE_NOOP("Messages", "Open in DAW"),
                s.SESSION,
                "open",
                Intent.OPEN,
                "launch project ableton logic",
            ),
            automation(QT_TRANSLATE_NOOP("Messages", "Opening")),
        ),
        (
            a(
                ActionId.COPY_PATH,
                QT_TRANSLATE_NOOP("Messages", "Copy project path"),
                s.SESSION,
                "copy",
                None,
                "clipboard file folder",
            ),
            local(facts.has_path, NO_PROJECT_PATH),
        ),
        (
            a(
                ActionId.REVEAL,
                QT_TRANSLATE_NOOP("Messages", "Reveal in file manager"),
                s.SESSION,
                "folder",
                None,
                "show finder explorer folder files",
            ),
            local(facts.has_path, NO_PROJECT_PATH),
        ),
        (
            a(
                ActionId.COPY_NOTES,
                QT_TRANSLATE_NOOP("Messages", "Copy notes"),
                s.SESSION,
                "notes",
                None,
                "clipboard text",
            ),
            local(facts.has_notes, NO_NOTES),
        ),
        (
            a(
                ActionId.EDIT_TAGS,
                QT_TRANSLATE_NOOP("Messages", "Edit tags…"),
                s.EDIT,
                "tag",
                Intent.EDIT_TAGS,
                "labels",
            ),
            write(QT_TRANSLATE_NOOP("Messages", "Editing tags")),
        ),
        (
            a(
                ActionId.EDIT_NOTES,
                QT_TRANSLATE_NOOP("Messages", "Edit notes…"),
                s.EDIT,
                "notes",
                None,
                "text write",
            ),
            write(QT_TRANSLATE_NOOP("Messages", "Editing notes")),
        ),
        (
            a(
                ActionId.EDIT_FIELDS,
                QT_TRANSLATE_NOOP("Messages", "Edit title and status…"),
                s.EDIT,
                "pencil",
                None,
                "rename name state",
            ),
            write(QT_TRANSLATE_NOOP("Messages", "Editing the title and status")),
        ),
        (
            a(
                ActionId.TOGGLE_PIN,
                QT_TRANSLATE_NOOP("Messages", "Unpin")
                if facts.pinned
                else QT_TRANSLATE_NOOP("Messages", "Pin to top"),
                s.PINS,
                "pin",
                Intent.TOGGLE_PIN,
                "favourite favorite star top",
            ),
            ("", ""),
        ),
        (
            a(
                ActionId.NEW_SESSION,
                QT_TRANSLATE_NOOP("Messages", "New session…"),
                s.LIBRARY,
                "plus",
                None,
                "create add",
            ),
            write(QT_TRANSLATE_NOOP("Messages", "Creating sessions")),
        ),
        (
            a(
                ActionId.IMPORT,
                QT_TRANSLATE_NOOP("Messages", "Import project folder…"),
                s.LIBRARY,
                "import",
                None,
                "add folder project",
            ),
            write(QT_TRANSLATE_NOOP("Messages", "Importing")),
        ),
    ]
    return tuple(
        PanelAction(
            action.id,
            tr(action.title),
            action.section,
            action.icon,
            action.intent,
            action.keywords,
            tr(reason),
            tr(detail),
        )
        for action, (reason, detail) in rows
    )


# -- filtering ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ActionRow:
    """An action the filter kept, and the characters of its title to highlight."""

    action: PanelAction
    highlight: tuple[int, ...] = ()


def filter_actions(actions: Sequence[PanelAction], text: str) -> tuple[ActionRow, ...]:
    """The actions matching every token of ``text``, best first (all, in order, if empty)."""
    entries = [(a.title, f"{a.keywords} {a.section.value}") for a in actions]
    return tuple(ActionRow(actions[order], marks) for order, marks in rank_titles(entries, text))


# -- the panel's state -------------------------------------------------------------------------
class ActionList:
    """The panel's filter text, the rows it keeps, and the highlighted one.

    Rows are navigated like the results list (clamped, no wrap); disabled rows can be highlighted
    so their reason can be read, but :meth:`chosen` refuses to run them.
    """

    def __init__(self, actions: Sequence[PanelAction]) -> None:
        self.actions = tuple(actions)
        self.text = ""
        self.rows: tuple[ActionRow, ...] = filter_actions(self.actions, "")
        self.current = 0 if self.rows else -1

    def set_text(self, text: str) -> None:
        """Filter by ``text``; the best match is highlighted."""
        self.text = text
        self.rows = filter_actions(self.actions, text)
        self.current = 0 if self.rows else -1

    def move(self, delta: int) -> None:
        if self.rows:
            self.current = min(max(self.current + delta, 0), len(self.rows) - 1)

    def move_to(self, row: int) -> None:
        if self.rows:
            self.current = min(max(row, 0), len(self.rows) - 1)

    @property
    def highlighted(self) -> PanelAction | None:
        return self.rows[self.current].action if 0 <= self.current < len(self.rows) else None

    def by_intent(self, intent: Intent) -> PanelAction | None:
        """The action a shortcut names (pressed while the panel is open), filtered or not."""
        return next((a for a in self.actions if a.intent is intent), None)

    def sections(self) -> list[tuple[Section | None, list[int]]]:
        """Row indices grouped for display: by section while unfiltered, one flat group after."""
        if self.text.strip():
            return [(None, list(range(len(self.rows))))]
        groups: list[tuple[Section | None, list[int]]] = []
        for i, row in enumerate(self.rows):
            if not groups or groups[-1][0] is not row.action.section:
                groups.append((row.action.section, []))
            groups[-1][1].append(i)
        return groups
