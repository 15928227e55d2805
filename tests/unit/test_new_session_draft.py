"""What a new session made from a palette search starts with (``ui/editors/draft.py``, Qt-free).

The draft must name only what the search matches (tags, a kind or status as the search compares
them, folded) and what the form accepts; everything else is listed as left out.
"""

from __future__ import annotations

import pytest

from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.text import fold
from sessiondock_launcher.ui.editors.draft import (
    MAX_TAG_CHARS,
    MAX_TAGS,
    NewSessionDraft,
    TagProblem,
    draft_for_search,
    respell_tags,
    tag_problem,
)

KINDS = ["Ableton", "Logic Pro"]
STATUSES = ["draft", "in-progress", "Mixing"]


def test_text_tags_kind_and_status_in_the_librarys_spelling() -> None:
    draft = draft_for_search(
        '#mix tag:"client work" kind:"logic pro" status:mixing zebra quokka',
        kinds=KINDS,
        statuses=STATUSES,
    )
    assert draft == NewSessionDraft(
        title="zebra quokka", tags=("mix", "client work"), kind="Logic Pro", status="Mixing"
    )
    assert draft.filters_text == '#mix #"client work" kind:"Logic Pro" status:Mixing'


def test_a_well_known_kind_is_taken_before_the_library_has_one() -> None:
    assert draft_for_search("daw:reaper x").kind == "Reaper"


@pytest.mark.parametrize("search", ["kind:Abl x", "kind:Ableton2 x", "kind:!!! x"])
def test_a_half_typed_or_unknown_kind_is_left_out(search: str) -> None:
    draft = draft_for_search(search, kinds=KINDS)
    assert draft.kind is None and draft.left_out == (f"kind:{parse_query(search).kind}",)


def test_kind_colon_with_nothing_yet_is_no_filter_and_not_left_out() -> None:
    assert draft_for_search("kind: x", kinds=KINDS) == NewSessionDraft(title="x")


def test_a_status_only_half_typed_is_left_out() -> None:
    draft = draft_for_search("status:mix x", statuses=STATUSES)
    assert draft.status is None and draft.left_out == ("status:mix",)


def test_every_prefilled_filter_matches_what_the_search_asks_for() -> None:
    """The search compares kind and status folded and tags lowercased or folded."""
    search = "#Mix #mix #a,b kind:ABLETON status:in-progress x"
    query = parse_query(search)
    draft = draft_for_search(search, kinds=KINDS, statuses=STATUSES)
    assert draft.kind is not None and fold(draft.kind) == fold(query.kind or "")
    assert draft.status is not None and fold(draft.status) == fold(query.status or "")
    assert [fold(t) for t in draft.tags] == [fold(t) for t in query.tags]


def test_recent_and_exclusion_like_tokens_prefill_nothing_but_the_title() -> None:
    # The grammar has no exclusion filter: "-#mix" is free text, so it is in the title.
    draft = draft_for_search("recent -#mix zebra")
    assert draft == NewSessionDraft(title="-#mix zebra")


def test_tags_are_bounded_deduplicated_and_free_of_control_characters() -> None:
    many = " ".join(f"#t{n}" for n in range(500))
    draft = draft_for_search(many)
    assert len(draft.tags) == MAX_TAGS and draft.left_out[0] == f"#t{MAX_TAGS}"
    long_tag = draft_for_search(f"#ok #{'x' * 10_000}")
    assert long_tag.tags == ("ok",) and long_tag.left_out[0].startswith("#xxx")
    odd = draft_for_search("#a\x00b #c\x1bd #e\ud800f #ok #OK #Ok")
    assert odd.tags == ("ok",)
    assert odd.left_out == ("#a\ufffdb", "#c\ufffdd", "#e\ufffdf")
    assert all(tag_problem([t]) is None for t in draft.tags + long_tag.tags + odd.tags)


def test_tag_problem_states_the_forms_rules() -> None:
    assert tag_problem(["a"] * MAX_TAGS) is None
    assert tag_problem(["a"] * (MAX_TAGS + 1)) is TagProblem.TOO_MANY
    assert tag_problem(["x" * MAX_TAG_CHARS]) is None
    assert tag_problem(["x" * (MAX_TAG_CHARS + 1)]) is TagProblem.TOO_LONG
    assert tag_problem(["a\tb"]) is TagProblem.CONTROL
    assert tag_problem(["🎤 vocals", "zwj 👩‍🎤"]) is None  # emoji (and their joiner) are fine


def test_tags_take_the_librarys_spelling_most_used_first() -> None:
    known = ["Mix", "mix", "Client Work", "drums"]
    assert respell_tags(("mix", "client work", "new"), known) == ("Mix", "Client Work", "new")
