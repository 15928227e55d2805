"""Palette-level latency, event-loop stalls and idle memory of the real launcher (offscreen Qt).

Every figure is measured against a floor taken in the same run, on the same (shared, noisy)
machine, and reported as a ratio to it:

(a) keystroke -> model: the real ``Launcher`` synced against a ``SimulatorProcess`` with 10k and
    100k sessions, palette shown; for every prefix of a few realistic queries,
    ``palette.search.setText(prefix)`` is timed until ``palette.model.text == prefix`` (the index
    path is synchronous). Primary floor: a plain ``[t for t in titles if q in t]`` substring scan
    over the same folded titles (as in bench_search.py). Secondary floor: the model/view cost
    alone, ``palette.model.set_results(...)`` replaying the result just produced. Budgets: p95
    <= 8 ms at 10k, <= 30 ms at 100k.
(b) show -> visible: ``palette.show_palette()`` until the list viewport receives its first Paint
    event (an event filter timestamps it), 50 hide/show cycles. Floor: a bare QWidget of the same
    size and window flags holding one QLineEdit, shown the same way (interleaved). Budget: median
    <= 16 ms.
(c) longest event-loop stall: a 1 ms ``QTimer`` (PreciseTimer) records the gaps between
    consecutive ticks while a fresh launcher connects, syncs 10k sessions, shows the palette with
    an empty query (thumbnails of the visible recent rows are fetched) and scrolls through the
    list (more thumbnails). Floor: the same tick measurement for the same duration with the
    launcher synced, hidden and idle. Budget: max gap <= 16 ms.
(d) idle RSS: the real app (``python -m sessiondock_launcher``) in a clean subprocess against a
    10k and a 100k simulator, VmRSS read from /proc 2 s after its log says "Library synced".
    Floor (the stack floor): a bare PySide6 tray app subprocess (QApplication + QSystemTrayIcon +
    hidden QWidget) that imported httpx and qasync and created an ``httpx.AsyncClient``, after
    the same idle time. Budget: <= floor + 30 MB at 10k, <= floor + 60 MB at 100k.

    .venv/bin/python bench/bench_palette.py [--parts a b c d] [--sizes 10000 100000] [--json]
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

# isort: split
import qasync  # after PySide6, so it binds to it (docs/pitfalls.md §5)

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.search import ResultSet
from sessiondock_launcher.core.text import fold
from sessiondock_launcher.logs import SecretFilter
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import ConnectionConfig, Settings
from sessiondock_launcher.simulator.runner import SimulatorProcess

logger = logging.getLogger(__name__)

KEYSTROKE_BUDGET_P95_MS = {10_000: 8.0, 100_000: 30.0}
SHOW_BUDGET_MEDIAN_MS = 16.0
STALL_BUDGET_MS = 16.0
RSS_BUDGET_OVER_FLOOR_MB = {10_000: 30.0, 100_000: 60.0}
"""Issue 13's budgets over the stack floor (a bare tray app that imported httpx and qasync and
created its client), per library size."""
STACK_FLOOR_IMPORTS = "import httpx, qasync\nclient = httpx.AsyncClient()"
# The same stack without httpx's command-line tool (click, rich, pygments when installed), which
# the app keeps from loading (api/__init__.py): the like-for-like floor, reported beside the
# official one so that saving is not mistaken for the app's own.
LEAN_FLOOR_IMPORTS = "sys.modules['httpx._main'] = None\n" + STACK_FLOOR_IMPORTS
# Realistic queries for the simulator's library (titles like "Neon Drive v2", "Björk remix –
# stems", tags like "mix", "client work"), typed one character at a time.
QUERIES = [
    "midnight", "neon drive", "echo", "cafe", "bjork", "horizn", "ghost v2", "#mix kind:ableton",
    "status:mixing rain", "recent sum", "stems", "kind:reaper pulse", "z", "the",
]  # fmt: skip
TYPING_GAP_S = 0.025  # the loop runs (and paints) between keystrokes, as when a person types
SYNC_TIMEOUT_S = 120.0


# Offscreen-plugin chatter, harmless (machine-notes §3); everything else still reaches stderr.
HARMLESS_QT_MESSAGES = (
    "This plugin does not support",
    "No such signal QPlatformNativeInterface::systemTrayWindowChanged",
)


def quiet_qt_messages(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if not message.startswith(HARMLESS_QT_MESSAGES[0]) and HARMLESS_QT_MESSAGES[1] not in message:
        print(message, file=sys.stderr)


# -- small helpers ---------------------------------------------------------------------------------
def keystrokes(text: str) -> list[str]:
    return [text[:end] for end in range(1, len(text) + 1) if not text[:end].endswith(" ")]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> float:
    return seconds * 1000.0


def r2(value: float) -> float:
    return round(value, 2)


def summary_ms(samples_s: list[float]) -> dict[str, float]:
    values = [ms(s) for s in samples_s]
    return {
        "p50_ms": r2(statistics.median(values)),
        "p95_ms": r2(percentile(values, 95)),
        "p99_ms": r2(percentile(values, 99)),
        "max_ms": r2(max(values)),
    }


@dataclass
class Measurement:
    """One budget line; the schema run_all.py reads (``measurements`` in the --json output)."""

    name: str
    value: float
    unit: str
    floor: float | None
    floor_name: str
    budget: float
    budget_rule: str
    ratio: float | None = None
    verdict: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ratio is None and self.floor:
            self.ratio = round(self.value / self.floor, 2)
        self.verdict = "PASS" if self.value <= self.budget else "OVER"


async def wait_until(predicate: Callable[[], bool], limit_s: float, step: float = 0.01) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    while not predicate():
        if loop.time() > deadline:
            return False
        await asyncio.sleep(step)
    return True


def make_launcher(sim: SimulatorProcess, home: Path) -> Launcher:
    paths = AppPaths(home / "config", home / "data", home / "cache", home / "logs")
    paths.ensure()
    connection = ConnectionConfig(sim.base_url, sim.token, "environment", "environment")
    launcher = Launcher(connection, Settings(), paths, SecretFilter())
    # Offscreen there is no window manager to keep the palette active; keep it up for the bench.
    launcher.hold.__enter__()
    return launcher


async def start_and_sync(launcher: Launcher) -> float:
    started = time.perf_counter()
    launcher.start(show=False)
    if not await wait_until(lambda: launcher.link.sync.is_synced, SYNC_TIMEOUT_S, 0.02):
        raise RuntimeError(f"no sync within {SYNC_TIMEOUT_S} s: {launcher.link.status!r}")
    return time.perf_counter() - started


async def settle(launcher: Launcher, quiet_s: float = 0.2) -> None:
    """Wait for a running (refresh) sync to end, then let the loop go quiet."""
    await wait_until(lambda: not launcher.link.sync.is_running, SYNC_TIMEOUT_S, 0.02)
    await asyncio.sleep(quiet_s)


class PaintProbe(QObject):
    """Timestamps the first Paint event ``target`` receives after :meth:`arm`."""

    def __init__(self, target: QWidget) -> None:
        super().__init__()
        self.painted_at: float | None = None
        self.paints = 0
        self._future: asyncio.Future[float] | None = None
        target.installEventFilter(self)

    def arm(self) -> asyncio.Future[float]:
        self.painted_at = None
        self._future = asyncio.get_running_loop().create_future()
        return self._future

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            if self._future is not None and not self._future.done():
                self.painted_at = time.perf_counter()
                self._future.set_result(self.painted_at)
        return False


class TickRecorder:
    """A 1 ms precise QTimer; the gaps between its ticks are the loop's stalls."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.ticks: list[float] = []
        self.marks: list[tuple[float, str]] = []

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self, phase: str = "start") -> None:
        self.ticks = [time.perf_counter()]
        self.marks = [(self.ticks[0], phase)]
        self.timer.start()

    def mark(self, label: str) -> None:
        self.marks.append((time.perf_counter(), label))

    def stop(self) -> None:
        self.timer.stop()
        self.ticks.append(time.perf_counter())

    @property
    def duration(self) -> float:
        return self.ticks[-1] - self.ticks[0]

    def gaps(self) -> list[float]:
        return [b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False)]

    def phase_at(self, moment: float) -> str:
        label = "start"
        for at, name in self.marks:
            if at <= moment:
                label = name
        return label

    def worst(self, count: int = 5, gc: GcMonitor | None = None) -> list[dict[str, Any]]:
        """The ``count`` longest gaps, with their phase and the GC pauses inside each."""
        pairs = sorted(zip(self.gaps(), self.ticks, strict=False), reverse=True)[:count]
        rows = []
        for gap, start in pairs:
            row: dict[str, Any] = {
                "gap_ms": r2(ms(gap)),
                "at_s": r2(start - self.ticks[0]),
                "phase": self.phase_at(start),
            }
            if gc is not None:
                inside = [p for p in gc.pauses if start <= p[1] <= start + gap]
                row["gc_ms_inside"] = r2(ms(sum(p[2] for p in inside)))
                row["gc_generations_inside"] = sorted({p[0] for p in inside})
            rows.append(row)
        return rows


class GcMonitor:
    """Records every cyclic-GC pause (generation, duration) while installed."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float, float]] = []  # (generation, start, duration)
        self._started: float | None = None

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            self.pauses.append(
                (info["generation"], self._started, time.perf_counter() - self._started)
            )
            self._started = None

    @contextlib.contextmanager
    def installed(self) -> Iterator[GcMonitor]:
        gc.callbacks.append(self._callback)
        try:
            yield self
        finally:
            gc.callbacks.remove(self._callback)

    def longest(self) -> dict[str, Any]:
        if not self.pauses:
            return {"count": 0}
        gen, _start, longest = max(self.pauses, key=lambda p: p[2])
        return {
            "count": len(self.pauses),
            "gen2_count": sum(1 for p in self.pauses if p[0] == 2),
            "longest_ms": r2(ms(longest)),
            "longest_generation": gen,
        }


# -- (c) event-loop stalls during a 10k sync with thumbnails ---------------------------------------
async def bench_stall(launcher: Launcher) -> tuple[Measurement, dict[str, Any]]:
    palette = launcher.palette
    recorder = TickRecorder()
    monitor = GcMonitor()
    with monitor.installed():
        recorder.start("launcher.start()")
        launcher.start(show=False)
        await asyncio.sleep(0)
        # The user opens the palette right away (server results first, index ones after the
        # sync). The first show is cold; the list may still be hidden, so probe the field.
        recorder.mark("first show_palette()")
        probe = PaintProbe(palette.search)
        painted = probe.arm()
        shown_at = time.perf_counter()
        palette.show_palette()
        show_call_s = time.perf_counter() - shown_at
        recorder.mark("connect + sync")
        first_paint_s = await asyncio.wait_for(painted, 5.0) - shown_at
        palette.search.removeEventFilter(probe)
        synced = await wait_until(lambda: launcher.link.sync.is_synced, SYNC_TIMEOUT_S, 0.02)
        recorder.mark("synced, thumbnails for recent rows")
        await wait_thumbnails(launcher)
        recorder.mark("scrolling")
        bar = palette.list.verticalScrollBar()
        for value in range(0, bar.maximum() + 1, 54 * 2):  # two rows per step
            bar.setValue(value)
            await asyncio.sleep(0.03)
        bar.setValue(bar.maximum())
        recorder.mark("thumbnails after scroll")
        await wait_thumbnails(launcher)
        recorder.stop()
    if not synced:
        raise RuntimeError(f"no sync within {SYNC_TIMEOUT_S} s")
    loaded = recorder.gaps()
    loaded_duration = recorder.duration
    loaded_worst = recorder.worst(gc=monitor)
    gc_loaded = monitor.longest()
    thumbs = len(launcher.thumbnails)

    # Floor: the same process and loop, launcher synced, palette hidden, nothing to do.
    palette.hide()
    await settle(launcher)
    idle_recorder = TickRecorder()
    idle_monitor = GcMonitor()
    with idle_monitor.installed():
        idle_recorder.start()
        await asyncio.sleep(loaded_duration)
        idle_recorder.stop()
    idle = idle_recorder.gaps()
    value = ms(max(loaded))
    floor = ms(max(idle))
    details = {
        "duration_s": r2(loaded_duration),
        "ticks": len(loaded),
        "max_gap_ms": r2(value),
        "p99_gap_ms": r2(ms(percentile(loaded, 99))),
        "idle_max_gap_ms": r2(floor),
        "idle_p99_gap_ms": r2(ms(percentile(idle, 99))),
        "worst_gaps": loaded_worst,
        "gc_during_load": gc_loaded,
        "gc_during_idle": idle_monitor.longest(),
        "thumbnails_loaded": thumbs,
        "first_show_palette_call_ms": r2(ms(show_call_s)),
        "first_show_to_search_painted_ms": r2(ms(first_paint_s)),
    }
    measurement = Measurement(
        name="loop stall, 10k sync + thumbnails (max gap)",
        value=r2(value),
        unit="ms",
        floor=r2(floor),
        floor_name="idle loop max gap",
        budget=STALL_BUDGET_MS,
        budget_rule="max gap <= 16 ms",
        details=details,
    )
    return measurement, details


async def wait_thumbnails(launcher: Launcher, quiet_s: float = 0.3, limit_s: float = 10.0) -> None:
    """Until no thumbnail arrived for ``quiet_s`` and only the two loop tasks are left."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    last_count = -1
    quiet_since = loop.time()
    while loop.time() < deadline:
        count = len(launcher.thumbnails)
        if count != last_count:
            last_count, quiet_since = count, loop.time()
        elif loop.time() - quiet_since >= quiet_s and launcher.tasks.pending <= 2:
            return
        await asyncio.sleep(0.02)


# -- (b) show -> visible ---------------------------------------------------------------------------
class BareWindow(QWidget):
    """The floor for (b): the palette's size and window flags, one QLineEdit, nothing else."""

    def __init__(self, like: QWidget) -> None:
        super().__init__()
        self.setWindowFlags(like.windowFlags())
        self.resize(like.size())
        layout = QVBoxLayout(self)
        self.edit = QLineEdit(self)
        layout.addWidget(self.edit)
        layout.addStretch(1)

    def show_like_palette(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        self.edit.selectAll()


async def bench_show(launcher: Launcher, cycles: int) -> Measurement:
    palette = launcher.palette
    palette.hide()
    await settle(launcher)
    bare = BareWindow(palette)
    palette_probe = PaintProbe(palette.list.viewport())
    bare_probe = PaintProbe(bare.edit)
    syncs = 0

    def count_sync() -> None:
        nonlocal syncs
        syncs += 1

    launcher.link.library_synced.connect(count_sync)

    async def cycle(window: QWidget, show: Callable[[], None], probe: PaintProbe) -> float:
        painted = probe.arm()
        started = time.perf_counter()
        show()
        done = await asyncio.wait_for(painted, 2.0)
        if not window.isVisible():
            raise RuntimeError(f"{type(window).__name__} painted but is not visible")
        window.hide()
        await asyncio.sleep(0.03)
        return done - started

    palette_times: list[float] = []
    bare_times: list[float] = []
    await cycle(bare, bare.show_like_palette, bare_probe)  # warm-up (first show polishes)
    for n in range(cycles):
        # Interleave (ABBA) so drifting machine load hits both sides alike; every cycle starts
        # idle (a refresh sync started by the previous show may be running).
        await settle(launcher, 0.02)
        if n % 2:
            bare_times.append(await cycle(bare, bare.show_like_palette, bare_probe))
            palette_times.append(await cycle(palette, palette.show_palette, palette_probe))
        else:
            palette_times.append(await cycle(palette, palette.show_palette, palette_probe))
            bare_times.append(await cycle(bare, bare.show_like_palette, bare_probe))
    launcher.link.library_synced.disconnect(count_sync)
    palette.list.viewport().removeEventFilter(palette_probe)
    bare.deleteLater()
    value = ms(statistics.median(palette_times))
    floor = ms(statistics.median(bare_times))
    return Measurement(
        name="show -> visible palette (median)",
        value=r2(value),
        unit="ms",
        floor=r2(floor),
        floor_name="bare QWidget+QLineEdit median",
        budget=SHOW_BUDGET_MEDIAN_MS,
        budget_rule="median <= 16 ms",
        details={
            "cycles": cycles,
            "palette": summary_ms(palette_times),
            "bare": summary_ms(bare_times),
            "refresh_syncs_triggered": syncs,
        },
    )


# -- (a) keystroke -> model ------------------------------------------------------------------------
def best_of(samples: list[float], reps: int) -> list[float]:
    """Per keystroke, the fastest of its ``reps`` replays (samples are replay after replay)."""
    per_rep = len(samples) // reps
    return [min(samples[k + r * per_rep] for r in range(reps)) for k in range(per_rep)]


def substring_scan_s(titles: list[str], prefix: str) -> float:
    """The primary floor: a plain substring scan of the folded titles for ``prefix``."""
    needle = fold(parse_query(prefix).text)
    started = time.perf_counter()
    _ = [t for t in titles if needle in t]
    return time.perf_counter() - started


def model_shows(model: Any, text: str) -> Callable[[], bool]:
    return lambda: bool(model.text == text)


async def bench_keystrokes(launcher: Launcher, size: int, reps: int) -> Measurement:
    palette = launcher.palette
    palette.search.setText("")
    palette.show_palette()
    await settle(launcher, 0.3)  # opening may start a refresh sync; type once it is done
    index = launcher.index
    # The floor's titles, without keeping the whole library's sessions: held through the typing
    # they were ~20k young objects that the app's first collections walked (gen-1 pauses of
    # 5-8 ms inside keystrokes), a cost of the bench, not of the app.
    titles = [
        fold(m.session.display_title) for m in index.search(parse_query(""), len(index)).matches
    ]
    captured: list[ResultSet] = []
    launcher.controller.results_ready.connect(captured.append)
    real: list[float] = []
    cpu: list[float] = []  # the same keystrokes in this thread's CPU time (noise-robust)
    model_floor: list[float] = []
    scan_floor: list[float] = []
    to_paint: list[float] = []
    probe = PaintProbe(palette.list.viewport())
    async_path = 0
    slowest: list[tuple[float, str]] = []
    for _ in range(reps):
        for text in QUERIES:
            for prefix in keystrokes(text):
                captured.clear()
                painted = probe.arm()
                cpu_started = time.thread_time()
                started = started_paint = time.perf_counter()
                palette.search.setText(prefix)
                elapsed = time.perf_counter() - started
                cpu.append(time.thread_time() - cpu_started)
                if palette.model.text != prefix:  # not the synchronous index path
                    async_path += 1
                    await wait_until(model_shows(palette.model, prefix), 5.0, 0)
                    elapsed = time.perf_counter() - started
                real.append(elapsed)
                slowest.append((elapsed, prefix))
                if palette.list.isVisible():  # rows to show (else the "no match" label is)
                    with contextlib.suppress(TimeoutError):
                        painted_at = await asyncio.wait_for(painted, 0.5)
                        to_paint.append(painted_at - started_paint)
                if captured:
                    result = captured[-1]
                    started = time.perf_counter()
                    palette.model.set_results(
                        result.text, result.matches, result.total, result.source
                    )
                    model_floor.append(time.perf_counter() - started)
                    palette.select_row(0)
                scan_floor.append(substring_scan_s(titles, prefix))
                await asyncio.sleep(TYPING_GAP_S)
            palette.search.setText("")
            await asyncio.sleep(TYPING_GAP_S)
    launcher.controller.results_ready.disconnect(captured.append)
    palette.list.viewport().removeEventFilter(probe)
    palette.hide()
    samples = KeystrokeSamples(real, scan_floor, model_floor, to_paint, slowest, async_path, cpu)
    return keystroke_measurement(size, len(index), samples, reps)


@dataclass
class KeystrokeSamples:
    """Seconds per keystroke (in typing order, ``reps`` replays) and the floors beside them."""

    real: list[float]
    scan_floor: list[float]
    model_floor: list[float]
    to_paint: list[float]
    slowest: list[tuple[float, str]]
    async_path: int
    cpu: list[float] = field(default_factory=list)


def keystroke_measurement(size: int, sessions: int, k: KeystrokeSamples, reps: int) -> Measurement:
    slowest_in_order = list(k.slowest[: len(k.real) // reps])
    value = ms(percentile(k.real, 95))
    model_p95 = ms(percentile(k.model_floor, 95)) if k.model_floor else float("nan")
    slowest = sorted(k.slowest, reverse=True)
    return Measurement(
        name=f"keystroke -> model p95 @{size // 1000}k",
        value=r2(value),
        unit="ms",
        floor=r2(ms(percentile(k.scan_floor, 95))),
        floor_name="substring scan p95",
        budget=KEYSTROKE_BUDGET_P95_MS.get(size, float("nan")),
        budget_rule=f"p95 <= {KEYSTROKE_BUDGET_P95_MS.get(size, float('nan')):g} ms",
        details={
            "sessions": sessions,
            "keystrokes": len(k.real),
            "keystroke": summary_ms(k.real),
            "substring_scan_floor": summary_ms(k.scan_floor),
            # Noise-robust view on a shared machine: each keystroke's best of the replays.
            "keystroke_best_of_reps": summary_ms(best_of(k.real, reps)),
            # The p95 is set by the first time each prefix is typed (cold caches), and CPU time
            # is what a shared machine's load disturbs least: compare these across branches.
            "keystroke_first_pass": summary_ms(k.real[: len(k.real) // reps]),
            "keystroke_thread_cpu": summary_ms(k.cpu) if k.cpu else {},
            "keystroke_thread_cpu_first_pass": summary_ms(k.cpu[: len(k.cpu) // reps])
            if k.cpu
            else {},
            "substring_scan_best_of_reps": summary_ms(best_of(k.scan_floor, reps)),
            "model_set_results_floor": summary_ms(k.model_floor) if k.model_floor else {},
            "keystroke_to_list_painted": summary_ms(k.to_paint) if k.to_paint else {},
            "p95_vs_model_floor": r2(value / model_p95) if k.model_floor else None,
            "async_path_keystrokes": k.async_path,
            "slowest": [{"ms": r2(ms(t)), "prefix": p} for t, p in slowest[:5]],
            "slowest_best_of_reps": [
                {"ms": r2(ms(t)), "prefix": p}
                for t, p in sorted(
                    zip(best_of(k.real, reps), [p for _, p in slowest_in_order], strict=False),
                    reverse=True,
                )[:8]
            ],
        },
    )


# -- (d) idle RSS in clean subprocesses ------------------------------------------------------------
BARE_TRAY_APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
{extra_imports}
app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(32, 32)
pixmap.fill(QColor("seagreen"))
tray = QSystemTrayIcon(QIcon(pixmap))
tray.show()
window = QWidget()
window.resize(720, 480)
QTimer.singleShot(0, lambda: print("ready", flush=True))
sys.exit(app.exec())
"""


def read_rss_mb(pid: int) -> dict[str, float]:
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
            fields[key] = round(int(rest.split()[0]) / 1024, 1)
    return fields


def stop_process(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SESSIONDOCK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def app_rss(sim: SimulatorProcess, idle_s: float, timeout: float = 90.0) -> dict[str, Any]:
    """The real app against ``sim``: RSS ``idle_s`` after "Library synced" reached its log."""
    with tempfile.TemporaryDirectory(prefix="sdl-bench-rss-") as home:
        env = base_env()
        env.update(
            SESSIONDOCK_BASE_URL=sim.base_url,
            SESSIONDOCK_TOKEN=sim.token,  # the token goes through the environment, never argv
            SESSIONDOCK_LAUNCHER_HOME=home,
        )
        log = Path(home) / "logs" / "launcher.log"
        # INFO, not WARNING: "Library synced" is an INFO record (core/sync.py), so at WARNING the
        # line we wait for never reaches the log. A few lines of logging cost no measurable RSS.
        argv = [sys.executable, "-m", "sessiondock_launcher", "--log-level", "INFO"]
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            synced_after: float | None = None
            while time.perf_counter() - started < timeout:
                if proc.poll() is not None:
                    raise RuntimeError(f"app exited with {proc.returncode} before syncing")
                if log.exists() and "Library synced" in log.read_text(errors="replace"):
                    synced_after = time.perf_counter() - started
                    break
                time.sleep(0.05)
            if synced_after is None:
                raise RuntimeError(f"app did not log 'Library synced' within {timeout} s")
            time.sleep(idle_s)
            rss = read_rss_mb(proc.pid)
        finally:
            stop_process(proc)
        return {**rss, "synced_after_s": r2(synced_after)}


def bare_rss(idle_s: float, extra_imports: str = "") -> dict[str, Any]:
    """A bare PySide6 tray app: RSS ``idle_s`` after its event loop started."""
    code = BARE_TRAY_APP.format(extra_imports=extra_imports)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=base_env(), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until "ready" (or EOF if it died)
        if line.strip() != "ready":
            raise RuntimeError(f"bare tray app failed (rc {proc.poll()})")
        time.sleep(idle_s)
        return read_rss_mb(proc.pid)
    finally:
        stop_process(proc)
        if proc.stdout is not None:
            proc.stdout.close()


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(run[key] for run in runs))


def bench_rss(sim: SimulatorProcess, size: int, idle_s: float, runs: int) -> Measurement:
    """Idle RSS of the real app synced with ``size`` sessions against the stack floor."""
    apps: list[dict[str, Any]] = []
    floors: list[dict[str, Any]] = []
    timeout = 90.0 if size <= 10_000 else 600.0
    for _ in range(runs):  # interleaved, each a clean process
        floors.append(bare_rss(idle_s, STACK_FLOOR_IMPORTS))
        apps.append(app_rss(sim, idle_s, timeout))
    bare = bare_rss(idle_s)
    lean = bare_rss(idle_s, LEAN_FLOOR_IMPORTS)
    tiny = SimulatorProcess(size=1).start()  # attribution: the app with (almost) no library
    try:
        app_one = app_rss(tiny, idle_s)
    finally:
        tiny.terminate()
    value = statistics.median(a["VmRSS"] for a in apps)
    floor = statistics.median(b["VmRSS"] for b in floors)
    over = RSS_BUDGET_OVER_FLOOR_MB.get(size, 60.0)
    return Measurement(
        name=f"RSS idle, {size // 1000}k sessions",
        value=round(value, 1),
        unit="MB",
        floor=round(floor, 1),
        floor_name="bare PySide6 tray app + httpx + qasync + client",
        budget=round(floor + over, 1),
        budget_rule=f"<= stack floor + {over:g} MB",
        details={
            "over_floor_mb": round(value - floor, 1),
            # Where the excess lives: heap and mmaps (RssAnon) or shared-library and font pages
            # (RssFile); the first shrinks with less data, the second only with fewer libraries.
            "over_floor_anon_mb": round(_median(apps, "RssAnon") - _median(floors, "RssAnon"), 1),
            "over_floor_file_mb": round(_median(apps, "RssFile") - _median(floors, "RssFile"), 1),
            "idle_s": idle_s,
            "app_runs": apps,
            "stack_floor_runs": floors,
            "bare_tray_app": bare,
            "stack_floor_without_httpx_cli": lean,
            "over_floor_without_httpx_cli_mb": round(value - lean["VmRSS"], 1),
            "app_with_1_session": app_one,
            "library_mb": round(value - app_one["VmRSS"], 1),
        },
    )


# -- driver ----------------------------------------------------------------------------------------
@dataclass
class Options:
    parts: list[str]
    sizes: list[int]
    reps: int
    show_cycles: int
    rss_runs: int
    idle_s: float


async def run_10k_parts(options: Options, scratch: Path) -> list[Measurement]:
    """Parts a-d on one 10k library: stall, show, keystrokes at 10k, RSS."""
    results: list[Measurement] = []
    need_10k_launcher = bool({"a", "b", "c"} & set(options.parts)) and (
        10_000 in options.sizes or {"b", "c"} & set(options.parts)
    )
    if not need_10k_launcher and "d" not in options.parts:
        return results
    # Blocking calls on the loop are fine between measurements; no worker threads (a GC run on
    # another thread may free Qt objects there, docs/pitfalls.md §14).
    sim = SimulatorProcess(size=10_000).start()
    try:
        if need_10k_launcher:
            launcher = make_launcher(sim, scratch / "l10k")
            try:
                if "c" in options.parts:
                    measurement, _ = await bench_stall(launcher)
                    results.append(measurement)
                else:
                    await start_and_sync(launcher)
                if "b" in options.parts:
                    results.append(await bench_show(launcher, options.show_cycles))
                if "a" in options.parts and 10_000 in options.sizes:
                    results.append(await bench_keystrokes(launcher, 10_000, options.reps))
            finally:
                await launcher.shutdown()
        if "d" in options.parts and 10_000 in options.sizes:
            results.append(bench_rss(sim, 10_000, options.idle_s, options.rss_runs))
    finally:
        sim.terminate()
    return results


async def bench_big_library(size: int, reps: int, scratch: Path) -> Measurement:
    """Keystrokes on a library of ``size``, plus how the loop fared while it synced."""
    big = SimulatorProcess(size=size, startup_timeout=120).start()
    try:
        launcher = make_launcher(big, scratch / f"l{size}")
        try:
            # Not a budget line, but free to record: how the loop fares while the big library
            # syncs (the user may type meanwhile; server search answers then).
            recorder, monitor = TickRecorder(), GcMonitor()
            with monitor.installed():
                recorder.start("sync")
                sync_s = await start_and_sync(launcher)
                recorder.stop()
            measurement = await bench_keystrokes(launcher, size, reps)
            measurement.details["sync_s"] = r2(sync_s)
            gaps = recorder.gaps()
            measurement.details["loop_during_sync"] = {
                "max_gap_ms": r2(ms(max(gaps))),
                "p99_gap_ms": r2(ms(percentile(gaps, 99))),
                "gaps_over_16ms": sum(1 for g in gaps if g > 0.016),
                "gaps_over_100ms": sum(1 for g in gaps if g > 0.1),
                "worst_gaps": recorder.worst(gc=monitor),
                "gc": monitor.longest(),
            }
            return measurement
        finally:
            await launcher.shutdown()
    finally:
        big.terminate()


async def run_parts(options: Options, scratch: Path) -> list[Measurement]:
    results = await run_10k_parts(options, scratch)
    if {"a", "d"} & set(options.parts):
        for size in sorted(options.sizes):
            if size != 10_000 and "a" in options.parts:
                results.append(await bench_big_library(size, options.reps, scratch))
            if size != 10_000 and "d" in options.parts:
                big = SimulatorProcess(size=size, startup_timeout=120).start()
                try:
                    results.append(bench_rss(big, size, options.idle_s, options.rss_runs))
                finally:
                    big.terminate()
    order = {"keystroke": 0, "show": 1, "loop": 2, "RSS": 3}
    results.sort(key=lambda m: order.get(m.name.split()[0], 9))
    return results


def run_qasync(options: Options) -> list[Measurement]:
    qInstallMessageHandler(quiet_qt_messages)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    with tempfile.TemporaryDirectory(prefix="sdl-bench-palette-") as scratch:
        coro = run_parts(options, Path(scratch))
        if sys.version_info >= (3, 12):
            return asyncio.run(coro, loop_factory=qasync.QEventLoop)
        return list(qasync.run(coro))


def print_table(rows: list[Measurement]) -> None:
    header = ("measurement", "value", "floor", "ratio", "budget", "verdict")
    print(f"{header[0]:<46} {header[1]:>10} {header[2]:>10} {header[3]:>6} {header[4]:>10}  "
          f"{header[5]}")  # fmt: skip
    for m in rows:
        unit = m.unit
        floor = f"{m.floor:g} {unit}" if m.floor is not None else "-"
        ratio = f"{m.ratio:g}" if m.ratio is not None else "-"
        print(
            f"{m.name:<46} {f'{m.value:g} {unit}':>10} {floor:>10} {ratio:>6} "
            f"{f'{m.budget:g} {unit}':>10}  {m.verdict}"
        )
    for m in rows:
        print(f"\n{m.name}  (floor: {m.floor_name}; budget: {m.budget_rule})")
        print(json.dumps(m.details, indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parts", nargs="+", choices=list("abcd"), default=list("abcd"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--reps", type=int, default=3, help="typing replays per size (a)")
    parser.add_argument("--show-cycles", type=int, default=50, help="hide/show cycles (b)")
    parser.add_argument("--rss-runs", type=int, default=3, help="app/bare process pairs (d)")
    parser.add_argument("--idle", type=float, default=2.0, help="idle seconds before RSS (d)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    options = Options(
        parts=args.parts,
        sizes=args.sizes,
        reps=args.reps,
        show_cycles=args.show_cycles,
        rss_runs=args.rss_runs,
        idle_s=args.idle,
    )
    started = time.perf_counter()
    rows = run_qasync(options)
    wall = time.perf_counter() - started
    if args.json:
        payload = {
            "benchmark": "palette",
            "wall_s": r2(wall),
            "platform": os.environ["QT_QPA_PLATFORM"],
            "measurements": [asdict(m) for m in rows],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print_table(rows)
        print(f"\nwall time {wall:.1f} s")
    return 1 if any(m.verdict == "OVER" for m in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
