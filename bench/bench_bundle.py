"""Bundle size against naive PyInstaller bundles, and frozen against unfrozen start-up time.

Sizes (all measured in this run, same PySide6, same PyInstaller, same machine):

  ours           dist/sessiondock-launcher (``make package``: packaging/sessiondock-launcher.spec)
  naive-trivial  ``pyinstaller --onedir`` of a 6-line QtWidgets app, default options
  naive-app      ``pyinstaller --onedir --collect-submodules sessiondock_launcher`` of our own
                 entry point, default options: the same app, built without the spec's choices

Each is reported as apparent size (sum of file sizes, symlinks not counted), disk usage (``du``)
and .tar.gz size. Budget: ours ≤ 0.9 × naive-trivial (disk usage; ``--budget-against naive-app``
applies it to the other baseline); the other ratio is reported next to it.
``--build-naive`` builds both baselines into ``build/bench-bundle/`` (~1 min);
``--naive-trivial DIR`` / ``--naive-app DIR`` reuse existing ones.

Start-up: median wall time of ``--smoke --demo`` (start, start the simulator, connect, sync 2,000
sessions, search, quit) offscreen, frozen binary vs ``python -m sessiondock_launcher``, and of
``--version``. The unfrozen runs use a private warmed ``PYTHONPYCACHEPREFIX`` (this machine sets
``PYTHONDONTWRITEBYTECODE=1``; the bundle has its byte-code compiled), runs are interleaved.

    .venv/bin/python bench/bench_bundle.py --build-naive [--runs 5] [--json] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUDGET_RATIO = 0.9  # issue 14.6: ≤ 0.9 × a naive build of a trivial PySide6 app
NAIVE_APP_SOURCE = """\
import sys

from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("naive")
label.show()
sys.exit(0 if "--smoke" in sys.argv else app.exec())
"""
# Where the bytes of our bundle go (first matching pattern wins; paths relative to the bundle).
CATEGORIES = (
    ("ICU", r"libicu"),
    ("FFmpeg + QtMultimedia", r"libav|libsw|Multimedia|plugins/multimedia|FFmpeg"),
    ("QtQuick/QtQml (needed by the FFmpeg plugin)", r"libQt6(Quick|Qml)"),
    ("Qt core libraries", r"libQt6|PySide6/Qt\w+\.abi3|libpyside|libshiboken"),
    ("Qt plugins", r"PySide6/Qt/plugins/"),
    ("Python runtime + stdlib", r"libpython|lib-dynload|base_library"),
    ("cryptography (SecretStorage)", r"cryptography|_cffi_backend"),
    ("rapidfuzz", r"rapidfuzz"),
    ("executables (code archives)", r"^[^/]+$"),
    ("system libraries", r"^_internal/lib[^/]+\.so"),
)


@dataclass
class Size:
    name: str
    path: str
    apparent_mb: float
    disk_mb: float
    targz_mb: float


def apparent_bytes(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def disk_bytes(path: Path) -> int:
    """What ``du -s`` counts: allocated blocks of every file and folder, each inode once."""
    seen: set[int] = set()
    total = 0
    for p in [path, *path.rglob("*")]:
        st = p.lstat()
        if st.st_ino not in seen:
            seen.add(st.st_ino)
            total += st.st_blocks * 512
    return total


def targz_bytes(path: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bundle.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(path, arcname=path.name)
        return archive.stat().st_size


def measure_size(name: str, path: Path) -> Size:
    mb = 1024 * 1024
    return Size(
        name,
        str(path),
        round(apparent_bytes(path) / mb, 1),
        round(disk_bytes(path) / mb, 1),
        round(targz_bytes(path) / mb, 1),
    )


def breakdown(path: Path) -> dict[str, float]:
    totals: dict[str, float] = {}
    for p in path.rglob("*"):
        if not p.is_file() or p.is_symlink():
            continue
        rel = p.relative_to(path).as_posix()
        label = next((n for n, rx in CATEGORIES if re.search(rx, rel)), "other")
        totals[label] = totals.get(label, 0.0) + p.lstat().st_size / (1024 * 1024)
    return {k: round(v, 1) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}


# --- naive baselines -------------------------------------------------------------------------


def pyinstaller(args: list[str], cwd: Path) -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR", *args]
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def build_naive(work: Path) -> tuple[Path, Path]:
    """Both baselines with PyInstaller's default options; returns their dist folders."""
    work.mkdir(parents=True, exist_ok=True)
    script = work / "naive_trivial.py"
    script.write_text(NAIVE_APP_SOURCE, encoding="utf-8")
    common = ["--onedir", "--distpath", str(work / "dist"), "--specpath", str(work)]
    started = time.perf_counter()
    pyinstaller([*common, "--workpath", str(work / "w1"), str(script)], work)
    pyinstaller(
        [
            *common,
            "--workpath",
            str(work / "w2"),
            "--name",
            "naive_app",
            "--paths",
            str(ROOT / "app"),
            "--collect-submodules",
            "sessiondock_launcher",
            str(ROOT / "packaging" / "entry_gui.py"),
        ],
        work,
    )
    print(f"built the naive baselines in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return work / "dist" / "naive_trivial", work / "dist" / "naive_app"


# --- start-up --------------------------------------------------------------------------------


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed


def startup(bundle: Path, runs: int) -> dict[str, dict[str, float]]:
    frozen = bundle / "sessiondock-launcher"
    unfrozen = [sys.executable, "-m", "sessiondock_launcher"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "SESSIONDOCK_LAUNCHER_HOME": str(Path(tmp) / "home"),
            "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
        }
        # PYTHONDONTWRITEBYTECODE would keep the private cache empty: every run would compile.
        for name in ("SESSIONDOCK_BASE_URL", "SESSIONDOCK_TOKEN", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        cases = {
            "frozen --smoke --demo": [str(frozen), "--smoke", "--demo"],
            "unfrozen --smoke --demo": [*unfrozen, "--smoke", "--demo"],
            "frozen --version": [str(frozen), "--version"],
            "unfrozen --version": [*unfrozen, "--version"],
        }
        for command in cases.values():  # warm-up: page cache, byte-code cache
            timed(command, env)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):  # interleaved, so a noisy moment hits every case
            for name, command in cases.items():
                samples[name].append(timed(command, env))
    return {
        name: {"median_s": round(statistics.median(v), 3), "min_s": round(min(v), 3)}
        for name, v in samples.items()
    }


# --- report ----------------------------------------------------------------------------------


def measurements(
    sizes: dict[str, Size], times: dict[str, dict[str, float]], budget_against: str
) -> list[dict[str, Any]]:
    """Budget lines in the shape bench/run_all.py reads; only ``budget_against`` is budgeted."""
    ours = sizes["ours"]
    lines: list[dict[str, Any]] = []
    titles = {
        "naive-trivial": "bundle disk usage vs naive trivial PySide6 bundle",
        "naive-app": "bundle disk usage vs naive build of the same app",
    }
    for name, title in titles.items():
        if name not in sizes:
            continue
        ratio = ours.disk_mb / sizes[name].disk_mb
        budgeted = name == budget_against
        lines.append(
            {
                "name": title,
                "value": ours.disk_mb,
                "unit": "MiB",
                "floor": sizes[name].disk_mb,
                "floor_name": name,
                "ratio": round(ratio, 3),
                "budget": round(BUDGET_RATIO * sizes[name].disk_mb, 1) if budgeted else None,
                "budget_rule": f"≤ {BUDGET_RATIO} × {name}" if budgeted else "reported",
                "verdict": ("PASS" if ratio <= BUDGET_RATIO else "OVER") if budgeted else "INFO",
            }
        )
    if times:
        frozen = times["frozen --smoke --demo"]["median_s"]
        unfrozen = times["unfrozen --smoke --demo"]["median_s"]
        lines.append(
            {
                "name": "start-up --smoke --demo, frozen vs unfrozen",
                "value": frozen,
                "unit": "s",
                "floor": unfrozen,
                "floor_name": "python -m sessiondock_launcher",
                "ratio": round(frozen / unfrozen, 3),
                "budget": None,
                "budget_rule": "reported",
                "verdict": "INFO",
            }
        )
    return lines


def print_table(
    sizes: dict[str, Size], parts: dict[str, float], times: dict[str, dict[str, float]]
) -> None:
    print(f"{'bundle':<15}{'apparent MiB':>14}{'du MiB':>10}{'tar.gz MiB':>12}{'du ratio':>10}")
    base = sizes.get("naive-trivial")
    for size in sizes.values():
        ratio = f"{size.disk_mb / base.disk_mb:.2f}" if base else "-"
        print(
            f"{size.name:<15}{size.apparent_mb:>14.1f}{size.disk_mb:>10.1f}"
            f"{size.targz_mb:>12.1f}{ratio:>10}"
        )
    print("\nwhere our bundle's bytes go (MiB):")
    for label, mib in parts.items():
        print(f"  {mib:7.1f}  {label}")
    if times:
        print(f"\n{'start-up (offscreen)':<28}{'median s':>10}{'min s':>8}")
        for name, t in times.items():
            print(f"{name:<28}{t['median_s']:>10.3f}{t['min_s']:>8.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "sessiondock-launcher")
    parser.add_argument("--build-naive", action="store_true", help="build both naive baselines")
    parser.add_argument("--naive-trivial", type=Path, help="an existing naive trivial dist")
    parser.add_argument("--naive-app", type=Path, help="an existing naive build of the app")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-bundle")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs per case")
    parser.add_argument("--no-startup", action="store_true", help="sizes only")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--budget-against",
        choices=("naive-trivial", "naive-app"),
        default="naive-trivial",
        help="the baseline the 0.9× budget applies to (default: naive-trivial)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the budget is OVER")
    args = parser.parse_args(argv)
    if not (args.bundle / "sessiondock-launcher").is_file():
        print(f"no bundle at {args.bundle}: run `make package` first", file=sys.stderr)
        return 2
    trivial, naive_app = args.naive_trivial, args.naive_app
    if args.build_naive:
        trivial, naive_app = build_naive(args.work)
    sizes = {"ours": measure_size("ours", args.bundle)}
    if trivial is not None:
        sizes["naive-trivial"] = measure_size("naive-trivial", trivial)
    if naive_app is not None:
        sizes["naive-app"] = measure_size("naive-app", naive_app)
    parts = breakdown(args.bundle)
    times = {} if args.no_startup else startup(args.bundle, args.runs)
    lines = measurements(sizes, times, args.budget_against)
    if args.json:
        payload = {
            "sizes": {k: asdict(v) for k, v in sizes.items()},
            "breakdown_mib": parts,
            "startup": times,
            "measurements": lines,
        }
        print(json.dumps(payload, indent=2))
    else:
        print_table(sizes, parts, times)
        for line in lines:
            print(f"{line['verdict']:>5}  {line['name']}: {line['ratio']} ({line['budget_rule']})")
    over = [line for line in lines if line["verdict"] == "OVER"]
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
