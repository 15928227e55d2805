"""Soak: thousands of searches and hundreds of focus requests through the real launcher.

The real ``Launcher`` runs in-process (offscreen Qt, one qasync loop) against a
``SimulatorProcess`` on a real socket. After a warm-up it types ``--searches`` queries into the
palette (``palette.search.setText``: controller, index, model and view, as a keystroke does) and
sends ``--focuses`` focus requests (``controller.focus_session``: HTTP, frecency update and save),
interleaved, letting the event loop run between them. A 5 ms timer records event-loop gaps
meanwhile.

Reported, at the start (after the warm-up) and at the end (after ``gc.collect()``): RSS (VmRSS),
asyncio tasks, open file descriptors and sockets (``/proc/self/fd``), threads, live Python
objects. Budgets: RSS growth <= 10 MB; tasks, fds and sockets back to the start values (sockets
may differ by the idle keep-alive pool of at most 4). Exit code 1 when a budget is missed.

    .venv/bin/python bench/soak.py [--searches 5000] [--focuses 500] [--size 2000] [--json]
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import argparse
import asyncio
import gc
import json
import logging
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMessageLogContext, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

# isort: split
import qasync

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.logs import SecretFilter
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import ConnectionConfig, Settings
from sessiondock_launcher.simulator.runner import SimulatorProcess

RSS_BUDGET_MB = 10.0
KEEPALIVE_SOCKETS = 4
WORDS = (
    "midnight",
    "drive",
    "neon",
    "glass",
    "harbor",
    "velvet",
    "static",
    "echo",
    "afterglow",
    "orbit",
    "resonance",
    "launch",
    "cue",
    "summer",
    "rain",
    "signal",
    "pulse",
    "gravity",
    "paper",
    "tides",
    "ghost",
    "chrome",
    "lantern",
    "monsoon",
    "skyline",
    "cassette",
    "ember",
    "horizon",
    "wildfire",
    "sunday",
    "mix",
    "stems",
    "demo",
    "v2",
    "final",
)
FILTERS = ("", "", "", "#mix ", "kind:ableton ", "status:mixing ", "recent ", "#priority ")


@dataclass
class Snapshot:
    rss_mb: float
    tasks: int
    fds: int
    sockets: int
    threads: int
    objects: int
    frozen: int
    """Objects in the permanent generation (``gc.freeze()``), never examined by the GC."""
    """gc-tracked objects outside the frozen generation (the app freezes its library)."""


def snapshot() -> Snapshot:
    gc.collect()
    rss_kb = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
    fds = sockets = 0
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:  # the directory's own fd, gone by now
            continue
        fds += 1
        sockets += target.startswith("socket:")
    return Snapshot(
        rss_mb=round(rss_kb / 1024, 1),
        tasks=len(asyncio.all_tasks()),
        fds=fds,
        sockets=sockets,
        threads=threading.active_count(),
        objects=len(gc.get_objects()),
        frozen=gc.get_freeze_count(),
    )


class GapTimer:
    """A 5 ms QTimer that keeps every gap between its ticks."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = None
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append((now - self._last) * 1000)
        self._last = now


def queries(rng: random.Random, count: int) -> list[str]:
    """``count`` keystroke states: growing prefixes of realistic queries, then a clear."""
    out: list[str] = []
    while len(out) < count:
        text = rng.choice(FILTERS) + " ".join(rng.sample(WORDS, rng.randint(1, 2)))
        out.extend(text[:n] for n in range(1, len(text) + 1))
        out.append("")
    return out[:count]


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))], 2)


async def wait_until(predicate: Any, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.02)


async def drive(launcher: Launcher, searches: int, focuses: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    palette, controller = launcher.palette, launcher.controller
    texts = queries(rng, searches)
    every = max(1, searches // max(1, focuses))
    search_ms: list[float] = []
    focus_ms: list[float] = []
    failures: dict[str, int] = {}
    messages: list[str] = []
    launcher.bridge.message_posted.connect(lambda m: messages.append(m.text))
    for n, text in enumerate(texts):
        palette.show_palette()
        started = time.perf_counter()
        palette.search.setText(text)
        search_ms.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0)  # paint, timers, thumbnails: what the loop does between keys
        if n % every == every - 1 and len(focus_ms) < focuses:
            session = palette.current_session() or rng.choice(launcher.index.recent(200))
            started = time.perf_counter()
            ok = await controller.focus_session(session)
            focus_ms.append((time.perf_counter() - started) * 1000)
            if not ok:
                failures[messages[-1] if messages else "?"] = failures.get(messages[-1], 0) + 1
    while len(focus_ms) < focuses:  # fewer searches than focuses asked for
        session = rng.choice(launcher.index.recent(200))
        started = time.perf_counter()
        await controller.focus_session(session)
        focus_ms.append((time.perf_counter() - started) * 1000)
    palette.search.setText("")
    palette.hide()
    return {
        "searches": len(search_ms),
        "focuses": len(focus_ms),
        "focus_failures": failures,
        "search_ms": {
            "p50": pct(search_ms, 50),
            "p99": pct(search_ms, 99),
            "max": pct(search_ms, 100),
        },
        "focus_ms": {"p50": pct(focus_ms, 50), "p99": pct(focus_ms, 99), "max": pct(focus_ms, 100)},
        "mean_search_ms": round(statistics.fmean(search_ms), 3) if search_ms else 0.0,
    }


async def settle(seconds: float) -> None:
    """Let keep-alive timers, closing transports and deferred deletes run."""
    await asyncio.sleep(seconds)
    QApplication.processEvents()


async def soak(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    sim = SimulatorProcess(size=args.size, startup_timeout=120).start()
    try:
        paths = AppPaths(scratch / "config", scratch / "data", scratch / "cache", scratch / "logs")
        paths.ensure()
        connection = ConnectionConfig(sim.base_url, sim.token, "environment", "environment")
        before_launcher = snapshot()
        launcher = Launcher(connection, Settings(), paths, SecretFilter())
        launcher.hold.__enter__()  # offscreen: no window manager keeps it active
        launcher.start(show=False)
        await wait_until(lambda: launcher.link.sync.is_synced, 120)
        try:
            warm = await drive(launcher, args.warmup, max(1, args.warmup // 10), seed=1)
            await settle(1.0)
            start = snapshot()
            syncs: list[float] = []
            launcher.link.library_synced.connect(lambda: syncs.append(time.perf_counter()))
            gaps = GapTimer()
            gaps.start()
            started = time.perf_counter()
            run = await drive(launcher, args.searches, args.focuses, seed=args.seed)
            elapsed = time.perf_counter() - started
            gaps.stop()
            await settle(args.settle)
            end = snapshot()
            # Diagnosis: garbage the GC could not see because a sync froze it.
            gc.unfreeze()
            unfrozen = snapshot()
        finally:
            await launcher.shutdown()
        await settle(0.5)
        after_shutdown = snapshot()
    finally:
        sim.terminate()
    growth = round(end.rss_mb - start.rss_mb, 1)
    verdicts = {
        "rss_growth": growth <= RSS_BUDGET_MB,
        "tasks_back_to_start": end.tasks <= start.tasks,
        "fds_back_to_start": end.fds <= start.fds + KEEPALIVE_SOCKETS,
        "sockets_back_to_start": end.sockets <= max(start.sockets, KEEPALIVE_SOCKETS + 1),
        "no_sockets_after_shutdown": after_shutdown.sockets <= before_launcher.sockets,
    }
    return {
        "python": sys.version.split()[0],
        "library_size": args.size,
        "elapsed_s": round(elapsed, 1),
        "warmup": {"searches": warm["searches"], "focuses": warm["focuses"]},
        "run": run,
        "loop_gaps_ms": {
            "p99": pct(gaps.gaps, 99),
            "max": pct(gaps.gaps, 100),
            "over_100ms": sum(1 for g in gaps.gaps if g > 100),
        },
        "before_launcher": asdict(before_launcher),
        "start": asdict(start),
        "end": asdict(end),
        "after_shutdown": asdict(after_shutdown),
        "rss_growth_mb": growth,
        "syncs_during_run": len(syncs),
        "end_after_unfreeze_and_collect": asdict(unfrozen),
        "budget": {"rss_growth_mb": RSS_BUDGET_MB, "tasks/fds/sockets": "back to start"},
        "verdicts": verdicts,
        "ok": all(verdicts.values()),
    }


def quiet_qt(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--searches", type=int, default=5_000)
    parser.add_argument("--focuses", type=int, default=500)
    parser.add_argument("--size", type=int, default=2_000, help="simulator library size")
    parser.add_argument("--warmup", type=int, default=300, help="searches before the baseline")
    parser.add_argument("--settle", type=float, default=2.0, help="idle seconds before the end")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    qInstallMessageHandler(quiet_qt)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    with tempfile.TemporaryDirectory(prefix="sdl-soak-") as scratch:
        coro = soak(args, Path(scratch))
        if sys.version_info >= (3, 12):
            result = asyncio.run(coro, loop_factory=qasync.QEventLoop)
        else:
            result = qasync.run(coro)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['run']['searches']} searches, {result['run']['focuses']} focuses in "
            f"{result['elapsed_s']} s against {args.size} sessions"
        )
        for key in ("start", "end", "after_shutdown"):
            print(f"  {key:<15} {result[key]}")
        print(f"  RSS growth {result['rss_growth_mb']} MB (budget {RSS_BUDGET_MB} MB)")
        print(f"  search ms {result['run']['search_ms']}  focus ms {result['run']['focus_ms']}")
        print(f"  loop gaps ms {result['loop_gaps_ms']}")
        print(f"  verdicts {result['verdicts']}  -> {'OK' if result['ok'] else 'OVER BUDGET'}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
