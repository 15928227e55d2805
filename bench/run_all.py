"""Run every benchmark in bench/ and print one budget table (``make bench``).

Each benchmark runs as its own subprocess with ``--json``; its output is kept verbatim in
``bench/results/latest.json`` (git-ignored) next to a summary: one line per budget with the
measured value, the floor measured in the same run, their ratio, the budget and PASS/OVER. The
machines are shared and noisy, so read the ratio as much as the absolute value.

Benchmarks report budget lines in one of these shapes (new benchmarks: use the first):

* ``{"measurements": [{"name", "value", "unit", "floor", "floor_name", "ratio", "budget",
  "budget_rule", "verdict"}, ...]}``, as bench_palette.py prints (``budget`` is an absolute
  upper bound in ``unit``);
* a list of rows with ``budget_<metric>`` next to ``<metric>`` and optionally
  ``baseline_<metric>``, as bench_search.py prints;
* ``{"rows": {...}, "floor_row": "noop console", "budgeted_rows": ["console"], "budget_ratio": r}``,
  as bench_ctl.py prints
  (the budget is a ratio to the baseline row).

Exit code: 0 when every line passes, 1 when a line is OVER, 2 when a benchmark failed to report.

    .venv/bin/python bench/run_all.py [--only search palette ctl] [--timeout 900]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "latest.json"
BENCHMARKS = {  # name -> script; a missing script is skipped (bench_ctl.py is optional)
    "search": "bench_search.py",
    "palette": "bench_palette.py",
    "ctl": "bench_ctl.py",
}


@dataclass
class Line:
    benchmark: str
    name: str
    value: float | None
    unit: str
    floor: float | None
    ratio: float | None
    budget: float | None
    budget_rule: str
    verdict: str  # PASS | OVER | FAILED | ?


# -- adapters ------------------------------------------------------------------------------------
def lines_for(benchmark: str, payload: Any) -> list[Line]:
    if isinstance(payload, dict) and isinstance(payload.get("measurements"), list):
        return [_from_measurement(benchmark, m) for m in payload["measurements"]]
    if (
        isinstance(payload, dict)
        and isinstance(payload.get("rows"), dict)
        and ("budget_ratio" in payload)
    ):
        return _from_ratio_rows(benchmark, payload)
    rows = payload if isinstance(payload, list) else [payload]
    found = [line for row in rows if isinstance(row, dict) for line in _from_row(benchmark, row)]
    return found or [Line(benchmark, "no budget lines recognised", None, "", None, None, None,
                          "see results/latest.json", "?")]  # fmt: skip


def _from_measurement(benchmark: str, m: dict[str, Any]) -> Line:
    value, budget = m.get("value"), m.get("budget")
    verdict = m.get("verdict") or _verdict(value, budget)
    return Line(
        benchmark,
        str(m.get("name", "?")),
        value,
        str(m.get("unit", "")),
        m.get("floor"),
        m.get("ratio"),
        budget,
        str(m.get("budget_rule", "")),
        verdict,
    )


def _from_row(benchmark: str, row: dict[str, Any]) -> list[Line]:
    """``budget_<metric>`` next to ``<metric>`` (bench_search.py's rows)."""
    label = ", ".join(
        f"{row[k]:,} {k}" if isinstance(row[k], int) else f"{k} {row[k]}"
        for k in ("sessions", "size", "case")
        if k in row
    )
    out = []
    for key, budget in row.items():
        if not key.startswith("budget_") or key[7:] not in row:
            continue
        metric = key[7:]
        value = row[metric]
        floor = row.get(f"baseline_{metric}")
        ratio = row.get(f"{metric.removesuffix('_ms')}_vs_baseline")
        if ratio is None and floor:
            ratio = round(value / floor, 2)
        unit = "ms" if metric.endswith("_ms") else ""
        name = f"{metric.removesuffix('_ms')} {label}".strip()
        rule = f"{metric.removesuffix('_ms')} <= {budget:g} {unit}".strip()
        out.append(
            Line(benchmark, name, value, unit, floor, ratio, budget, rule, _verdict(value, budget))
        )
    return out


def _from_ratio_rows(benchmark: str, payload: dict[str, Any]) -> list[Line]:
    """bench_ctl.py: the budgeted rows (``console``) against the floor row (``noop console``)."""
    rows: dict[str, dict[str, Any]] = payload["rows"]
    limit = float(payload["budget_ratio"])
    base = rows.get(payload.get("floor_row", "baseline"), {}).get("median_ms")
    out = []
    for name in payload.get("budgeted_rows", ["ctl -m"]):
        row = rows.get(name)
        if row is None:
            continue
        ratio = row.get("ratio")
        budget = round(limit * base, 2) if base else None
        verdict = "?" if ratio is None else ("PASS" if ratio <= limit else "OVER")
        out.append(
            Line(
                benchmark,
                f"{name} median wall",
                row.get("median_ms"),
                "ms",
                base,
                ratio,
                budget,
                f"<= {limit:g}x baseline",
                verdict,
            )
        )
    return out


def _verdict(value: Any, budget: Any) -> str:
    if not isinstance(value, int | float) or not isinstance(budget, int | float):
        return "?"
    return "PASS" if value <= budget else "OVER"


# -- running -------------------------------------------------------------------------------------
def parse_json(stdout: str) -> Any:
    try:
        return json.loads(stdout)
    except ValueError:
        pass
    lines = stdout.splitlines()  # tolerate chatter before the JSON document
    for i, line in enumerate(lines):
        if line.startswith(("{", "[")):
            try:
                return json.loads("\n".join(lines[i:]))
            except ValueError:
                continue
    raise ValueError("no JSON document in the output")


def run_one(script: Path, timeout: float) -> dict[str, Any]:
    print(f"running {script.name} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, str(script), "--json"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,  # the exit code is judged below, with the output
            cwd=BENCH_DIR.parent,
        )
    except subprocess.TimeoutExpired:
        wall = time.perf_counter() - started
        return {"rc": None, "wall_s": round(wall, 1), "error": f"timed out after {timeout} s"}
    wall = time.perf_counter() - started
    print(f"  {script.name}: rc {proc.returncode}, {wall:.1f} s", file=sys.stderr, flush=True)
    record: dict[str, Any] = {
        "rc": proc.returncode,
        "wall_s": round(wall, 1),
        "stderr_tail": proc.stderr.splitlines()[-30:],
    }
    try:
        record["result"] = parse_json(proc.stdout)
    except ValueError as exc:
        record["error"] = f"{exc}; stdout starts {proc.stdout[:200]!r}"
    return record


def host_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    try:
        from PySide6 import __version__ as pyside_version

        info["pyside6"] = pyside_version
    except ImportError:  # pragma: no cover - the venv always has it
        pass
    return info


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux
        return None


def print_table(lines: list[Line]) -> None:
    def fmt(value: float | None, unit: str = "") -> str:
        return "-" if value is None else f"{value:g} {unit}".strip()

    header = ("bench", "measurement", "value", "floor", "ratio", "budget", "verdict")
    print(f"{header[0]:<8} {header[1]:<46} {header[2]:>10} {header[3]:>10} {header[4]:>6} "
          f"{header[5]:>10}  {header[6]}")  # fmt: skip
    for ln in lines:
        print(
            f"{ln.benchmark:<8} {ln.name:<46} {fmt(ln.value, ln.unit):>10} "
            f"{fmt(ln.floor, ln.unit):>10} {fmt(ln.ratio):>6} {fmt(ln.budget, ln.unit):>10}  "
            f"{ln.verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), help="run only these")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per benchmark")
    args = parser.parse_args(argv)
    wanted = args.only or list(BENCHMARKS)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    load_before = load_average()
    records: dict[str, dict[str, Any]] = {}
    lines: list[Line] = []
    for name in wanted:
        script = BENCH_DIR / BENCHMARKS[name]
        if not script.exists():
            print(f"skipping {script.name} (not there yet)", file=sys.stderr)
            continue
        record = run_one(script, args.timeout)
        records[name] = record
        if "result" in record:
            lines.extend(lines_for(name, record["result"]))
        else:
            lines.append(Line(name, record.get("error", "failed"), None, "", None, None, None,
                              "", "FAILED"))  # fmt: skip
    report = {
        "started_at": started_at,
        "host": host_info(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "summary": [asdict(line) for line in lines],
        "benchmarks": records,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print_table(lines)
    print(f"\nload average before/after: {load_before} / {report['load_average_after']}")
    print(f"full results: {RESULTS.relative_to(BENCH_DIR.parent)}")
    if any(line.verdict == "FAILED" for line in lines):
        return 2
    return 1 if any(line.verdict == "OVER" for line in lines) else 0


if __name__ == "__main__":
    raise SystemExit(main())
