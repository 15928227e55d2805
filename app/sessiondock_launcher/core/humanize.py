"""Short human wording for times and counts shown in rows and status lines.

:func:`age` decides the bucket ("5 minutes", "yesterday", "Mar 2024"); :func:`relative_time` words
it in English for the Qt-free layers and the logs, and ``ui/common/i18n.py`` words the same
bucket in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


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
    english = {
        "never": "never opened",
        "now": "just now",
        "minutes": f"{bucket.amount} min ago",
        "hours": f"{bucket.amount} h ago",
        "yesterday": "yesterday",
        "days": f"{bucket.amount} days ago",
        "weeks": "1 week ago" if bucket.amount == 1 else f"{bucket.amount} weeks ago",
    }
    if bucket.unit in english:
        return english[bucket.unit]
    assert when is not None
    return when.strftime("%b %d" if bucket.unit == "day-month" else "%b %Y")


def count(value: int) -> str:
    """Thousands separators: ``10,000``."""
    return f"{value:,}"
