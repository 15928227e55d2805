"""Queries are bounded: a 64 KiB ``--search`` or paste costs what a long typed query costs."""

from __future__ import annotations

import time

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.query import MAX_QUERY_CHARS, MAX_QUERY_TOKENS, parse_query
from sessiondock_launcher.core.ranking import highlight_positions

HUGE_WORDS = " ".join(f"w{i % 997}x{i % 13}" for i in range(11_000))  # ~64 KiB, 11k words


def library(count: int = 2_000) -> SessionIndex:
    return SessionIndex(
        Session(id=f"s{i}", title=f"w{i % 997}x{i % 13} mix {i}", tags=("mix", f"t{i % 31}"))
        for i in range(count)
    )


def test_parse_reads_a_bounded_prefix() -> None:
    query = parse_query("a" * 65_536)
    assert len(query.text) == MAX_QUERY_CHARS
    words = parse_query(HUGE_WORDS)
    assert len(words.text) <= MAX_QUERY_CHARS
    assert words.text == " ".join(HUGE_WORDS[:MAX_QUERY_CHARS].split())


def test_tokens_are_bounded_even_when_folding_splits_words() -> None:
    query = parse_query("-".join("ab" for _ in range(200)))  # one word, 200 tokens when folded
    assert len(query.tokens) == MAX_QUERY_TOKENS


def test_filters_in_a_short_query_are_unchanged() -> None:
    query = parse_query('#mix kind:ableton status:draft recent "client work" drums')
    assert query.tags == ("mix",)
    assert (query.kind, query.status, query.recent) == ("ableton", "draft", True)
    assert query.text == "client work drums"


def test_a_64_kib_query_searches_in_milliseconds() -> None:
    index = library()
    index.search(parse_query("mix"))  # build the snapshot outside the measurement
    started = time.perf_counter()
    result = index.search(parse_query(HUGE_WORDS))
    took = time.perf_counter() - started
    # Unbounded, this took 9 s (every one of 11k tokens filtered and fuzzily looked up).
    assert took < 1.0, took
    assert result.matches == []


def test_highlighting_is_bounded_too() -> None:
    started = time.perf_counter()
    highlight_positions(HUGE_WORDS * 4, "w1x1 mix")
    assert time.perf_counter() - started < 0.5
