from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from sessiondock_launcher.core.humanize import relative_time
from sessiondock_launcher.core.status import LauncherStatus, Link, TrayState
from sessiondock_launcher.logs import SecretFilter

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=5), "5 min ago"),
        (timedelta(hours=3), "3 h ago"),
        (timedelta(days=1), "yesterday"),
        (timedelta(days=4), "4 days ago"),
        (timedelta(days=15), "2 weeks ago"),
        (timedelta(days=100), "Aug 14"),
        (timedelta(days=500), "Jul 2025"),
    ],
)
def test_relative_time(delta: timedelta, text: str) -> None:
    assert relative_time(NOW - delta, NOW) == text


def test_relative_time_without_date() -> None:
    assert relative_time(None, NOW) == "never opened"


@pytest.mark.parametrize(
    ("status", "tray", "text"),
    [
        (
            LauncherStatus(Link.CONNECTED, "full-automation", "full-automation"),
            TrayState.CONNECTED,
            "Connected",
        ),
        (
            LauncherStatus(Link.CONNECTED, "read-only", "full-automation"),
            TrayState.READ_ONLY,
            "Connected · read-only (configured full-automation)",
        ),
        (
            LauncherStatus(Link.CONNECTED, "full-automation", syncing=True),
            TrayState.SYNCING,
            "Connected",
        ),
        (LauncherStatus(Link.OFFLINE), TrayState.OFFLINE, "SessionDock isn't running"),
        (
            LauncherStatus(Link.NEEDS_TOKEN),
            TrayState.NEEDS_TOKEN,
            "Token needed — add it in Settings",
        ),
    ],
)
def test_status_maps_to_tray_state_and_text(
    status: LauncherStatus, tray: TrayState, text: str
) -> None:
    assert status.tray_state is tray
    assert status.link_text() == text


def test_only_full_automation_can_write() -> None:
    assert LauncherStatus(Link.CONNECTED, "full-automation").can_write
    assert not LauncherStatus(Link.CONNECTED, "read-only").can_write
    assert LauncherStatus(Link.CONNECTED, "read-only").read_only
    assert not LauncherStatus(Link.OFFLINE, "full-automation").can_write


def test_sync_text_has_thousands_separators() -> None:
    status = LauncherStatus(Link.CONNECTED, syncing=True, sync_received=3200, sync_total=10000)
    assert status.sync_text() == "Syncing 3,200 / 10,000"
    assert LauncherStatus(library_size=12000).sync_text() == "12,000 sessions"


def test_secret_filter_masks_token_in_any_record(caplog: pytest.LogCaptureFixture) -> None:
    secrets = SecretFilter()
    secrets.add("tok-abcdef")
    logger = logging.getLogger("test.secret")
    logger.addFilter(secrets)
    try:
        with caplog.at_level(logging.INFO, logger="test.secret"):
            logger.info("header was Bearer %s", "tok-abcdef")
    finally:
        logger.removeFilter(secrets)
    assert "tok-abcdef" not in caplog.text
    assert "Bearer ***" in caplog.text


def test_the_read_only_and_token_wording_lives_only_in_the_message_catalogue() -> None:
    """One catalogue (core/messages.py): the wording once, everyone else refers to it."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "app" / "sessiondock_launcher"
    phrases = ("Full Automation: SessionDock → Settings", "Token rejected — update it in Settings")
    copies = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.parts[-2] not in ("api", "simulator") and path.name != "messages.py"
        for phrase in phrases
        if phrase in path.read_text(encoding="utf-8")
    ]
    assert copies == []
