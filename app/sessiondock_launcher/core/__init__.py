"""Pure-Python search core: query parsing, the local session index, ranking, frecency, sync.

No Qt and no HTTP here (ruff's banned-api enforces it); the API client and the UI are injected.
"""

from __future__ import annotations

from sessiondock_launcher.core.frecency import FrecencyStore
from sessiondock_launcher.core.index import FrecencySource, SessionIndex
from sessiondock_launcher.core.library import LibrarySnapshot
from sessiondock_launcher.core.query import Query, parse_query
from sessiondock_launcher.core.ranking import FRECENCY_WEIGHT, Match, MatchClass, SearchResult
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
from sessiondock_launcher.core.sync import LibrarySync, SyncResult
from sessiondock_launcher.core.text import fold

__all__ = [
    "FRECENCY_WEIGHT",
    "FrecencySource",
    "FrecencyStore",
    "LibrarySnapshot",
    "LibrarySync",
    "Match",
    "MatchClass",
    "Query",
    "SearchResult",
    "SessionIndex",
    "SnapshotBuilder",
    "SyncResult",
    "fold",
    "parse_query",
]
