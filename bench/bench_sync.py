"""A full sync against the bare httpx paging of the same pages (issue 13, item 5: <= 1.2x).

Against a ``SimulatorProcess`` of each size, interleaved so both see the same machine:

- ``bare``: an ``httpx.AsyncClient`` pages ``GET /sessions`` (``limit`` = the app's page size,
  capped by the server) and ``json.loads`` each answer: the floor, what any client must pay.
- ``first``: ``StoredLibrary.full_reconcile`` over the app's ``SessionDockClient.iter_raw_pages``
  into a new store file (every session added, written on the store's writer thread), then the
  index rebuilt from the store, as the app's first sync does.
- ``again``: the same reconcile once more (nothing changed: the steady-state background sync).
- ``client``: the app's ``iter_raw_pages`` alone, no store (what the app's HTTP client and pager
  cost over the bare floor; the store's part of a sync is ``again`` less this).

Each run also records the event loop's longest gap (a 1 ms asyncio ticker), less the run-queue
wait of the loop's thread (``/proc/thread-self/schedstat``: the machine's load, not our code).

    .venv/bin/python bench/bench_sync.py [--sizes 10000 100000] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from sessiondock_launcher.api import SessionDockClient
from sessiondock_launcher.core.index import SessionIndex
from sessiondock_launcher.core.store import FullSyncPacer, StoredLibrary, open_store
from sessiondock_launcher.simulator.runner import SimulatorProcess

PAGE_SIZE = 500  # ui/connection/link.py SYNC_PAGE_SIZE
BUDGET_RATIO = 1.2
LOOP_CPU: list[float] = []
"""The loop thread's CPU seconds of each measured run (in order)."""
REBUILDS: list[float] = []
"""Seconds of each index rebuild after a reconcile (``StoredLibrary._rebuild``)."""


def _time_rebuilds() -> None:
    rebuild = StoredLibrary._rebuild

    async def timed(self: StoredLibrary, most_recent: int | None = None) -> int:
        started = time.perf_counter()
        try:
            return await rebuild(self, most_recent)
        finally:
            REBUILDS.append(time.perf_counter() - started)

    StoredLibrary._rebuild = timed  # type: ignore[method-assign]


def _run_delay_s() -> float:
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as stat:  # noqa: PTH123
            return int(stat.read().split()[1]) / 1e9
    except OSError:
        return 0.0


async def _with_gaps(work: Callable[[], Awaitable[Any]]) -> tuple[float, float, Any]:
    """Wall seconds of ``work`` and the loop's longest gap (ms) meanwhile, load taken out."""
    done = False
    worst = 0.0

    async def ticker() -> None:
        nonlocal worst
        last, waited = time.perf_counter(), _run_delay_s()
        while not done:
            await asyncio.sleep(0.001)
            now, queued = time.perf_counter(), _run_delay_s()
            worst = max(worst, (now - last) - (queued - waited))
            last, waited = now, queued

    tick = asyncio.create_task(ticker())
    started, cpu = time.perf_counter(), time.thread_time()
    result = await work()
    took = time.perf_counter() - started
    LOOP_CPU.append(time.thread_time() - cpu)
    done = True
    await tick
    return took, worst * 1000, result


async def bare_paging(sim: SimulatorProcess) -> int:
    headers = {"Authorization": f"Bearer {sim.token}", "Accept": "application/json"}
    received = 0
    async with httpx.AsyncClient(base_url=sim.base_url, headers=headers, trust_env=False) as c:
        offset = 0
        while True:
            answer = await c.get("/sessions", params={"limit": PAGE_SIZE, "offset": offset})
            page = json.loads(answer.content)
            count = len(page["data"])
            received += count
            offset += count
            if not count or offset >= page["meta"]["total"]:
                return received


async def client_paging(sim: SimulatorProcess) -> int:
    received = 0
    async with SessionDockClient(sim.base_url, sim.token) as client:
        async for page in client.iter_raw_pages(page_size=PAGE_SIZE):
            received += len(page.sessions)
    return received


async def full_sync(sim: SimulatorProcess, library: StoredLibrary) -> int:
    async with SessionDockClient(sim.base_url, sim.token) as client:
        changes = await library.full_reconcile(client.iter_raw_pages(page_size=PAGE_SIZE))
    assert changes.complete, changes
    return changes.received


async def bench_size(size: int, runs: int, scratch: Path) -> dict[str, Any]:
    sim = SimulatorProcess(size=size, startup_timeout=180).start()
    rows: dict[str, list[tuple[float, float]]] = {
        "bare": [],
        "client": [],
        "first": [],
        "again": [],
    }
    cpu: dict[str, list[float]] = {name: [] for name in rows}
    rebuild: dict[str, list[float]] = {name: [] for name in rows}
    try:
        await bare_paging(sim)  # warm the server's caches and our imports
        for run in range(runs):
            store, _ = open_store(scratch / f"s{size}-{run}" / "library.sqlite3")
            library = StoredLibrary(
                store, SessionIndex(), pacer=FullSyncPacer(share=1.0, min_interval_s=0.0)
            )
            try:
                for name, work in (
                    ("bare", lambda: bare_paging(sim)),
                    ("client", lambda: client_paging(sim)),
                    ("first", lambda library=library: full_sync(sim, library)),
                    ("again", lambda library=library: full_sync(sim, library)),
                ):
                    gc.collect()
                    rebuilt = len(REBUILDS)
                    took, gap, received = await _with_gaps(work)
                    assert received == size, (name, received)
                    rows[name].append((took, gap))
                    cpu[name].append(LOOP_CPU[-1])
                    rebuild[name].append(sum(REBUILDS[rebuilt:]))
            finally:
                store.close()
    finally:
        sim.terminate()
    bare = statistics.median(t for t, _ in rows["bare"])
    result: dict[str, Any] = {"size": size, "runs": runs, "bare_paging_s": round(bare, 2)}
    for name in ("first", "again"):
        took = statistics.median(t for t, _ in rows[name])
        result[f"{name}_sync_s"] = round(took, 2)
        result[f"{name}_ratio"] = round(took / bare, 2)
        result[f"{name}_max_loop_gap_ms"] = round(max(g for _, g in rows[name]), 1)
        result[f"{name}_loop_cpu_s"] = round(statistics.median(cpu[name]), 2)
        result[f"{name}_index_rebuild_s"] = round(statistics.median(rebuild[name]), 2)
    client = statistics.median(t for t, _ in rows["client"])
    result["client_paging_s"] = round(client, 2)
    result["client_ratio"] = round(client / bare, 2)
    result["client_loop_cpu_s"] = round(statistics.median(cpu["client"]), 2)
    result["bare_loop_cpu_s"] = round(statistics.median(cpu["bare"]), 2)
    result["bare_max_loop_gap_ms"] = round(max(g for _, g in rows["bare"]), 1)
    result["load"] = [round(x, 2) for x in os.getloadavg()]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    _time_rebuilds()
    with tempfile.TemporaryDirectory(prefix="sdl-bench-sync-") as scratch:
        results = [asyncio.run(bench_size(s, args.runs, Path(scratch))) for s in args.sizes]
    if args.json:
        print(json.dumps({"benchmark": "sync", "budget_ratio": BUDGET_RATIO, "sizes": results}))
    else:
        for row in results:
            verdict = "PASS" if row["first_ratio"] <= BUDGET_RATIO else "OVER"
            print(json.dumps(row), verdict, file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
