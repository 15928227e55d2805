"""The offline status line says how old the stored library is and what needs SessionDock."""

from __future__ import annotations

from sessiondock_launcher.core.store import LibraryState, offline_notice

NOW = 1_800_000_000.0


def test_offline_with_a_stored_library_says_when_it_is_from() -> None:
    state = LibraryState(sessions=1200, full_sync_at=NOW - 7200, checked_at=NOW - 3 * 3600)
    text = offline_notice(state, NOW)
    assert text.startswith("SessionDock isn't running. Offline: library from 2 h ago (")
    assert "Focusing and opening need SessionDock running." in text


def test_a_later_cheap_check_counts_as_fresher_data() -> None:
    state = LibraryState(sessions=10, full_sync_at=NOW - 86_400 * 3, checked_at=NOW - 600)
    assert "10 min ago" in offline_notice(state, NOW)


def test_nothing_stored_says_so() -> None:
    text = offline_notice(LibraryState(0, None, None), NOW)
    assert "no library is stored yet" in text


def test_a_library_whose_first_sync_did_not_finish_says_what_is_stored() -> None:
    """A tester's first sync stopped at 4,800 of 20,000; offline, the palette searched those
    4,800 while the status said "no library is stored yet"."""
    text = offline_notice(LibraryState(4800, None, None), NOW)
    assert text.startswith("SessionDock isn't running. Offline: 4,800 sessions stored,")
    assert "the first sync did not finish" in text
    assert "no library is stored yet" not in text
