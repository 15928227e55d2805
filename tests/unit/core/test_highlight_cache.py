"""Row highlights keep each title's folded form between keystrokes, and still mark exactly what
the uncached function marked (over hypothesis-generated titles and tokens)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessiondock_launcher.core import highlight
from sessiondock_launcher.core.highlight import TITLE_FORMS_CACHED, title_positions
from sessiondock_launcher.core.matching import TokenWords
from sessiondock_launcher.core.text import fold, fold_with_positions, is_subsequence


def reference_title_positions(
    display_title: str, tokens: Sequence[str], token_words: Callable[[str], TokenWords]
) -> tuple[int, ...]:
    """The function before the cache (commit 0909856), verbatim but for names."""
    folded, mapping = fold_with_positions(display_title)
    spaced = " " + folded
    words: list[tuple[int, str]] = []
    offset = 0
    for word in folded.split(" "):
        words.append((offset, word))
        offset += len(word) + 1
    hits: set[int] = set()
    for token in tokens:
        at = spaced.find(" " + token)
        if at < 0:
            at = folded.find(token)
        if at >= 0:
            hits.update(range(at, at + len(token)))
            continue
        hits.update(_reference_fuzzy(token, words, token_words(token)))
    return tuple(sorted({mapping[i] for i in hits if folded[i] != " "}))


def _reference_fuzzy(token: str, words: list[tuple[int, str]], known: TokenWords) -> list[int]:
    for offset, word in words:
        if word in known.typo:
            return list(range(offset, offset + len(word)))
        if is_subsequence(token, word):
            found: list[int] = []
            start = 0
            for char in token:
                start = word.index(char, start) + 1
                found.append(offset + start - 1)
            return found
    initials = "".join(word[:1] for _, word in words)
    if len(words) > 1 and is_subsequence(token, initials):
        found, start = [], 0
        for char in token:
            start = initials.index(char, start) + 1
            found.append(words[start - 1][0])
        return found
    return []


TITLE_CHARS = st.sampled_from(list("abcdeklmnorstuvxyz AEMÖöéçß_-.&'2v9 ")) | st.characters()
titles = st.text(TITLE_CHARS, max_size=40)


@st.composite
def titles_and_tokens(draw: st.DrawFn) -> tuple[str, tuple[str, ...], frozenset[str]]:
    title = draw(titles)
    words = fold(title).split()
    picks: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["word-start", "inside", "subsequence", "random"]))
        word = draw(st.sampled_from(words)) if words else ""
        if kind == "word-start" and word:
            picks.append(word[: draw(st.integers(1, len(word)))])
        elif kind == "inside" and len(word) > 1:
            start = draw(st.integers(1, len(word) - 1))
            picks.append(word[start : draw(st.integers(start + 1, len(word)))])
        elif kind == "subsequence" and word:
            picks.append("".join(c for c in word if draw(st.booleans())) or word[0])
        else:
            picks.append(fold(draw(st.text(TITLE_CHARS, min_size=1, max_size=6))) or "x")
    typo = frozenset(draw(st.lists(st.sampled_from(words), max_size=2))) if words else frozenset()
    return title, tuple(t for p in picks for t in p.split()) or ("x",), typo


@settings(max_examples=400, deadline=None)
@given(titles_and_tokens())
def test_highlights_equal_the_uncached_function(
    case: tuple[str, tuple[str, ...], frozenset[str]],
) -> None:
    title, tokens, typo = case

    def words_for(token: str) -> TokenWords:
        return TokenWords(frozenset(), typo)

    expected = reference_title_positions(title, tokens, words_for)
    assert title_positions(title, tokens, words_for) == expected  # first: folded now
    assert title_positions(title, tokens, words_for) == expected  # again: from the cache


def test_typing_on_folds_each_title_once(monkeypatch: pytest.MonkeyPatch) -> None:
    folds: list[str] = []

    def counting(text: str) -> tuple[str, tuple[int, ...]]:
        folds.append(text)
        return fold_with_positions(text)

    monkeypatch.setattr(highlight, "fold_with_positions", counting)
    if hasattr(highlight, "_title_form"):
        highlight._title_form.cache_clear()
    rows = [f"Neon Drive v{i} – Björk stems" for i in range(50)]  # one page of rows
    query = "neon drive"
    for end in range(1, len(query) + 1):  # every keystroke shows the same 50 rows again
        tokens = tuple(query[:end].split())
        for title in rows:
            title_positions(title, tokens, lambda _t: TokenWords(frozenset(), frozenset()))
    assert len(folds) == len(rows)


def test_the_cache_of_folded_titles_is_bounded() -> None:
    highlight._title_form.cache_clear()
    for i in range(TITLE_FORMS_CACHED + 500):
        assert title_positions(
            f"Take {i}", ("take",), lambda _t: TokenWords(frozenset(), frozenset())
        ) == (0, 1, 2, 3)
    assert highlight._title_form.cache_info().currsize == TITLE_FORMS_CACHED
