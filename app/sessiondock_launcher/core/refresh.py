"""A refresh of the same search keeps the highlighted session under the cursor (no Qt).

Results for the text on screen can be replaced while the user looks at them: the first sync
finishes and the library's own ranking replaces SessionDock's answer, or a reconcile brings news.
The palette keeps the highlighted session highlighted when it is still among the new rows. When
the new ranking leaves it out of the rows shown (a different top 50), it is kept at the row it
was on: the user chose it with ↓ and Enter must act on it, not on whatever moved there (a tester
pressed ↓↓ on "Echo Rain demo", the sync finished, and Enter focused "Rain"). A session that is no
longer in the library is not kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from sessiondock_launcher.core.ranking import Match
from sessiondock_launcher.core.row_matches import match_ids
from sessiondock_launcher.core.search import ResultSet

__all__ = ["keep_under_cursor"]


def keep_under_cursor(
    results: ResultSet, row: int, shown: Match | None, exists: Callable[[str], bool]
) -> ResultSet:
    """``results`` with ``shown`` (the match highlighted at ``row`` before, for the same text)
    put back at ``row`` when the new rows leave it out and ``exists(its id)``."""
    if shown is None or row < 0 or not exists(shown.session.id):
        return results
    if shown.session.id in match_ids(results.matches):
        return results
    at = min(row, len(results.matches))
    rows = max(len(results.matches), at + 1)  # as many rows as before: the last one gives way
    matches = (*results.matches[:at], shown, *results.matches[at:])[:rows]
    return dataclasses.replace(results, matches=matches, total=max(results.total, len(matches)))
