"""A failed library sync is told in the status (palette's sync label, tray), with its retry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.common import i18n

FAILED = LauncherStatus(
    Link.CONNECTED, "full-automation", library_size=1200, sync_error="HTTP 500", sync_retry_at=130.0
)


def test_a_failed_sync_says_why_and_when_it_is_retried() -> None:
    assert FAILED.sync_failure_text(100.0) == "Library sync failed (HTTP 500) — retrying in 30 s"
    assert FAILED.sync_text(100.0) == (
        "1,200 sessions · Library sync failed (HTTP 500) — retrying in 30 s"
    )
    assert FAILED.sync_text(129.2) == (
        "1,200 sessions · Library sync failed (HTTP 500) — retrying in 1 s"
    )
    # Past the time (the retry is about to start): never "in 0 s" or a negative count.
    assert FAILED.sync_failure_text(200.0).endswith("retrying in 1 s")
    # No status to name (a truncated answer): no empty parentheses.
    truncated = FAILED.with_(sync_error="", library_size=0)
    assert truncated.sync_text(100.0) == "Library sync failed — retrying in 30 s"


def test_nothing_is_said_when_no_sync_failed_or_one_runs_now() -> None:
    ok = FAILED.with_(sync_error=None)
    assert ok.sync_failure_text(100.0) == ""
    assert ok.sync_text(100.0) == "1,200 sessions"
    running = FAILED.with_(syncing=True, sync_received=500, sync_total=2000)
    assert running.sync_text(100.0) == "Syncing 500 / 2,000"  # the retry under way


def test_the_ui_shows_it_in_english_without_a_translator(qapp: Any) -> None:
    i18n.uninstall()
    assert i18n.sync_text(FAILED, now=100.0) == (
        "1,200 sessions · Library sync failed (HTTP 500) — retrying in 30 s"
    )


@pytest.fixture
def german(qapp: Any) -> Iterator[None]:
    i18n.install("de")
    yield
    i18n.uninstall()


def test_the_ui_shows_it_in_german(german: None) -> None:
    assert i18n.sync_text(FAILED, now=100.0) == (
        "1.200 Sessions · Synchronisierung der Bibliothek fehlgeschlagen (HTTP 500)"
        " – neuer Versuch in 30 s"
    )
    assert i18n.sync_text(FAILED.with_(sync_error="", library_size=0), now=120.0) == (
        "Synchronisierung der Bibliothek fehlgeschlagen – neuer Versuch in 10 s"
    )
