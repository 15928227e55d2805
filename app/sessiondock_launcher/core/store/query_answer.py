"""``--query TEXT [--json]`` answered from the stored library, for when no instance runs.

The stored library is loaded into the same :class:`SessionIndex` the palette uses and searched
with the same query parser, frecency and result limit, so the order is the palette's order (an
empty query lists recently opened sessions, like the palette). The index comes from the index
file beside the database when it matches the store (``persisted.py``: ~0.3 s at 100k sessions),
else it is built from the store (~10 s at 100k) and the file written for the next time.
``--json`` prints Alfred's Script Filter format, which Raycast script commands, rofi and shell
scripts can read too.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from sessiondock_launcher.api.models import Session
from sessiondock_launcher.core.frecency import FrecencyStore
from sessiondock_launcher.core.index import OVERLAY_MAX, SessionIndex
from sessiondock_launcher.core.library import LibrarySnapshot
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.ranking import Match
from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
from sessiondock_launcher.core.store.index_catchup import CaughtUp, load_caught_up
from sessiondock_launcher.core.store.loading import BuildSource, build_snapshot_steps
from sessiondock_launcher.core.store.persisted import save_index
from sessiondock_launcher.core.store.schema import CURRENT_VERSION, schema_version
from sessiondock_launcher.core.store.store import LibraryStore

__all__ = [
    "DEFAULT_LIMIT",
    "answer_query",
    "rank_stored",
    "script_filter_item",
    "script_filter_items",
]

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
"""The palette's default result limit (``Settings.result_limit``)."""
_SEP = " · "


def rank_stored(index: SessionIndex, text: str, limit: int) -> list[Match]:
    """What the palette shows for ``text``: recent sessions when empty, else the ranked search."""
    query = parse_query(text)
    if query.is_empty:
        return [Match(s, 0.0) for s in index.recent(limit)]
    return list(index.search(query, limit).matches)


def subtitle(session: Session) -> str:
    """``kind · status · tags`` (empty parts left out)."""
    tags = " ".join(f"#{t}" for t in session.tags)
    return _SEP.join(part for part in (session.kind, session.status, tags) if part)


def script_filter_item(session: Session) -> dict[str, object]:
    """One item of Alfred's Script Filter JSON."""
    title = session.display_title
    item: dict[str, object] = {
        "uid": session.id,
        "title": title,
        "subtitle": subtitle(session),
        "arg": session.id,
        "autocomplete": title,
        "valid": True,
        "match": " ".join((title, *session.tags, session.kind)),
    }
    if session.project_path:
        item["text"] = {"copy": session.project_path, "largetype": title}
        item["quicklookurl"] = session.project_path
    return item


def script_filter_items(sessions: Iterable[Session], max_bytes: int) -> list[dict[str, object]]:
    """Script Filter items for ``sessions``, in order, as many as fit ``max_bytes`` of ASCII JSON
    (a reply over the control socket is bounded)."""
    items: list[dict[str, object]] = []
    size = 0
    for session in sessions:
        item = script_filter_item(session)
        size += len(json.dumps(item, separators=(",", ":"))) + 1
        if size > max_bytes:
            break
        items.append(item)
    return items


def _snapshot(store: LibraryStore, store_path: Path) -> CaughtUp | LibrarySnapshot:
    """The index file's snapshot with the store's changes since it, else one built from the
    store (and written to the file, best effort: a derived file, replaced atomically).
    The store's connection is in a read transaction (see ``_answer``)."""
    found = load_caught_up(store.connection, store_path, limit=OVERLAY_MAX)
    if found is not None:
        return found
    builder = SnapshotBuilder()
    source = BuildSource()
    for _ in build_snapshot_steps(store, builder, source=source):
        pass
    snapshot = builder.result()
    if source.version is not None:
        try:
            save_index(store_path, snapshot, source.version, background=False)
        except OSError as exc:
            logger.info("Could not write the index file: %s", exc)
    return snapshot


def _load_index(
    store: LibraryStore,
    store_path: Path,
    frecency: FrecencyStore | None,
    clock: Callable[[], float],
) -> SessionIndex:
    found = _snapshot(store, store_path)
    if frecency is None:
        frecency = store.usage.frecency(clock=clock)
    index = SessionIndex(frecency=frecency, clock=clock)
    index.attach_details(store)
    if isinstance(found, CaughtUp):
        index.install(found.snapshot)
        index.apply_stored(found.entries, found.removed)
    else:
        index.install(found)
    return index


def answer_query(
    store_path: Path,
    text: str,
    as_json: bool,
    *,
    limit: int = DEFAULT_LIMIT,
    frecency_path: Path | None = None,
    clock: Callable[[], float] = time.time,
) -> tuple[int, str, str]:
    """Rank ``text`` over the stored library; returns ``(exit_code, stdout, stderr)``.

    Exit 0 when it answered (no results included), 1 with a message when there is no stored
    library (never synced, missing, unreadable). The store is only read: nothing is created,
    migrated or moved aside here (a running launcher may own the file). Only the derived index
    file beside it may be (re)written, atomically, after a build from the store.

    Args:
        store_path: The database file.
        text: Palette query text (``#tag``, ``kind:`` and friends work).
        as_json: Print Alfred's Script Filter JSON instead of ``title<TAB>id`` lines.
        limit: Most results (the palette's result limit).
        frecency_path: The palette's frecency JSON while frecency is not yet kept in the store;
            ``None`` replays the store's usage history.
        clock: Wall-clock seconds (the ``recent`` filter).
    """
    if not store_path.is_file():
        return 1, "", _no_library(store_path, "nothing is stored yet")
    try:
        uri = f"{store_path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=1.0, isolation_level=None)
    except sqlite3.Error as exc:
        return 1, "", _no_library(store_path, str(exc))
    try:
        return _answer(
            conn,
            store_path,
            text=text,
            as_json=as_json,
            limit=limit,
            frecency_path=frecency_path,
            clock=clock,
        )
    except sqlite3.Error as exc:
        return 1, "", _no_library(store_path, f"it cannot be read: {exc}")
    finally:
        conn.close()


def _answer(
    conn: sqlite3.Connection,
    path: Path,
    *,
    text: str,
    as_json: bool,
    limit: int,
    frecency_path: Path | None,
    clock: Callable[[], float],
) -> tuple[int, str, str]:
    if not 1 <= schema_version(conn) <= CURRENT_VERSION:  # older stores hold the same sessions
        return 1, "", _no_library(path, "it was written by another version of the launcher")
    store = LibraryStore(conn, None)  # no path: read on this read-only connection only
    conn.execute("BEGIN")  # one consistent view: the index, its version and the rows shown
    if not store.state().has_library:
        return 1, "", _no_library(path, "no complete library was synced yet")
    frecency = FrecencyStore(frecency_path, clock=clock) if frecency_path is not None else None
    index = _load_index(store, path, frecency, clock)
    matches = rank_stored(index, text, limit)
    if as_json:
        items = [script_filter_item(m.session) for m in matches]
        return 0, json.dumps({"items": items}, ensure_ascii=False) + "\n", ""
    lines = "".join(f"{m.session.display_title}\t{m.session.id}\n" for m in matches)
    return 0, lines, ""


def _no_library(path: Path, why: str) -> str:
    return (
        f"sessiondock-launcher: no running launcher and no stored library at {path} ({why}).\n"
        "Start sessiondock-launcher once while SessionDock runs to store the library.\n"
    )
