"""The GC's young collection runs after a keystroke's answer, not inside the next keystroke.

CPython collects at the allocation that crosses generation 0's threshold: a keystroke reading
50 new rows crossed it every few keystrokes and paid the collection before its rows showed. The
search service now runs the collection that is nearly due right after an answer (the loop is
idle then), so a keystroke of a few hundred allocations runs no collection at all. Measured with
the interpreter's own gc callbacks, on this thread only (no other threads run here).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.service_fakes import FakeSource, spawn

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import SessionIndex
from sessiondock_launcher.core.idle_gc import IDLE_GC_DELAY_S, collect_young_if_due
from sessiondock_launcher.core.search import ResultSet, SearchService


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """Generations collected while the test runs, with the GC on (the suite keeps it off)."""
    seen: list[int] = []

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    was_enabled = gc.isenabled()
    gc.collect()
    gc.callbacks.append(callback)
    gc.enable()
    try:
        yield seen
    finally:
        if not was_enabled:
            gc.disable()
        gc.callbacks.remove(callback)


def _young(count: int) -> list[list[int]]:
    return [[i] for i in range(count)]  # tracked containers, kept alive


def test_only_a_nearly_due_young_collection_runs(collections: list[int]) -> None:
    threshold0, threshold1, _ = gc.get_threshold()
    gc.collect()
    assert collect_young_if_due() is None  # just collected: nothing due
    kept = _young(threshold0 // 2)
    assert collect_young_if_due() == 0
    assert gc.get_count()[0] < threshold0 // 4
    for _ in range(threshold1 + 1):  # generation 1 falls due after enough young collections
        gc.collect(0)
    kept += _young(threshold0 // 2)
    collections.clear()
    assert collect_young_if_due() == 1
    assert collections == [1]  # never a full collection: CPython keeps its own rule for it
    gc.disable()
    kept += _young(threshold0 // 2)
    assert collect_young_if_due() is None  # the GC held off (a sync): left alone
    assert len(kept) == threshold0 // 2 * 3


@pytest.mark.asyncio
async def test_keystrokes_after_an_answer_run_no_collection(collections: list[int]) -> None:
    library = [Session(id=f"s{i}", title=f"Take {i} groove", tags=("mix",)) for i in range(500)]
    seen: list[ResultSet] = []
    svc = SearchService(SessionIndex(library), FakeSource(None), spawn, seen.append)
    threshold0 = gc.get_threshold()[0]
    inside: list[int] = []
    kept: list[object] = []
    svc.search("")  # the palette opens on the recent sessions
    for text in ("t", "ta", "tak", "take", "take ", "take 1", "take 12"):
        kept.append(_young(threshold0 * 2 // 3))  # what reading new rows allocates, and more
        await asyncio.sleep(IDLE_GC_DELAY_S * 3)  # the user reads, then types on
        before = len(collections)
        svc.search(text)
        kept.append(_young(threshold0 // 5))  # the keystroke's own allocations
        inside += collections[before:]
    assert [r.text for r in seen][-1] == "take 12"
    assert inside == []  # without the idle collection: one every other keystroke here
    assert svc.idle_gc.runs >= 7
