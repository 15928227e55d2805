"""Dates in rows are never a numeric "1/5" (5 January or 1 May?): the month is a word, in the
order the user's locale writes it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from sessiondock_launcher.ui.common import i18n

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
FIFTH_OF_JANUARY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # 11 months ago: a day-month date


@pytest.fixture
def locale(qapp: Any, request: pytest.FixtureRequest) -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(request.param))
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("locale", "shown"),
    [("en_US", "Jan 5"), ("en_GB", "5 Jan"), ("de_DE", "5. Jan."), ("fr_FR", "5 janv.")],
    indirect=["locale"],
)
def test_day_and_month_are_unambiguous(locale: None, shown: str) -> None:
    text = i18n.relative_time(FIFTH_OF_JANUARY, NOW)
    assert text == shown
    assert "/" not in text
    assert not any(part.isdigit() and part != "5" for part in text.replace(".", " ").split())
