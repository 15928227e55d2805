"""Import projects into SessionDock: which items a set of dropped paths becomes, and the outcome.

``POST /import`` gets one item per path, the kind taken from the project extension when it has
one. SessionDock treats an import as a background job, so the library is re-synced afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import PurePath

from sessiondock_launcher.api import (
    ImportItem,
    ImportResult,
    ReadOnly,
    ServiceUnavailable,
    SessionDockError,
)
from sessiondock_launcher.core import messages
from sessiondock_launcher.core.client_source import ClientSource
from sessiondock_launcher.core.edits import SaveResult
from sessiondock_launcher.core.messages import Level
from sessiondock_launcher.core.write_gate import WriteGate
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)

KIND_BY_EXTENSION = {
    ".als": "Ableton",
    ".logicx": "Logic Pro",
    ".cpr": "Cubase",
    ".npr": "Nuendo",
    ".rpp": "Reaper",
    ".flp": "FL Studio",
    ".ptx": "Pro Tools",
    ".bwproject": "Bitwig",
    ".song": "Studio One",
}


def kind_for_path(path: str) -> str:
    """The DAW kind a project file's extension implies ("" when unknown)."""
    return KIND_BY_EXTENSION.get(PurePath(path.rstrip("/\\")).suffix.casefold(), "")


def import_items(paths: Sequence[str]) -> list[ImportItem]:
    """One item per distinct path: title from the folder or file name, kind from the extension."""
    items: list[ImportItem] = []
    seen: set[str] = set()
    for raw in paths:
        path = raw.rstrip("/\\") or raw
        if not path or path in seen:
            continue
        seen.add(path)
        name = PurePath(path)
        kind = kind_for_path(path)
        items.append(ImportItem(path, title=name.stem if kind else name.name, project_type=kind))
    return items


def describe(result: ImportResult) -> str:
    """The user's summary of an accepted import."""
    if not result.done:
        accepted = (
            QT_TRANSLATE_NOOP(
                "Messages",
                "SessionDock accepted {n} project for import; it appears as soon as it finishes.",
            )
            if result.total == 1
            else QT_TRANSLATE_NOOP(
                "Messages",
                "SessionDock accepted {n} projects for import; they appear as soon as it finishes.",
            )
        )
        return accepted.format(n=result.total)
    imported = (
        QT_TRANSLATE_NOOP("Messages", "Imported {count} of {n} project{details}")
        if result.total == 1
        else QT_TRANSLATE_NOOP("Messages", "Imported {count} of {n} projects{details}")
    )
    return imported.format(count=result.completed, n=result.total, details=_details(result))


def _details(result: ImportResult) -> str:
    if result.skipped and result.failed:
        both = QT_TRANSLATE_NOOP("Messages", ", {n} already in SessionDock, {count} failed")
        return both.format(n=result.skipped, count=result.failed)
    if result.skipped:
        return QT_TRANSLATE_NOOP("Messages", ", {n} already in SessionDock").format(
            n=result.skipped
        )
    if result.failed:
        return QT_TRANSLATE_NOOP("Messages", ", {n} failed").format(n=result.failed)
    return ""


class ImportService:
    """Sends imports through the write gate and words every outcome."""

    def __init__(self, source: ClientSource) -> None:
        self._source = source
        self.gate = WriteGate(source)

    async def run(self, paths: Sequence[str]) -> tuple[SaveResult, ImportResult | None]:
        """Import ``paths``; the result's message is what the user should read."""
        blocked = self.gate.write_block("Importing")
        items = import_items(paths)
        client = self._source.client
        if blocked or not items or client is None:
            return SaveResult(False, blocked or messages.NOTHING_TO_IMPORT), None
        try:
            result = await client.import_sessions(items, generate_previews=True)
        except ReadOnly:
            self._source.check_now()
            return SaveResult(False, messages.IMPORT_READ_ONLY), None
        except ServiceUnavailable as exc:
            return SaveResult(False, messages.import_unavailable(exc.message)), None
        except SessionDockError as exc:
            self._source.note_failure(exc)
            return SaveResult(False, messages.import_not_started(exc.user_message)), None
        logger.info("Import %s accepted: %s", result.import_id, result)
        self._source.request_sync()
        return SaveResult(True, describe(result), level=Level.INFO), result
