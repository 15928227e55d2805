"""Skipping the sessions of a listing that did not change, before parsing them.

An unchanged background sync used to parse every session (``Session.from_api``) and make every
row (``codec.row_for``) only to find, digest by digest, that nothing changed. Each stored session
now also keeps ``raw_digest`` (schema v5): a fingerprint of the JSON object the listing sent for
it. A listing item whose fingerprint equals the stored one is skipped unparsed; only new and
changed ones are parsed, made into rows and compared as before (``reconcile._apply_rows``, which
also keeps an edit newer than the page).

Skipping is right because the stored row is a function of exactly what the fingerprint covers:
the decoded JSON object, the origin relative URLs are resolved against, and :data:`RAW_FORMAT`.
The object is fingerprinted by its ``marshal`` serialization in format 2, which has no
back-references and so depends on the values alone. It is exact: every key in the server's order,
``1`` / ``1.0`` / ``true`` told apart, any field, known or not, nested ones included (~5 µs a
session; ``repr`` ~17 µs). Every other write of a session (an edit, a cheap check, a row from a
parsed page) clears the fingerprint (``store._UPSERT``), so a skipped session is one the store
holds exactly as this JSON makes it. Skipping never writes, so it never overwrites an edit either.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sessiondock_launcher.api.models import RawSession, Session
from sessiondock_launcher.core.store.codec import row_for
from sessiondock_launcher.core.store.store import LibraryStore

__all__ = ["RAW_FORMAT", "RawDigest", "Unparsed", "raw_rows", "split_unchanged"]

RAW_FORMAT = b"sessiondock-launcher/raw-session/1"
"""Part of every fingerprint. Bump it whenever ``Session.from_api`` or ``codec.row_for`` would
make another row of the same JSON: every stored fingerprint then differs, and the next listing
parses every session once."""

_MARSHAL_FORMAT = 2
"""Format 2: values only (3 and later refer back to objects seen before: identity, not value)."""
_PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}".encode()
"""``marshal`` may change between Python versions: then every session is parsed once."""

Unparsed = tuple[RawSession, bytes]
"""A listing item to parse, with its fingerprint."""


class RawDigest:
    """Fingerprints of listing items whose relative URLs resolve against ``origin``."""

    def __init__(self, origin: str | None) -> None:
        base = hashlib.blake2b(digest_size=16)
        base.update(
            b"\0".join((RAW_FORMAT, _PYTHON, (origin or "").encode("utf-8", "surrogatepass")))
        )
        self._base = base

    def __call__(self, data: Mapping[str, Any]) -> bytes:
        digest = self._base.copy()
        try:
            digest.update(b"\0m" + marshal.dumps(cast("dict[str, Any]", data), _MARSHAL_FORMAT))
        except ValueError:  # not plain JSON values (another Mapping or decoder), or too deep
            digest.update(b"\0r" + repr(data).encode("utf-8", "surrogatepass"))
        return digest.digest()


def split_unchanged(
    store: LibraryStore, items: Sequence[RawSession], digest: RawDigest
) -> tuple[list[Unparsed], list[str]]:
    """The items to parse (new, or their JSON changed) and the ids of the unchanged ones.

    A later duplicate of an id wins, as in ``reconcile._apply_rows``. One indexed read of the
    stored fingerprints (any connection to the store: a stale answer only means a parse more, or
    skipping a session written after the page was received, which is newer than the page).
    """
    incoming = {item.id: item for item in items}
    stored = store.raw_digests(incoming)
    todo: list[Unparsed] = []
    same: list[str] = []
    for session_id, item in incoming.items():
        fingerprint = digest(item.data)
        if stored.get(session_id) == fingerprint:
            same.append(session_id)
        else:
            todo.append((item, fingerprint))
    return todo, same


def raw_rows(
    todo: Sequence[Unparsed], origin: str | None, synced_at: float
) -> list[tuple[Any, ...]]:
    """Rows (``codec.row_for``) of the items to parse, each with its fingerprint last."""
    rows: list[tuple[Any, ...]] = []
    for item, fingerprint in todo:
        session = Session.from_api(item.data, origin=origin)
        if session is not None:  # always: a RawSession has a usable id
            rows.append((*row_for(session, synced_at), fingerprint))
    return rows
