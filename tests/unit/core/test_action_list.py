"""The Ctrl+K panel's content: sections, reasons from the write gate, and fuzzy filtering."""

from __future__ import annotations

import httpx
import pytest
from tests.support.service_fakes import FULL, READ_ONLY, FakeSessionDock, FakeSource

from sessiondock_launcher.core import messages
from sessiondock_launcher.core.action_list import (
    NO_NOTES,
    NO_PROJECT_PATH,
    ActionId,
    ActionList,
    PanelAction,
    Section,
    SessionFacts,
    actions_for,
    filter_actions,
)
from sessiondock_launcher.core.keymap import Intent
from sessiondock_launcher.core.status import LauncherStatus, Link

FACTS = SessionFacts("Night Drive", has_path=True, has_notes=True, pinned=False)
WRITES = (
    ActionId.EDIT_TAGS,
    ActionId.EDIT_NOTES,
    ActionId.EDIT_FIELDS,
    ActionId.NEW_SESSION,
    ActionId.IMPORT,
)


def source(status: LauncherStatus = FULL, *, client: bool = True) -> FakeSource:
    api = FakeSessionDock(lambda _r: httpx.Response(200))
    return FakeSource(api.client() if client else None, status)


def by_id(
    status: LauncherStatus = FULL, facts: SessionFacts = FACTS, *, client: bool = True
) -> dict[ActionId, PanelAction]:
    return {a.id: a for a in actions_for(facts, source(status, client=client))}


def test_every_action_in_its_section_in_order() -> None:
    actions = actions_for(FACTS, source())
    assert [a.section for a in actions] == sorted(
        (a.section for a in actions), key=list(Section).index
    )
    assert {a.id for a in actions} == set(ActionId)
    assert all(a.enabled for a in actions)
    shortcuts = {a.id: a.intent for a in actions if a.intent is not None}
    assert shortcuts == {
        ActionId.FOCUS: Intent.FOCUS,
        ActionId.OPEN: Intent.OPEN,
        ActionId.EDIT_TAGS: Intent.EDIT_TAGS,
        ActionId.TOGGLE_PIN: Intent.TOGGLE_PIN,
    }


def test_read_only_greys_every_write_with_the_menus_reason() -> None:
    actions = by_id(READ_ONLY)
    for action_id in (ActionId.FOCUS, ActionId.OPEN, *WRITES):
        action = actions[action_id]
        assert not action.enabled
        assert action.reason == "needs Full Automation"  # the menus' READ_ONLY_LABEL_SUFFIX
        assert "Full Automation" in action.detail
    assert actions[ActionId.FOCUS].detail == messages.FOCUS_READ_ONLY
    assert actions[ActionId.OPEN].detail == messages.OPEN_READ_ONLY
    assert actions[ActionId.IMPORT].detail == messages.IMPORT_READ_ONLY
    # Local actions need no SessionDock at all.
    for action_id in (ActionId.COPY_PATH, ActionId.REVEAL, ActionId.COPY_NOTES):
        assert actions[action_id].enabled
    assert actions[ActionId.TOGGLE_PIN].enabled


def test_a_rejected_token_is_named_as_the_reason_not_read_only() -> None:
    actions = by_id(LauncherStatus(Link.NEEDS_TOKEN))
    assert actions[ActionId.EDIT_TAGS].reason == "token needed"
    assert "Full Automation" not in actions[ActionId.EDIT_TAGS].detail
    assert "Token needed" in actions[ActionId.EDIT_TAGS].detail


def test_offline_blocks_writes_but_focus_is_still_tried_as_enter_does() -> None:
    actions = by_id(LauncherStatus(Link.OFFLINE))
    assert actions[ActionId.NEW_SESSION].reason == "needs SessionDock"
    assert messages.LINK_OFFLINE in actions[ActionId.NEW_SESSION].detail
    assert actions[ActionId.FOCUS].enabled  # the gate sends it: SessionDock may be back
    no_client = by_id(LauncherStatus(Link.MISCONFIGURED), client=False)
    assert not no_client[ActionId.FOCUS].enabled
    assert no_client[ActionId.FOCUS].detail == messages.LINK_MISCONFIGURED


def test_local_actions_say_what_is_missing() -> None:
    facts = SessionFacts("Bare", has_path=False, has_notes=False, pinned=True)
    actions = by_id(facts=facts)
    assert actions[ActionId.COPY_PATH].reason == NO_PROJECT_PATH
    assert actions[ActionId.REVEAL].reason == NO_PROJECT_PATH
    assert actions[ActionId.COPY_NOTES].reason == NO_NOTES
    assert actions[ActionId.TOGGLE_PIN].title == "Unpin"


def titles(text: str) -> list[str]:
    return [row.action.title for row in filter_actions(actions_for(FACTS, source()), text)]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("copy", "Copy project path"),
        ("copy n", "Copy notes"),
        ("rev", "Reveal in file manager"),
        ("tags", "Edit tags…"),
        ("edt tgs", "Edit tags…"),  # fuzzy: subsequences of the words
        ("port", "Import project folder…"),  # inside a word
        ("foucs", "Focus in SessionDock"),  # one typo
        ("ns", "New session…"),  # the title's initials
        ("clipboard", "Copy project path"),  # a keyword, not in the title
        ("library", "New session…"),  # the section's name
    ],
)
def test_filter_finds_the_action(text: str, first: str) -> None:
    assert titles(text)[0] == first


def test_filter_keeps_only_matches_and_ranks_title_over_keyword() -> None:
    assert titles("zzz") == []
    copy = titles("copy")
    assert copy[:2] == ["Copy project path", "Copy notes"]
    assert "Edit notes…" not in titles("copy")
    # "folder" is a title word of Import and only a keyword of Reveal and Copy project path.
    assert titles("folder")[0] == "Import project folder…"


def test_filter_highlights_the_matched_characters() -> None:
    rows = filter_actions(actions_for(FACTS, source()), "rev")
    assert rows[0].highlight == (0, 1, 2)
    fuzzy = filter_actions(actions_for(FACTS, source()), "edt")
    assert fuzzy[0].action.title.startswith("Edit")
    assert fuzzy[0].highlight == (0, 1, 3)


def test_list_moves_clamped_and_groups_only_while_unfiltered() -> None:
    panel = ActionList(actions_for(FACTS, source(READ_ONLY)))
    assert panel.highlighted is not None and panel.highlighted.id is ActionId.FOCUS
    groups = panel.sections()
    assert [g[0] for g in groups] == list(Section)
    assert sum(len(rows) for _s, rows in groups) == len(ActionId)
    panel.move(-1)
    assert panel.current == 0
    panel.move(100)
    assert panel.highlighted is not None and panel.highlighted.id is ActionId.IMPORT
    panel.set_text("copy")
    assert panel.current == 0 and panel.sections() == [(None, [0, 1])]
    assert panel.by_intent(Intent.EDIT_TAGS) is not None  # shortcuts work while filtered
    panel.set_text("nothing matches this")
    assert panel.highlighted is None and panel.current == -1
    panel.move(1)
    assert panel.current == -1
