"""Library store: write, reconcile, open and load-for-ranking at 10k and 100k sessions.

Each phase runs in a fresh subprocess so RSS figures are not polluted by the previous phase:

- ``write``: a full reconcile of a realistic library (the simulator's generator, pages of 500)
  into a new store, then the same listing again (nothing changed: the steady-state background
  cost); store file size.
- ``stall``: the longest gap of a 1 ms asyncio ticker during a full reconcile with 2,000 changed
  sessions, writing on the loop and on a worker thread (the app's stall budget is 8 ms).
- ``load``: what a restart does before the first keystroke: ``open_store`` (with its integrity
  check), then ``build_snapshot_steps`` into a ``SessionIndex``; the longest single step (what an
  event loop would stall for), RSS before/after, and the details lookup of the 50 rows on screen.
- ``api`` (floor): the same library built the way the app does today, ``Session.from_api`` objects
  straight into a ``SessionIndex``; its RSS delta is what the store-backed index is compared with,
  and its build time (sessions already parsed) is the part of a load that ``core/library.py`` owns.
- ``restart``: ``StoredLibrary.load`` on an event loop, as the app starts: time to the first ranked
  result (from the first index of the most recently opened sessions), to the whole library, the
  longest loop gap meanwhile, and RSS after.
  Run without the index file (deleted first): the build from the store, then the index file
  written on the store's thread (its time, size and the longest loop gap while it is written).
- ``restart_file``: the same start with the index file the previous phase wrote: time until the
  whole library is searchable, the longest loop gap while the file loads on the worker thread
  and is installed, and RSS after.
- ``recent``: a first index of the 5,000 most recently opened sessions (to install at once while
  the full index loads at 100k).
- ``query``: ``answer_query`` wall time (the ``--query`` path without an instance), in-process,
  without the index file (built from the store, which writes the file) and with it; then the
  real command, ``python -m sessiondock_launcher --query mix`` in a fresh process with no
  instance running (process start included), median of 5.

``--pacing`` instead runs the full-reconcile pacer on a fake clock for one hour (30 palette opens,
each a one-request cheap check) with the issue's measured full-sync times at 10k and 50k, and
prints background requests per hour next to today's full sync every 5 minutes.

Usage: ``bench/bench_store.py [--sizes 10000 100000] [--json] [--pacing]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PAGE = 500


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _library(count: int) -> list[Any]:
    from sessiondock_launcher.api.models import Session
    from sessiondock_launcher.simulator.library import generate_library

    origin = "http://127.0.0.1:18432"
    now = datetime(2026, 12, 1, tzinfo=UTC)  # the same library in every phase's process
    raw = generate_library(count, 7, now)
    return [s for s in (Session.from_api(r, origin) for r in raw) if s]


def phase_write(path: Path, count: int) -> dict[str, Any]:
    from sessiondock_launcher.api.models import SessionPage
    from sessiondock_launcher.core.store import Reconciler, open_store, reconcile
    from sessiondock_launcher.core.store.reconcile import ASYNC_BATCH

    library = _library(count)
    pages = [
        SessionPage(tuple(library[at : at + PAGE]), count, PAGE, at) for at in range(0, count, PAGE)
    ]
    store, _ = open_store(path)
    started = time.perf_counter()
    first = reconcile(store, pages)
    full_s = time.perf_counter() - started
    started = time.perf_counter()
    again = reconcile(store, pages)
    unchanged_s = time.perf_counter() - started
    batch_times = []  # one reconcile_async step (ASYNC_BATCH sessions)
    changed = [dataclasses.replace(s, title=s.title + " v2") for s in library[:2_000]]
    reconciler = Reconciler(store)
    for at in range(0, len(changed), ASYNC_BATCH):
        t0 = time.perf_counter()
        reconciler.apply_page(changed[at : at + ASYNC_BATCH])
        batch_times.append(time.perf_counter() - t0)
    reconciler.abort()
    store.close()
    batch_times.sort()
    assert len(first.added) == count and again.unchanged == count
    size = sum(p.stat().st_size for p in path.parent.iterdir() if p.name.startswith(path.name))
    return {
        "reconcile_full_s": round(full_s, 3),
        "reconcile_unchanged_s": round(unchanged_s, 3),
        "changed_batch25_ms_p95": round(batch_times[int(len(batch_times) * 0.95)] * 1000, 1),
        "changed_batch25_ms_max": round(batch_times[-1] * 1000, 1),
        "store_mb": round(size / 1e6, 1),
    }


def phase_stall(path: Path, count: int) -> dict[str, Any]:
    """Longest event-loop gap (1 ms ticker) during a full reconcile with 2,000 changed sessions,
    writing on the loop (``reconcile_async``) and on a worker thread (``reconcile_in_thread``)."""
    import asyncio

    from sessiondock_launcher.core.store import open_store, reconcile_async, reconcile_in_thread

    library = _library(count)
    store, _ = open_store(path)
    result: dict[str, Any] = {}
    for name, apply, suffix in (
        ("loop", reconcile_async, " v3"),
        ("thread", reconcile_in_thread, " v4"),
    ):
        listing = [dataclasses.replace(s, title=s.title + suffix) for s in library[:2_000]]
        listing += library[2_000:]

        async def pages(listing: list[Any] = listing) -> Any:
            from sessiondock_launcher.api.models import SessionPage

            for at in range(0, count, PAGE):
                yield SessionPage(tuple(listing[at : at + PAGE]), count, PAGE, at)
                await asyncio.sleep(0)

        async def measure(apply: Any = apply, pages: Any = pages) -> tuple[float, float, float]:
            gaps: list[float] = []
            done = asyncio.Event()

            async def ticker() -> None:
                last = time.perf_counter()
                while not done.is_set():
                    await asyncio.sleep(0.001)
                    now = time.perf_counter()
                    gaps.append(now - last)
                    last = now

            tick = asyncio.create_task(ticker())
            started = time.perf_counter()
            await apply(store, pages())
            took = time.perf_counter() - started
            done.set()
            await tick
            gaps.sort()
            return took, gaps[int(len(gaps) * 0.99)], gaps[-1]

        gc.disable()
        took, p99, worst = asyncio.run(measure())
        gc.enable()
        result[f"stall_{name}_s"] = round(took, 2)
        result[f"stall_{name}_gap_ms_p99"] = round(p99 * 1000, 1)
        result[f"stall_{name}_gap_ms_max"] = round(worst * 1000, 1)
    store.close()
    return result


def phase_load(path: Path) -> dict[str, Any]:
    from sessiondock_launcher.core.index import SessionIndex
    from sessiondock_launcher.core.query import parse_query
    from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
    from sessiondock_launcher.core.store import build_snapshot_steps, open_store

    gc.collect()
    rss_before = _rss_mb()
    started = time.perf_counter()
    store, report = open_store(path)
    open_s = time.perf_counter() - started
    t0 = time.perf_counter()
    store.connection.execute("PRAGMA quick_check(1)").fetchone()
    check_s = time.perf_counter() - t0
    builder = SnapshotBuilder()
    finishing = [False]
    assemble = builder.finish_steps

    def tracked() -> Iterator[None]:
        finishing[0] = True
        yield from assemble()

    builder.finish_steps = tracked  # type: ignore[method-assign]
    read_steps: list[float] = []
    finish_steps: list[float] = []
    gc.disable()  # as the app holds the cyclic GC while it syncs (ui/link.py)
    started = time.perf_counter()
    t0 = started
    for _ in build_snapshot_steps(store, builder):
        now = time.perf_counter()
        (finish_steps if finishing[0] else read_steps).append(now - t0)
        t0 = now
    index = SessionIndex()
    index.install(builder.result())
    load_s = time.perf_counter() - started
    first = index.search(parse_query("mix"), 50)
    to_first_result_s = time.perf_counter() - started + open_s
    ids = [m.session.id for m in first.matches]
    t0 = time.perf_counter()
    details = store.get_many(ids)
    details_ms = (time.perf_counter() - t0) * 1000
    assert len(details) == len(ids)
    gc.enable()
    gc.collect()
    rss_after = _rss_mb()
    read_steps.sort()
    return {
        "outcome": report.outcome.value,
        "open_s": round(open_s, 3),
        "quick_check_s": round(check_s, 3),
        "load_s": round(load_s, 3),
        "restart_to_first_result_s": round(to_first_result_s, 3),
        "read_step_ms_p95": round(read_steps[int(len(read_steps) * 0.95)] * 1000, 1),
        "read_step_ms_max": round(read_steps[-1] * 1000, 1),
        "finish_step_ms_max": round(max(finish_steps) * 1000, 1),
        "details_50_rows_ms": round(details_ms, 2),
        "rss_delta_mb": round(rss_after - rss_before, 1),
        "sessions": len(index),
    }


async def _ticking(done: Any, gaps: list[float], on_tick: Any = None) -> None:
    """Tick every 1 ms until ``done``, recording the gaps between ticks."""
    import asyncio

    last = time.perf_counter()
    while not done.done():
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        if on_tick is not None:
            on_tick()
        last = time.perf_counter()


async def _timed_write(path: Path) -> dict[str, Any]:
    """Wait for the index file's write queued on the store's thread, ticking the loop."""
    import asyncio

    from sessiondock_launcher.core.store.persisted import index_path
    from sessiondock_launcher.core.store.threaded import _executor as store_thread

    write_started = time.perf_counter()
    written = asyncio.wrap_future(store_thread().submit(lambda: None))
    write_gaps: list[float] = []
    await _ticking(written, write_gaps)
    return {
        "index_file_write_s": round(time.perf_counter() - write_started, 3),
        "index_file_write_loop_gap_ms_max": round(max(write_gaps) * 1000, 1),
        "index_file_mb": round(index_path(path).stat().st_size / 1e6, 1),
    }


def phase_restart(path: Path, *, with_file: bool = False) -> dict[str, Any]:
    """What the app does at start (``StoredLibrary.load`` on a loop): time from opening the store
    to the first ranked result (the first index of the most recently opened sessions), to the
    whole library searchable, the longest loop gap meanwhile, and RSS after. ``with_file``: the
    index file is there (else it is deleted first, and its write after the build is measured)."""
    import asyncio

    from sessiondock_launcher.core.index import SessionIndex
    from sessiondock_launcher.core.query import parse_query
    from sessiondock_launcher.core.store import StoredLibrary, open_store
    from sessiondock_launcher.core.store.persisted import index_path

    if not with_file:
        index_path(path).unlink(missing_ok=True)
    elif not index_path(path).is_file():
        raise SystemExit("restart_file needs the index file of the restart phase")
    gc.collect()
    rss_before = _rss_mb()
    key = "restart_file" if with_file else "restart"

    async def run() -> dict[str, Any]:
        started = time.perf_counter()
        store, _ = open_store(path)
        index = SessionIndex()
        kept = StoredLibrary(store, index, index_write_delay_s=0)  # (the app waits 5 s)
        load = asyncio.create_task(kept.load())
        gaps: list[float] = []
        first: list[float] = []
        found: list[int] = []

        def probe() -> None:
            if not first and len(index):
                found.append(len(index.search(parse_query("mix"), 50).matches))
                first.append(time.perf_counter() - started)

        await _ticking(load, gaps, probe)
        total = await load
        full_s = time.perf_counter() - started
        first_s = first[0] if first else full_s
        result = {
            f"{key}_first_result_s": round(first_s, 3),
            f"{key}_first_rows": found[0] if found else 0,
            f"{key}_full_index_s": round(full_s, 3),
            f"{key}_loop_gap_ms_max": round(max(gaps, default=0.0) * 1000, 1),
            f"{key}_sessions": total,
        }
        if not with_file:  # the build queued the file's write on the store's thread: time it
            result.update(await _timed_write(path))
        store.close()
        return result

    result = asyncio.run(run())
    gc.collect()
    result[f"{key}_rss_delta_mb"] = round(_rss_mb() - rss_before, 1)
    return result


def phase_api(count: int) -> dict[str, Any]:
    from sessiondock_launcher.core.index import SessionIndex

    gc.collect()
    rss_before = _rss_mb()
    library = _library(count)
    started = time.perf_counter()
    index = SessionIndex(library)  # the snapshot build alone, from sessions already parsed
    build_s = time.perf_counter() - started
    del library
    gc.collect()
    return {
        "rss_delta_mb": round(_rss_mb() - rss_before, 1),
        "build_s": round(build_s, 3),
        "sessions": len(index),
    }


def phase_recent(path: Path, count: int) -> dict[str, Any]:
    from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
    from sessiondock_launcher.core.store import build_snapshot_steps, open_store

    store, _ = open_store(path)
    started = time.perf_counter()
    builder = SnapshotBuilder()
    for _ in build_snapshot_steps(store, builder, most_recent=count):
        pass
    store.close()
    return {"first_index_s": round(time.perf_counter() - started, 3), "sessions": count}


def phase_query(path: Path) -> dict[str, Any]:
    import os
    import statistics

    from sessiondock_launcher.core.store import answer_query
    from sessiondock_launcher.core.store.persisted import index_path

    index_path(path).unlink(missing_ok=True)
    started = time.perf_counter()
    slow = answer_query(path, "mix", True)
    slow_s = time.perf_counter() - started
    started = time.perf_counter()
    fast = answer_query(path, "mix", True)  # the slow path wrote the index file
    fast_s = time.perf_counter() - started
    # The real command in a fresh process, no instance running: SESSIONDOCK_LAUNCHER_HOME/data.
    env = {**os.environ, "SESSIONDOCK_LAUNCHER_HOME": str(path.parent.parent)}
    env.pop("DISPLAY", None)
    runs: list[float] = []
    for _ in range(5):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "sessiondock_launcher", "--query", "mix", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        runs.append(time.perf_counter() - started)
        if (done.returncode, done.stdout) != (0, fast[1]):
            raise SystemExit(f"--query differs from answer_query: {done.returncode} {done.stderr}")
    return {
        "answer_s": round(slow_s, 3),
        "answer_with_file_s": round(fast_s, 3),
        "same_output": slow == fast,
        "cli_query_with_file_s_median": round(statistics.median(runs), 3),
        "exit": fast[0],
        "bytes": len(fast[1]),
    }


SYNC_SECONDS = {10_000: 2.6, 50_000: 49.0}
"""Full-sync wall times from issue 13's measurements (loopback SessionDock), pacing inputs."""


def pacing(
    total: int, sync_s: float, *, page_size: int = PAGE, opens_per_hour: int = 30, hours: int = 8
) -> dict[str, Any]:
    """Background requests per hour under ``FullSyncPacer`` vs a full sync every 5 minutes.

    A fake clock runs the pacer for ``hours`` (a working day): each palette open makes one
    cheap-check request and asks for a full reconcile, which starts when the pacer allows.
    """
    from sessiondock_launcher.core.store import FullSyncPacer

    pages = -(-total // page_size)
    pacer = FullSyncPacer()
    fulls, cheap, now, busy = 0, 0, 0.0, 0.0
    opens = [i * 3600.0 / opens_per_hour for i in range(opens_per_hour * hours)]
    for at in opens:
        now = max(now, at)
        cheap += 1
        if pacer.try_start(now):
            fulls += 1
            busy += sync_s
            pacer.finished(now + sync_s)
    per_hour_now = 3600 / 300
    return {
        "sessions": total,
        "full_sync_s": sync_s,
        "full_reconciles_per_h": round(fulls / hours, 1),
        "requests_per_h": round((fulls * pages + cheap) / hours),
        "sessiondock_busy_share": round(busy / (3600 * hours), 4),
        "today_requests_per_h": round(per_hour_now * pages),
        "today_busy_share": round(min(1.0, per_hour_now * sync_s / 3600), 4),
    }


def _child(phase: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", phase, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def bench_size(count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data" / "library.sqlite3"
        row: dict[str, Any] = {"sessions": count}
        row.update(_child("write", str(path), str(count)))
        row.update(_child("stall", str(path), str(count)))
        load = _child("load", str(path))
        row.update({k: v for k, v in load.items() if k != "sessions"})
        row.update(_child("restart", str(path)))
        row.update(_child("restart_file", str(path)))
        floor = _child("api", str(count))
        row["rss_delta_api_floor_mb"] = floor["rss_delta_mb"]
        row["snapshot_build_floor_s"] = floor["build_s"]
        row["recent_5000_first_index_s"] = _child("recent", str(path), "5000")["first_index_s"]
        row.update(_child("query", str(path)))
    return row


def _run_child(phase: str, *rest: str) -> dict[str, Any]:
    if phase == "api":
        return phase_api(int(rest[0]))
    path = Path(rest[0])
    if phase == "load":
        return phase_load(path)
    if phase == "restart":
        return phase_restart(path)
    if phase == "restart_file":
        return phase_restart(path, with_file=True)
    if phase == "query":
        return phase_query(path)
    sized = {"write": phase_write, "stall": phase_stall, "recent": phase_recent}
    return sized[phase](path, int(rest[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--pacing", action="store_true", help="only the requests-per-hour model (no store)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_run_child(*args.child)))
        return 0
    if args.pacing:
        rows = [pacing(total, seconds) for total, seconds in SYNC_SECONDS.items()]
    else:
        rows = [bench_size(count) for count in args.sizes]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"--- {row['sessions']} sessions")
            for key, value in row.items():
                print(f"  {key:28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
