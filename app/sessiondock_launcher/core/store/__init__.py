"""The library store: the synced library, usage, pins and query history in SQLite (no Qt).

``open_store(path)`` opens (or creates, or recovers) the database; ``reconcile_async`` applies a
full listing and ``apply_first_page`` the cheap check; ``build_snapshot_steps`` loads the index;
``FullSyncPacer`` paces full reconciles; ``answer_query`` answers ``--query`` without an instance.
"""

from __future__ import annotations

from sessiondock_launcher.core.store.keeper import ReconcileNotAllowed, StoredLibrary
from sessiondock_launcher.core.store.loading import build_snapshot_steps, iter_index_batches
from sessiondock_launcher.core.store.notices import offline_notice
from sessiondock_launcher.core.store.opening import (
    DEMO_STORE_FILENAME,
    STORE_FILENAME,
    OpenOutcome,
    OpenReport,
    open_store,
)
from sessiondock_launcher.core.store.pacing import FullSyncPacer
from sessiondock_launcher.core.store.personal import HistoryWalk, Pins, QueryHistory, UsageLog
from sessiondock_launcher.core.store.query_answer import answer_query, script_filter_items
from sessiondock_launcher.core.store.reconcile import (
    Changes,
    CheapCheck,
    Reconciler,
    apply_first_page,
    reconcile,
    reconcile_async,
)
from sessiondock_launcher.core.store.schema import CURRENT_VERSION
from sessiondock_launcher.core.store.store import LibraryState, LibraryStore
from sessiondock_launcher.core.store.threaded import reconcile_in_thread

__all__ = [
    "CURRENT_VERSION",
    "DEMO_STORE_FILENAME",
    "STORE_FILENAME",
    "Changes",
    "CheapCheck",
    "FullSyncPacer",
    "HistoryWalk",
    "LibraryState",
    "LibraryStore",
    "OpenOutcome",
    "OpenReport",
    "Pins",
    "QueryHistory",
    "ReconcileNotAllowed",
    "Reconciler",
    "StoredLibrary",
    "UsageLog",
    "answer_query",
    "apply_first_page",
    "build_snapshot_steps",
    "iter_index_batches",
    "offline_notice",
    "open_store",
    "reconcile",
    "reconcile_async",
    "reconcile_in_thread",
    "script_filter_items",
]
