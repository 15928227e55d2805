"""What runs on the GUI thread while a fresh launcher connects and syncs: a focused profiler.

Starts a ``SimulatorProcess`` of ``--size`` sessions and the real ``Launcher`` (offscreen), shows
the palette, waits for the sync and the thumbnails, and reports:

- the longest gaps of a 1 ms ``QTimer`` (bench_palette's ``TickRecorder``) with their phase and
  the GC inside them;
- every asyncio callback that ran longer than ``--slow-ms`` on the GUI thread: its wall time and
  its *thread CPU time* (``time.thread_time``: not inflated by other processes' load, but it does
  not count time spent waiting for the GIL), grouped by what ran (the task's coroutine);
- with ``--sample``, a stack sampler thread (every 1 ms) names the code inside each slow callback
  (our frames only), so a 30 ms step says *where* its 30 ms went;
- with ``--profile``, cProfile's top functions by total time over the whole connect + sync.

    .venv/bin/python bench/profile_sync.py [--size 10000] [--slow-ms 4] [--sample] [--profile]
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import argparse
import asyncio
import collections
import contextlib
import cProfile
import json
import pstats
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import qasync
from PySide6.QtWidgets import QApplication

import bench_palette as bp
from sessiondock_launcher.simulator.runner import SimulatorProcess

_OURS = ("sessiondock_launcher", "httpx", "httpcore", "qasync", "asyncio", "sqlite3", "json")


def _run_delay_s() -> float:
    """Seconds this thread waited on a run queue (preempted by other processes) so far."""
    with open("/proc/thread-self/schedstat", encoding="ascii") as stat:  # noqa: PTH123
        return int(stat.read().split()[1]) / 1e9


class AdjustedTicks(bp.TickRecorder):
    """bench_palette's 1 ms ticker, each gap also less the run-queue wait inside it (what the
    machine's load took, not our code): the LoopGapMonitor's rule, at 1 ms."""

    def __init__(self) -> None:
        super().__init__()
        self.delays: list[float] = []
        self.cpu: list[float] = []

    def _tick(self) -> None:
        super()._tick()
        self.delays.append(_run_delay_s())
        self.cpu.append(time.thread_time())

    def start(self, phase: str = "start") -> None:
        super().start(phase)
        self.delays = [_run_delay_s()]
        self.cpu = [time.thread_time()]

    def stop(self) -> None:
        super().stop()
        self.delays.append(_run_delay_s())
        self.cpu.append(time.thread_time())

    def worst_composed(self, count: int = 8) -> list[dict[str, float]]:
        """The longest adjusted gaps split: our CPU, run-queue wait, and the rest (waiting for
        the GIL or blocked)."""
        rows = []
        for i in range(len(self.ticks) - 1):
            raw = self.ticks[i + 1] - self.ticks[i]
            queued = max(0.0, self.delays[i + 1] - self.delays[i])
            cpu = self.cpu[i + 1] - self.cpu[i]
            rows.append((raw - queued, raw, queued, cpu, self.ticks[i] - self.ticks[0]))
        rows.sort(reverse=True)
        return [
            {
                "adjusted_ms": round(adj * 1000, 1),
                "cpu_ms": round(cpu * 1000, 1),
                "other_ms": round((adj - cpu) * 1000, 1),
                "queued_ms": round(queued * 1000, 1),
                "at_s": round(at, 3),
            }
            for adj, _raw, queued, cpu, at in rows[:count]
        ]

    def adjusted_gaps(self) -> list[float]:
        return [
            (b - a) - max(0.0, db - da)
            for a, b, da, db in zip(
                self.ticks, self.ticks[1:], self.delays, self.delays[1:], strict=False
            )
        ]


class SlowCallbacks:
    """Times every ``asyncio.Handle._run`` on the GUI thread (wall and thread CPU)."""

    def __init__(self, slow_ms: float) -> None:
        self.slow_s = slow_ms / 1000
        self.slow: list[dict[str, Any]] = []
        self.cpu_by_name: collections.Counter[str] = collections.Counter()
        self.count_by_name: collections.Counter[str] = collections.Counter()
        self.max_by_name: dict[str, float] = {}
        self._original = asyncio.events.Handle._run
        self.current: tuple[float, str] | None = None

    def install(self) -> None:
        original = self._original
        watcher = self

        def _run(handle: asyncio.Handle) -> None:
            name = _name_of(handle)
            t0, c0 = time.perf_counter(), time.thread_time()
            watcher.current = (t0, name)
            try:
                original(handle)
            finally:
                wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
                watcher.current = None
                watcher.cpu_by_name[name] += cpu
                watcher.count_by_name[name] += 1
                watcher.max_by_name[name] = max(watcher.max_by_name.get(name, 0.0), cpu)
                if wall >= watcher.slow_s:
                    watcher.slow.append({"at": t0, "wall": wall, "cpu": cpu, "name": name})

        asyncio.events.Handle._run = _run  # type: ignore[method-assign]

    def uninstall(self) -> None:
        asyncio.events.Handle._run = self._original  # type: ignore[method-assign]


def _name_of(handle: asyncio.Handle) -> str:
    callback = handle._callback
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task):
        coro = owner.get_coro()
        return f"task {owner.get_name()}: {getattr(coro, '__qualname__', coro)}"
    return getattr(callback, "__qualname__", repr(callback))


class Sampler(threading.Thread):
    """Samples the GUI thread's stack every ``period`` seconds (our frames, innermost 4)."""

    def __init__(self, target: int, period: float = 0.001, depth: int = 4) -> None:
        super().__init__(daemon=True)
        self.depth = depth
        self.target = target
        self.period = period
        self.samples: list[tuple[float, str]] = []
        self.stop_flag = threading.Event()

    def run(self) -> None:
        while not self.stop_flag.wait(self.period):
            frame = sys._current_frames().get(self.target)
            names: list[str] = []
            while frame is not None and len(names) < self.depth:
                file = frame.f_code.co_filename
                if any(part in file for part in _OURS):
                    short = file.rsplit("/", 2)
                    names.append(f"{short[-1]}:{frame.f_code.co_name}:{frame.f_lineno}")
                frame = frame.f_back
            self.samples.append((time.perf_counter(), " < ".join(names)))


CATEGORIES = (
    ("rebuild (keeper._rebuild / snapshot_build)", ("build_snapshot_steps", "snapshot_build")),
    ("status emit (link._set)", ("link.py:_set",)),
    ("json.loads", ("_parse_json",)),
    ("page building (session_page)", ("session_page",)),
    ("reconcile on loop", ("reconcile.py", "threaded.py")),
    ("thumbnails", ("thumbnails.py", "image_decode")),
    ("search/palette", ("search.py", "window.py", "results_model", "index.py")),
    ("httpx/httpcore", ("httpx", "httpcore", "_transport.py")),
    ("qasync/asyncio", ("qasync", "asyncio")),
)


def _categories(samples: list[tuple[float, str]]) -> dict[str, int]:
    counts: collections.Counter[str] = collections.Counter()
    for _at, stack in samples:
        if not stack:
            counts["(idle / C++ / GIL wait)"] += 1
            continue
        for name, needles in CATEGORIES:
            if any(n in stack for n in needles):
                counts[name] += 1
                break
        else:
            counts["other: " + stack.split(" < ")[0]] += 1
    return dict(counts.most_common(25))


class Timed:
    """Thread CPU time and wall time of every call of ``owner.name`` (patched for the run)."""

    def __init__(self, owner: Any, name: str) -> None:
        self.owner, self.name = owner, name
        self.original = getattr(owner, name)
        self.calls: list[tuple[float, float]] = []

    def __enter__(self) -> Timed:
        original, calls = self.original, self.calls

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                calls.append((time.perf_counter() - t0, time.thread_time() - c0))

        setattr(self.owner, self.name, timed)
        return self

    def __exit__(self, *exc: object) -> None:
        setattr(self.owner, self.name, self.original)

    def summary(self) -> dict[str, Any]:
        if not self.calls:
            return {"calls": 0}
        cpu = sorted(c for _w, c in self.calls)
        wall = sorted(w for w, _c in self.calls)
        return {
            "calls": len(cpu),
            "cpu_ms_total": round(sum(cpu) * 1000, 1),
            "cpu_ms_p50": round(cpu[len(cpu) // 2] * 1000, 2),
            "cpu_ms_max": round(cpu[-1] * 1000, 2),
            "wall_ms_max": round(wall[-1] * 1000, 2),
        }


def _timed_targets() -> list[Timed]:
    from sessiondock_launcher.api import _wire
    from sessiondock_launcher.core.index import SessionIndex
    from sessiondock_launcher.core.snapshot_build import SnapshotBuilder
    from sessiondock_launcher.core.store import threaded
    from sessiondock_launcher.core.sync import GcPause
    from sessiondock_launcher.ui.connection.link import LinkMonitor
    from sessiondock_launcher.ui.palette.controller import LauncherController
    from sessiondock_launcher.ui.palette.thumbnails import ThumbnailCache

    return [
        Timed(GcPause, "end"),
        Timed(SessionIndex, "install"),
        Timed(SnapshotBuilder, "result"),
        Timed(LauncherController, "refresh"),
        Timed(LinkMonitor, "_on_sync_progress"),
        Timed(LinkMonitor, "_set"),
        Timed(_wire, "session_page_steps"),  # the cheap check's page (a full sync: unparsed)
        # A full sync's loop steps: unchanged sessions skipped unparsed, the others parsed.
        Timed(threaded, "split_unchanged"),
        Timed(threaded, "raw_rows"),
        Timed(ThumbnailCache, "_store"),
        Timed(sys.modules["sessiondock_launcher.ui.palette.thumbnails"], "decode_scaled"),
    ]


@dataclass
class Probes:
    """Everything that watches one run."""

    recorder: AdjustedTicks
    monitor: bp.GcMonitor
    slow: SlowCallbacks
    sampler: Sampler | None
    profile: cProfile.Profile | None
    timed: list[Timed]
    query: str


async def run(options: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    args = ["--limit-cap", str(options.limit_cap)]
    sim = SimulatorProcess(size=options.size, startup_timeout=120, args=args).start()
    try:
        launcher = bp.make_launcher(sim, scratch / "home")
        probes = Probes(
            recorder=AdjustedTicks(),
            monitor=bp.GcMonitor(),
            slow=SlowCallbacks(options.slow_ms),
            sampler=Sampler(threading.get_ident(), depth=12) if options.sample else None,
            profile=cProfile.Profile() if options.profile else None,
            timed=_timed_targets() if options.timed else [],
            query=options.query,
        )
        cpu0 = time.thread_time()
        with contextlib.ExitStack() as stack:
            for target in probes.timed:
                stack.enter_context(target)
            sync_s = await _measured(launcher, probes)
        cpu = time.thread_time() - cpu0
        await launcher.shutdown()
        return _report(options, probes, sync_s, cpu)
    finally:
        sim.terminate()


async def _measured(launcher: Any, probes: Probes) -> float:
    recorder, sampler, profile = probes.recorder, probes.sampler, probes.profile
    with probes.monitor.installed():
        probes.slow.install()
        if sampler is not None:
            sampler.start()
        if profile is not None:
            profile.enable()
        recorder.start("connect + sync")
        started = time.perf_counter()
        launcher.start(show=False)
        launcher.palette.show_palette()
        if probes.query:
            launcher.palette.search.setText(probes.query)
        synced = await bp.wait_until(lambda: launcher.link.sync.is_synced, 300, 0.02)
        sync_s = time.perf_counter() - started
        recorder.mark("thumbnails")
        await bp.wait_thumbnails(launcher)
        recorder.stop()
        if profile is not None:
            profile.disable()
        if sampler is not None:
            sampler.stop_flag.set()
            sampler.join()
        probes.slow.uninstall()
    if not synced:
        raise RuntimeError("no sync")
    return sync_s


def _report(
    options: argparse.Namespace, probes: Probes, sync_s: float, cpu: float
) -> dict[str, Any]:
    recorder, slow, sampler = probes.recorder, probes.slow, probes.sampler
    gaps = recorder.gaps()
    adjusted = recorder.adjusted_gaps()
    result: dict[str, Any] = {
        "origin": recorder.ticks[0],
        "size": options.size,
        "sync_s": round(sync_s, 2),
        "gui_thread_cpu_s": round(cpu, 2),
        "max_gap_ms": round(max(gaps) * 1000, 1),
        "gaps_over_8ms": sum(1 for g in gaps if g > 0.008),
        "gaps_over_16ms": sum(1 for g in gaps if g > 0.016),
        "adjusted_max_gap_ms": round(max(adjusted) * 1000, 1),
        "adjusted_gaps_over_8ms": sum(1 for g in adjusted if g > 0.008),
        "adjusted_worst": recorder.worst_composed(),
        "worst_gaps": recorder.worst(8, gc=probes.monitor),
        "gc": probes.monitor.longest(),
        "timed": {f"{t.name}": t.summary() for t in probes.timed},
    }
    by_cpu = sorted(slow.cpu_by_name.items(), key=lambda kv: -kv[1])[:12]
    result["callbacks_by_cpu"] = [
        {
            "name": name,
            "cpu_ms": round(total * 1000, 1),
            "count": slow.count_by_name[name],
            "max_cpu_ms": round(slow.max_by_name[name] * 1000, 2),
        }
        for name, total in by_cpu
    ]
    rows = []
    for entry in sorted(slow.slow, key=lambda s: -s["cpu"])[: options.top]:
        row = {
            "at_s": round(entry["at"] - recorder.ticks[0], 2),
            "wall_ms": round(entry["wall"] * 1000, 1),
            "cpu_ms": round(entry["cpu"] * 1000, 1),
            "name": entry["name"],
        }
        if sampler is not None:
            inside = collections.Counter(
                stack
                for at, stack in sampler.samples
                if entry["at"] <= at <= entry["at"] + entry["wall"]
            )
            row["where"] = inside.most_common(4)
        rows.append(row)
    result["slow_callbacks"] = rows
    result["slow_callback_count"] = len(slow.slow)
    if sampler is not None:
        result["samples_by_category"] = _categories(sampler.samples)
        pairs = sorted(zip(adjusted, recorder.ticks, strict=False), reverse=True)[: options.top]
        result["worst_gaps_where"] = [
            {
                "gap_ms": round(gap * 1000, 1),
                "at_s": round(start - recorder.ticks[0], 3),
                "where": _categories([s for s in sampler.samples if start <= s[0] <= start + gap]),
            }
            for gap, start in pairs
        ]
    if probes.profile is not None:
        stats = pstats.Stats(probes.profile)
        top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:25]  # type: ignore[attr-defined]
        result["profile_top"] = [
            f"{tt * 1000:8.1f} ms tot {ct * 1000:8.1f} ms cum {nc:7d}x {func}"
            for func, (_cc, nc, tt, ct, _callers) in top
        ]
    return result


class TimedApp(QApplication):
    """Times every Qt event delivery on the GUI thread (``--qt-events``): paint events, Qt
    timers and signals run outside asyncio's handles."""

    slow: list[dict[str, Any]] = []  # noqa: RUF012 (one app per process)
    threshold_s = 0.004

    def notify(self, receiver: Any, event: Any) -> bool:  # type: ignore[override]
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return super().notify(receiver, event)
        finally:
            cpu = time.thread_time() - c0
            if cpu >= self.threshold_s:
                TimedApp.slow.append(
                    {
                        "at": t0,
                        "cpu_ms": round(cpu * 1000, 1),
                        "wall_ms": round((time.perf_counter() - t0) * 1000, 1),
                        "event": str(event.type()).rsplit(".", 1)[-1],
                        "receiver": type(receiver).__name__,
                    }
                )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--slow-ms", type=float, default=4.0)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--sample", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--timed", action="store_true", help="time chosen functions")
    parser.add_argument("--qt-events", action="store_true", help="time Qt event deliveries")
    parser.add_argument("--query", default="", help="typed right after the first show")
    parser.add_argument("--no-progress", action="store_true", help="A/B: no sync progress")
    parser.add_argument("--limit-cap", type=int, default=200, help="the simulator's page cap")
    parser.add_argument("--switch-ms", type=float, default=None, help="sys.setswitchinterval")
    options = parser.parse_args()
    if options.no_progress:
        from sessiondock_launcher.ui.connection.link import LinkMonitor

        LinkMonitor._on_sync_progress = lambda *_args: None  # type: ignore[method-assign]
    if options.switch_ms is not None:
        sys.setswitchinterval(options.switch_ms / 1000)
    app = TimedApp(sys.argv[:1]) if options.qt_events else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory(prefix="sdl-profile-sync-") as scratch:
        result = qasync.run(run(options, Path(scratch)))
    result["load"] = os.getloadavg()
    if options.qt_events:
        origin = result.pop("origin")
        for event in TimedApp.slow:
            event["at"] = round(event["at"] - origin, 3)
        result["slow_qt_events"] = sorted(TimedApp.slow, key=lambda e: e["at"])
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
