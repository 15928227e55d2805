"""The library database's schema and its migration chain.

``PRAGMA user_version`` holds the schema version. Each step in :data:`MIGRATIONS` takes the database
from version ``n - 1`` to ``n`` and runs in the same transaction as the version bump, so a crash
mid-migration leaves the previous version intact. Steps are append-only: once released, a step is
never edited (a test opens a frozen copy of the v1 schema with the current code).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

__all__ = ["CURRENT_VERSION", "MIGRATIONS", "SchemaTooNew", "migrate", "schema_version"]

logger = logging.getLogger(__name__)

_V1 = (
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    # One row per synced session. The columns the index and the rows need are plain columns;
    # previews and unknown API fields are JSON; digest detects changes during a reconcile.
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        accent TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        last_opened_us INTEGER,
        project_path TEXT NOT NULL DEFAULT '',
        project_original_path TEXT NOT NULL DEFAULT '',
        preview_status TEXT NOT NULL DEFAULT '',
        preview_url TEXT,
        preview_audio_url TEXT,
        preview_audio_mime TEXT NOT NULL DEFAULT '',
        preferred_preview_id TEXT NOT NULL DEFAULT '',
        previews TEXT NOT NULL DEFAULT '[]',
        extra TEXT NOT NULL DEFAULT '{}',
        digest BLOB NOT NULL,
        synced_at REAL NOT NULL
    )
    """,
    "CREATE INDEX sessions_last_opened ON sessions (last_opened_us DESC)",
    # Usage history: one row per pick (focus/open); frecency is replayed from it.
    """
    CREATE TABLE usage (
        seq INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        at REAL NOT NULL
    )
    """,
    # Pins: sessions the user keeps at the head of the empty-query list and the tray menu.
    """
    CREATE TABLE pins (
        session_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        pinned_at REAL NOT NULL
    )
    """,
)

_V2 = (
    # Query history: what the user searched for, newest last, one row per distinct text.
    """
    CREATE TABLE query_history (
        seq INTEGER PRIMARY KEY,
        text TEXT NOT NULL UNIQUE,
        at REAL NOT NULL
    )
    """,
)

_V3 = (
    # The stored library's identity and content version, for the index file kept beside the
    # database (``persisted.py``): ``uid`` tells this database from one created in its place,
    # ``key`` signs the index file, and ``version`` counts every change to ``sessions``, bumped
    # by triggers so that no writer (a reconcile, an edit, another process) can forget it.
    """
    CREATE TABLE library_version (
        slot INTEGER PRIMARY KEY CHECK (slot = 0),
        uid BLOB NOT NULL,
        key BLOB NOT NULL,
        version INTEGER NOT NULL
    )
    """,
    "INSERT INTO library_version (slot, uid, key, version) "
    "VALUES (0, randomblob(16), randomblob(32), 0)",
    *(
        f"""
        CREATE TRIGGER sessions_{event.lower()}_bumps_version AFTER {event} ON sessions
        BEGIN
            UPDATE library_version SET version = version + 1 WHERE slot = 0;
        END
        """
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
)


_LOGGED_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
_V4 = (
    # Which session changed at which content version: an index file written at an older version
    # is brought up to date by reading the few sessions changed since (``index_catchup.py``)
    # instead of rebuilding the index (seconds at 100k). ``changes_logged_since``: the log holds
    # every change after this version (older entries are pruned once an index file covers them).
    """
    CREATE TABLE session_changes (
        version INTEGER PRIMARY KEY,
        id TEXT NOT NULL
    )
    """,
    "INSERT OR REPLACE INTO meta (key, value) "
    "SELECT 'changes_logged_since', version FROM library_version WHERE slot = 0",
    *(f"DROP TRIGGER sessions_{event.lower()}_bumps_version" for event, _ in _LOGGED_EVENTS),
    *(
        f"""
        CREATE TRIGGER sessions_{event.lower()}_bumps_and_logs AFTER {event} ON sessions
        BEGIN
            UPDATE library_version SET version = version + 1 WHERE slot = 0;
            INSERT INTO session_changes (version, id)
                SELECT version, {row}.id FROM library_version WHERE slot = 0;
        END
        """
        for event, row in _LOGGED_EVENTS
    ),
)

# The columns of ``sessions`` a change of which is a change of the session (all but raw_digest),
# as of v5: frozen here, like every released step.
_V5_CONTENT = (
    "id, title, kind, status, accent, tags, notes, last_opened_us, project_path, "
    "project_original_path, preview_status, preview_url, preview_audio_url, preview_audio_mime, "
    "preferred_preview_id, previews, extra, digest, synced_at"
)
_V5 = (
    # A fingerprint of the JSON object the last full listing sent for the session (with what its
    # URLs were resolved against: ``raw_rows.py``). A listing skips a session whose JSON has the
    # same fingerprint before parsing it. NULL (never equal) when the row was written from
    # anything else: an edit, a cheap check, a store older than v5.
    "ALTER TABLE sessions ADD COLUMN raw_digest BLOB",
    # Filling in a fingerprint changes nothing the index shows: not a new content version (the
    # index file stays valid), not a logged change.
    "DROP TRIGGER sessions_update_bumps_and_logs",
    f"""
    CREATE TRIGGER sessions_update_bumps_and_logs AFTER UPDATE OF {_V5_CONTENT} ON sessions
    BEGIN
        UPDATE library_version SET version = version + 1 WHERE slot = 0;
        INSERT INTO session_changes (version, id)
            SELECT version, NEW.id FROM library_version WHERE slot = 0;
    END
    """,
)


def _steps(statements: tuple[str, ...]) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return run


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _steps(_V1),
    _steps(_V2),
    _steps(_V3),
    _steps(_V4),
    _steps(_V5),
)
"""``MIGRATIONS[n - 1]`` takes the schema from version ``n - 1`` to ``n``."""

CURRENT_VERSION = len(MIGRATIONS)


class SchemaTooNew(sqlite3.DatabaseError):
    """The file was written by a newer launcher whose schema this one does not know."""


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to :data:`CURRENT_VERSION`; returns the version found.

    ``conn`` must be in autocommit mode (``isolation_level=None``); each step commits on its own.

    Raises:
        SchemaTooNew: The file's version is newer than this code knows.
        sqlite3.DatabaseError: The file is not a usable database.
    """
    found = schema_version(conn)
    if found > CURRENT_VERSION:
        raise SchemaTooNew(f"schema version {found} is newer than {CURRENT_VERSION}")
    for version in range(found + 1, CURRENT_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        logger.info("Library store migrated to schema version %d", version)
    return found
