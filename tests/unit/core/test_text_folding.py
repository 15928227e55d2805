"""Text folding: accents, case, punctuation, and positions back into the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sessiondock_launcher.core.text import (
    _fold_with_positions_by_char,
    fold,
    fold_with_positions,
    is_subsequence,
)


def test_fold_accents_case_and_punctuation() -> None:
    assert fold("Björk — Jóga (Mix-Down) ") == "bjork joga mix down"
    assert fold("Straße ﬁnal") == "strasse final"
    assert fold("!!!") == ""


def test_fold_with_positions_maps_back() -> None:
    folded, positions = fold_with_positions("  Björk_Mix")
    assert folded == "bjork mix"
    assert [("  Björk_Mix")[p] for p in positions] == list("Björk_Mix")


@given(st.text(max_size=40))
def test_fold_with_positions_agrees_with_fold(text: str) -> None:
    folded, positions = fold_with_positions(text)
    assert folded == fold(text)
    assert len(positions) == len(folded)
    assert list(positions) == sorted(positions)
    assert all(0 <= p < len(text) for p in positions)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_fast_path_equals_the_general_one(text: str) -> None:
    assert fold_with_positions(text) == _fold_with_positions_by_char(text)


def test_is_subsequence() -> None:
    assert is_subsequence("mdnt", "midnight")
    assert not is_subsequence("mdz", "midnight")
    assert is_subsequence("", "x")


ascii_words = st.text(alphabet="abcXYZ019", min_size=1, max_size=6)
ascii_separated = st.tuples(
    st.lists(ascii_words, min_size=1, max_size=5),
    st.lists(st.sampled_from(list(" -_.(),'&")), min_size=4, max_size=4),
).map(lambda p: "".join(w + p[1][i % 4] for i, w in enumerate(p[0]))[:-1])


@given(ascii_separated | ascii_separated.map(lambda t: t + ")") | st.just(""))
def test_titles_that_fold_in_place_map_each_char_to_itself(text: str) -> None:
    """Words with one separator between them fold to the same length (the common title): the
    fast path maps each folded character to its own index, as the general path does."""
    assert fold_with_positions(text) == _fold_with_positions_by_char(text)
