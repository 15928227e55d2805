"""Short human wording for times and counts shown in rows and status lines."""

from __future__ import annotations

from datetime import UTC, datetime


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """``"just now"``, ``"5 min ago"``, ``"yesterday"``, ``"3 weeks ago"``, ``"Mar 2024"``."""
    if when is None:
        return "never opened"
    current = now or datetime.now(UTC)
    seconds = (current - when).total_seconds()
    if seconds < 0:
        return "just now" if seconds > -300 else when.strftime("%b %Y")
    minutes = int(seconds // 60)
    hours = int(seconds // 3600)
    days = (current.date() - when.astimezone(current.tzinfo).date()).days
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if hours < 24 and days == 0:
        return f"{hours} h ago"
    return _days_ago(days, when)


def _days_ago(days: int, when: datetime) -> str:
    if days <= 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if days < 35:
        weeks = days // 7
        return "1 week ago" if weeks == 1 else f"{weeks} weeks ago"
    if days < 365:
        return when.strftime("%b %d")
    return when.strftime("%b %Y")


def count(value: int) -> str:
    """Thousands separators: ``10,000``."""
    return f"{value:,}"
