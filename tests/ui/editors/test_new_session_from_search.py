"""A new session made from a search that found nothing lands in that search (issue 13 follow-up).

The empty state's "+ New session" takes the search's filters as well as its text: ``#tag`` become
tags, a known ``kind:``/``status:`` the kind and status. The button says what it will create; Esc on
the untouched prefilled form closes it without asking; after Create, the search still in the
field shows the new session. Hostile searches are bounded like the form's own tag field and never
make a request SessionDock refuses. Asserted on the screen and on the simulator's request log.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.editors.session_form import NewSessionForm

MAX_TAGS = 20  # the form's tag rules, as its messages state them
MAX_TAG_CHARS = 80


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token="search-form-token"), generate_library(60, seed=9))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def posts(sim: SimulatorThread) -> list[dict[str, Any]]:
    return [
        r
        for r in sim.state.request_log()
        if r["method"] == "POST" and r["path"].endswith("/sessions")
    ]


def search_for_nothing(qtbot: Any, launcher: Launcher, text: str) -> None:
    """Show the palette and put ``text`` in the search field; wait for the empty state."""
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    palette.search.setText(text)
    qtbot.waitUntil(lambda: palette.model.text == text, timeout=5000)
    qtbot.waitUntil(palette.empty_label.new_button.isVisible, timeout=5000)


def settle_layout() -> None:
    """Run the pending layout requests now (they decide the palette's minimum width)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.processEvents()


def open_from_empty_state(qtbot: Any, launcher: Launcher) -> NewSessionForm:
    launcher.palette.empty_label.new_button.click()
    qtbot.waitUntil(lambda: isinstance(launcher.preview.editor, NewSessionForm), timeout=5000)
    form = launcher.preview.editor
    assert isinstance(form, NewSessionForm)
    return form


def create(qtbot: Any, launcher: Launcher, form: NewSessionForm) -> None:
    form.save_button.click()
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)


def test_new_session_from_a_filtered_search_shows_up_in_that_search(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """`#mix kind:ableton status:MIXING zebra quokka` finds nothing; the offer names the filters,
    the form opens with them (Esc closes it at once: nothing typed), and after Create the
    same search, still in the field, shows the new session with the mix tag."""
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    palette = launcher.palette
    search = "#mix kind:ableton status:MIXING zebra quokka"
    search_for_nothing(qtbot, launcher, search)
    assert palette.empty_label.new_button.text() == (
        "+  New session “zebra quokka” #mix kind:Ableton status:mixing"
    )

    form = open_from_empty_state(qtbot, launcher)
    assert form.title.text() == "zebra quokka"
    assert form.tags.tags() == ["mix"] and form.tags.chips.tags == ("mix",)
    assert form.kind.currentText() == "Ableton"  # the library's spelling
    assert form.status.currentText() == "mixing"
    assert form.left_out.isHidden()
    form.title.setFocus()
    QTest.keyClick(form.title, Qt.Key.Key_Escape)  # untouched: closes without asking
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    assert posts(sim) == []

    form = open_from_empty_state(qtbot, launcher)
    create(qtbot, launcher, form)
    (post,) = posts(sim)
    assert post["status"] == 201
    assert post["body"]["title"] == "zebra quokka"
    assert post["body"]["tags"] == ["mix"]
    assert post["body"]["kind"] == "Ableton" and post["body"]["status"] == "mixing"
    (created,) = [s for s in sim.state.sessions.values() if s["title"] == "zebra quokka"]
    assert palette.search.text() == search
    qtbot.waitUntil(lambda: palette.model.row_of(created["id"]) >= 0, timeout=5000)
    assert palette.list.isVisible() and palette.empty_label.isHidden()
    row = palette.model.session_at(palette.model.row_of(created["id"]))
    assert row is not None and row.title == "zebra quokka"


def test_a_prefilled_tag_takes_the_librarys_spelling(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """The search lowercases `#"Zebra Crossing"`; the library has "Zebra Crossing": the new
    session gets that tag, not a second "zebra crossing" (GET /tags would list both)."""
    with sim.state.lock:
        next(iter(sim.state.sessions.values()))["tags"] = ["Zebra Crossing"]
        sim.state.cache.clear()
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    search_for_nothing(qtbot, launcher, '#"Zebra Crossing" quokka anthem')
    form = open_from_empty_state(qtbot, launcher)
    qtbot.waitUntil(lambda: form.tags.tags() == ["Zebra Crossing"], timeout=5000)
    assert not form.has_changes()
    create(qtbot, launcher, form)
    (post,) = posts(sim)
    assert post["status"] == 201 and post["body"]["tags"] == ["Zebra Crossing"]


def test_an_unknown_or_half_typed_kind_is_not_prefilled_and_the_form_says_so(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    search_for_nothing(qtbot, launcher, "kind:Ablet #drums zebra")
    assert launcher.palette.empty_label.new_button.text() == "+  New session “zebra” #drums"
    form = open_from_empty_state(qtbot, launcher)
    assert form.kind.currentText() != "Ablet"
    assert form.tags.tags() == ["drums"]
    assert form.left_out.isVisible()
    assert form.left_out.text() == "Not taken from the search: kind:Ablet"
    assert not form.has_changes()


def test_editing_a_prefilled_form_then_esc_asks_first(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """The baseline is the prefilled state: removing a prefilled tag is a change."""
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    search_for_nothing(qtbot, launcher, "#mix zebra quokka")
    form = open_from_empty_state(qtbot, launcher)
    form.tags.field.setFocus()
    QTest.keyClick(form.tags.field, Qt.Key.Key_Backspace)  # removes the last chip
    assert form.tags.tags() == []
    QTest.keyClick(form.tags.field, Qt.Key.Key_Escape)
    assert launcher.preview.editor is form and form.discard_row.isVisible()


MANY = " ".join(f"#t{n}" for n in range(500))
HOSTILE = {
    "500 tags": f"zebra {MANY}",
    "10k-char tag": f"zebra #mix #{'x' * 10_000} #after",
    "control characters": "zebra #bad\x01tag #del\x7f #ok",
    "duplicates in any case": 'zebra #Mix #MIX #mix tag:mix #"Client  Work" tag:"client work"',
}


@pytest.mark.parametrize("search", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_searches_are_bounded_and_never_refused(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, search: str
) -> None:
    """Hundreds of tags, an endless tag, control characters, duplicates in any case: the form
    gets at most MAX_TAGS clean tags under MAX_TAG_CHARS, once each, the button stays short,
    and SessionDock accepts the create."""
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    search_for_nothing(qtbot, launcher, "zebra quokka")
    width = launcher.palette.width()
    search_for_nothing(qtbot, launcher, search)
    button = launcher.palette.empty_label.new_button
    assert button.text().startswith("+  New session “zebra” #")
    settle_layout()  # a wider button would widen the palette
    assert launcher.palette.width() == width  # elided: the palette keeps its width
    form = open_from_empty_state(qtbot, launcher)
    tags = form.tags.tags()
    assert 1 <= len(tags) <= MAX_TAGS and all(len(t) <= MAX_TAG_CHARS for t in tags)
    assert all(t.isprintable() for t in tags)
    assert len({t.casefold() for t in tags}) == len(tags)
    assert len(form.left_out.text()) < 200
    assert form.validate() == ""
    create(qtbot, launcher, form)
    (post,) = posts(sim)
    assert post["status"] == 201 and post["body"]["tags"] == tags


def test_what_a_hostile_search_leaves_out_is_named(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    search_for_nothing(qtbot, launcher, HOSTILE["control characters"])
    form = open_from_empty_state(qtbot, launcher)
    assert form.tags.tags() == ["ok"]
    assert form.left_out.isVisible()
    assert form.left_out.text() == "Not taken from the search: #bad\ufffdtag #del\ufffd"
    search_for_nothing(qtbot, launcher, HOSTILE["duplicates in any case"])
    form.cancel_button.click()
    qtbot.waitUntil(lambda: launcher.preview.editor is None, timeout=5000)
    form = open_from_empty_state(qtbot, launcher)
    assert form.tags.tags() == ["mix", "client work"] and form.left_out.isHidden()


def test_the_forms_own_tag_field_has_the_same_bounds(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    launcher.palette.show_palette()
    launcher.preview.new_session(pick_path=lambda _parent: "")
    form = launcher.preview.editor
    assert isinstance(form, NewSessionForm)
    form.title.setText("Launch cue")
    form.tags.add_tag("y" * (MAX_TAG_CHARS + 1))
    form.save_button.click()
    assert form.error.text() == f"Keep each tag under {MAX_TAG_CHARS} characters."
    form.tags.set_tags([f"t{n}" for n in range(MAX_TAGS + 1)])
    form.save_button.click()
    assert form.error.text() == f"A session can have at most {MAX_TAGS} tags."
    form.tags.set_tags(["fine"])
    assert form.error.isHidden()  # the problem goes once the tags are fixed
    assert posts(sim) == []


def test_a_search_with_an_endless_word_does_not_widen_the_palette(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """The empty state quotes the search back ("No sessions match “…”"): a 10k-character word
    cannot wrap, and it made the palette 83,245 px wide. It is shortened; the field keeps it."""
    launcher = make_launcher(sim)
    search_for_nothing(qtbot, launcher, "zebra quokka")
    width = launcher.palette.width()
    endless = f"zebra {'x' * 10_000}"
    search_for_nothing(qtbot, launcher, endless)
    settle_layout()
    assert launcher.palette.width() == width
    assert launcher.palette.search.text() == endless
    shown = launcher.palette.empty_label.text()
    assert shown.startswith("No sessions match “zebra xxx") and len(shown) < 200


def test_a_title_longer_than_the_form_allows_is_refused_before_any_request(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    """The search reads 256 characters; the form takes titles under 200: the prefilled title is
    not cut behind the user's back (it would no longer match the search), Create says why."""
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    words = " ".join(["quokka"] * 34)  # 237 characters
    search_for_nothing(qtbot, launcher, f"#mix {words}")
    form = open_from_empty_state(qtbot, launcher)
    assert form.title.text() == words
    form.save_button.click()
    assert form.error.isVisible()
    assert form.error.text() == "Keep the title under 200 characters."
    assert posts(sim) == []
