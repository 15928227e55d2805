"""Palette query parsing: filters, quoting, free text and server parameters."""

from __future__ import annotations

import pytest

from sessiondock_launcher.core.query import Query, parse_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Query()),
        ("   ", Query()),
        ("  drum   loop ", Query(text="drum loop")),
        ("#mix", Query(tags=("mix",))),
        ("#Mix #VOCALS drum", Query(text="drum", tags=("mix", "vocals"))),
        ('#"Client Work" beat', Query(text="beat", tags=("client work",))),
        ('tag:"client  work"', Query(tags=("client work",))),
        ("tag:mix #mix", Query(tags=("mix",))),
        ("kind:ableton", Query(kind="ableton")),
        ("daw:Reaper drum", Query(text="drum", kind="Reaper")),
        ('kind:"Logic Pro" vox', Query(text="vox", kind="Logic Pro")),
        ("kind:a kind:b", Query(kind="b")),
        ("status:draft", Query(status="draft")),
        ("recent", Query(recent=True)),
        ("RECENT drum", Query(text="drum", recent=True)),
        ("is:recent", Query(recent=True)),
        ('"recent" ideas', Query(text="recent ideas")),
        ('"drum loop"', Query(text="drum loop")),
        ("foo:bar drum", Query(text="foo:bar drum")),
        ("is:starred", Query(text="is:starred")),
        ("c#minor", Query(text="c#minor")),
        ("#", Query()),
        ("kind: drum", Query(text="drum")),
        ('#"unterminated tag', Query(tags=("unterminated tag",))),
        (
            '#mix kind:ableton voc status:"in progress" recent',
            Query(text="voc", tags=("mix",), kind="ableton", status="in progress", recent=True),
        ),
    ],
)
def test_parse_query(text: str, expected: Query) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    ("text", "empty"),
    [("", True), (" ", True), ("#", True), ("a", False), ("#mix", False), ("recent", False),
     ("status:x", False), ("kind:x", False)],
)  # fmt: skip
def test_is_empty(text: str, empty: bool) -> None:
    assert parse_query(text).is_empty is empty


def test_tokens_are_folded() -> None:
    assert parse_query("Björk  MIX-down").tokens == ("bjork", "mix", "down")


def test_to_server_params_maps_filters() -> None:
    params = parse_query('drum #mix #"client work" kind:Ableton status:draft recent')
    assert params.to_server_params() == {
        "q": "drum",
        "kind": "Ableton",
        "tags": ["mix", "client work"],
        "recent": True,
    }


def test_to_server_params_empty() -> None:
    assert parse_query("").to_server_params() == {}
