"""Calm title highlights (whole runs, not letters), why-it-matched snippets, tile initials."""

from __future__ import annotations

from sessiondock_launcher.core.highlight import highlight_runs, match_reason
from sessiondock_launcher.core.tiles import tile_initials


def shown(text: str, runs: tuple[tuple[int, int], ...]) -> str:
    out, last = [], 0
    for start, end in runs:
        out += [text[last:start], "[", text[start:end], "]"]
        last = end
    return "".join([*out, text[last:]])


def test_a_fuzzy_match_inside_a_word_is_one_run() -> None:
    # fuzzy "monso" picked M o n + o (the "s" skipped): painted as letters it read "**Mon**s**o**on"
    assert shown("Monsoon Ember", highlight_runs("Monsoon Ember", (0, 1, 2, 4))) == (
        "[Monso]on Ember"
    )


def test_runs_never_merge_across_words() -> None:
    text = "Late Party"
    assert shown(text, highlight_runs(text, (0, 5))) == "[L]ate [P]arty"


def test_far_apart_letters_stay_apart() -> None:
    text = "Resonance"
    assert shown(text, highlight_runs(text, (0, 8))) == "[R]esonanc[e]"


def test_contiguous_and_unsorted_positions_and_out_of_range() -> None:
    assert highlight_runs("abcdef", (3, 1, 2, 2, 99, -1)) == ((1, 4),)
    assert highlight_runs("abc", ()) == ()


def test_reason_is_empty_when_the_title_explains_the_match() -> None:
    assert match_reason("Harbour Lights", ("film",), "glockenspiel", ("harbour",)) == ""


def test_reason_names_the_tag() -> None:
    assert match_reason("Harbour Lights", ("film", "Ambient"), "", ("ambi",)) == "#Ambient"


def test_reason_quotes_the_notes_from_a_word_start() -> None:
    notes = "Reference: warm tape saturation on the glockenspiel, duck the pads under the vocal."
    reason = match_reason("Harbour Lights", (), notes, ("glocken",))
    assert reason.startswith("notes: ")
    assert "glockenspiel" in reason
    snippet = reason.removeprefix("notes: ").removeprefix("…")
    assert notes.find(snippet.rstrip("…")) >= 0
    assert notes[notes.find(snippet.rstrip("…")) - 1] == " "  # begins on a word


def test_reason_is_empty_when_nothing_explains_it() -> None:
    assert match_reason("Harbour Lights", ("film",), "", ("zzz",)) == ""


def test_initials_agree_for_row_and_pane() -> None:
    assert tile_initials("Logic Pro") == "LP"  # the pane said "Lo"
    assert tile_initials("Ableton") == "AB"
    assert tile_initials("Pro Tools 2024") == "PT"
    assert tile_initials("") == "?"
    assert tile_initials("  ") == "?"
