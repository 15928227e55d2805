"""Short human wording for times and counts shown in rows and status lines.

:func:`age` decides the bucket ("5 minutes", "yesterday", "Mar 2024"); :func:`relative_time` words
it in English for the Qt-free layers and the logs, and ``ui/common/i18n.py`` words the same
bucket in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP


@dataclass(frozen=True, slots=True)
class Age:
    """``unit``: never | now | minutes | hours | yesterday | days | weeks | day-month |
    month-year; ``amount`` counts minutes, hours, days or weeks."""

    unit: str
    amount: int = 0


def age(when: datetime | None, current: datetime) -> Age:
    """How long ago ``when`` was, in the coarsest bucket a row can show."""
    if when is None:
        return Age("never")
    seconds = (current - when).total_seconds()
    if seconds < 0:
        return Age("now") if seconds > -300 else Age("month-year")
    minutes = int(seconds // 60)
    hours = int(seconds // 3600)
    days = (current.date() - when.astimezone(current.tzinfo).date()).days
    if minutes < 1:
        return Age("now")
    if minutes < 60:
        return Age("minutes", minutes)
    if hours < 24 and days == 0:
        return Age("hours", hours)
    return _days_ago(days)


def _days_ago(days: int) -> Age:
    if days <= 1:
        return Age("yesterday")
    if days < 7:
        return Age("days", days)
    if days < 35:
        return Age("weeks", days // 7)
    return Age("day-month") if days < 365 else Age("month-year")


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """``"just now"``, ``"5 min ago"``, ``"yesterday"``, ``"3 weeks ago"``, ``"Mar 2024"``."""
    bucket = age(when, now or datetime.now(UTC))
    english = {  # marked: core's sentences embed it (the UI words it itself, i18n.py)
        "never": QT_TRANSLATE_NOOP("Messages", "never opened"),
        "now": QT_TRANSLATE_NOOP("Messages", "just now"),
        "minutes": QT_TRANSLATE_NOOP("Messages", "{n} min ago"),
        "hours": QT_TRANSLATE_NOOP("Messages", "{n} h ago"),
        "yesterday": QT_TRANSLATE_NOOP("Messages", "yesterday"),
        "days": QT_TRANSLATE_NOOP("Messages", "{n} days ago"),
        "weeks": QT_TRANSLATE_NOOP("Messages", "{n} weeks ago")
        if bucket.amount != 1
        else QT_TRANSLATE_NOOP("Messages", "1 week ago"),
    }
    if bucket.unit in english:
        return english[bucket.unit].format(n=bucket.amount)
    assert when is not None
    return when.strftime("%b %d" if bucket.unit == "day-month" else "%b %Y")


def count(value: int) -> str:
    """Thousands separators: ``10,000``."""
    return f"{value:,}"
