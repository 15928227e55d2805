"""The first time a prefix is typed costs no more than needed, and shows exactly the same.

A keystroke's rows are highlighted; a row matched strictly outside its title (a tag, the notes)
asks which of its title's words are typos of the token. That used to find every typo of the token
in the whole vocabulary first (a rapidfuzz pass, 1-7 ms at 10k sessions, on every new prefix);
now only the title's words are tested. The oracle is the vocabulary-wide answer.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.core.test_search_oracle import NOW, WORDS, libraries, texts

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core import matching
from sessiondock_launcher.core.highlight import TypoWords, title_positions
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.matching import MatchCache
from sessiondock_launcher.core.query import parse_query

TYPOS = ["drun", "durm", "dreams", "midnigth", "mixdwn", "abelton", "bjork", "kcik", "lopo"]
tokens = st.sampled_from([*WORDS, *TYPOS]) | st.text("abdeiklmnorstuxz", min_size=1, max_size=9)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=libraries, token=tokens, extra=st.lists(st.sampled_from(TYPOS), max_size=3))
def test_typo_lookup_equals_the_vocabulary_pass(
    library: list[Session], token: str, extra: list[str]
) -> None:
    snap = SessionIndex(library)._base.snap
    known = MatchCache().token_words(snap, 0, token)
    lookup = TypoWords(token, snap.vocabulary)
    for word in [*snap.vocabulary, *WORDS, *TYPOS, *extra, "", token]:
        assert (word in lookup.typo) == (word in known.typo), (token, word)


def _reference_positions(index: SessionIndex, text: str, limit: int) -> list[tuple[int, ...]]:
    """Each row's highlight computed with the token's vocabulary-wide fuzzy words."""
    base = index._base
    tokens = parse_query(text).tokens
    result = index.search(parse_query(text), limit)

    def words(token: str) -> Any:
        return base.matcher.token_words(base.snap, 0, token)

    return [title_positions(m.session.display_title, tokens, words) for m in result.matches]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=libraries, text=texts | st.sampled_from(TYPOS), limit=st.integers(1, 8))
def test_first_keystroke_highlights_equal_the_vocabulary_pass(
    library: list[Session], text: str, limit: int
) -> None:
    cold = SessionIndex(library, clock=NOW.timestamp)  # nothing typed yet: no cached words
    shown = [m.title_positions for m in cold.search(parse_query(text), limit).matches]
    assert shown == _reference_positions(SessionIndex(library, clock=NOW.timestamp), text, limit)


def test_highlighting_strict_rows_runs_no_pass_over_the_vocabulary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Strict matches fill the page (so fuzzy ones are not looked up), the token is in their
    tags, not their titles: their highlight used to run rapidfuzz over the vocabulary."""
    library = [
        Session(id=f"s{i}", title=f"Groove {i} drum take", tags=("mixing",), notes="drun fill")
        for i in range(60)
    ]
    library += [Session(id=f"w{i}", title=f"Word{i} filler") for i in range(200)]
    index = SessionIndex(library)
    passes: list[str] = []
    extract = matching.process.extract

    def counting(query: str, *args: Any, **kwargs: Any) -> Any:
        passes.append(query)
        return extract(query, *args, **kwargs)

    monkeypatch.setattr(matching.process, "extract", counting)
    found = index.search(parse_query("mixin"), 50).matches
    assert len(found) == 50
    assert all(m.title_positions == () for m in found)  # "mixin" is no typo of a title word
    typo = index.search(parse_query("drun"), 50).matches  # in the notes; a typo of "drum"
    assert len(typo) == 50
    assert all(m.session.display_title[slice(*m.title_positions[::3])] == "dru" for m in typo)
    assert passes == []
