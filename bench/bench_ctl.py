"""Wall time of ``sessiondock-launcher --toggle`` (the installed console script users bind)
against a no-op console script generated the same way, both measured in the same run.

Budget: the median of the installed console script ``sessiondock-launcher --toggle`` is at most
1.25x the median of a console script with the same wrapper text and the same interpreter whose
entry point is an empty ``main()``. What remains is our own cost: cli.py's dispatch, ctl.py and
the socket round trip to a real instance. The no-op script is made from the installed one by
swapping its ``from sessiondock_launcher.cli import main`` line, so both pay the same wrapper,
site and ``sys.path`` set-up.

A real instance answers: by default a separate process running ``SingleInstance`` under a
``QApplication`` (offscreen), as in tests/e2e/test_ipc_processes.py; ``--server stub`` answers
from a plain-socket thread instead.

Byte-code: installed wheels and frozen bundles ship .pyc files, but this machine sets
``PYTHONDONTWRITEBYTECODE=1``, so a source checkout recompiles at every start. By default every
row runs with a private, warmed ``PYTHONPYCACHEPREFIX``; ``--no-bytecode`` measures the checkout
as it is.

Rows (run interleaved in a shuffled order, N times each):
  noop console  the generated no-op console script                 (the floor)
  console       .venv/bin/sessiondock-launcher --toggle            (budgeted against the floor)
  baseline      python -c pass                                     (reference)
  ctl -m        python -m sessiondock_launcher.ctl --toggle        (reference)

    .venv/bin/python bench/bench_ctl.py [--runs 30] [--server qt|stub] [--no-bytecode] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sessiondock_launcher import ctl

logger = logging.getLogger(__name__)

BUDGET_RATIO = 1.25
ENTRY_LINE = "from sessiondock_launcher.cli import main"
INSTANCE = """\
import sys
from PySide6.QtWidgets import QApplication
from sessiondock_launcher.desktop.single_instance import SingleInstance

app = QApplication(sys.argv)
instance = SingleInstance.for_current_user()
if not instance.acquire():
    sys.exit("another instance holds the lock")
instance.listen()
instance.command_received.connect(lambda cmd, args: cmd == "quit" and app.quit())
print("ready", flush=True)
code = app.exec()
instance.close()
sys.exit(code)
"""
NOOP_MODULE = "def main() -> int:\n    return 0\n"


def noop_console_script(console: Path, workdir: Path) -> Path:
    """The installed console script with its entry point swapped for an empty ``main()``."""
    text = console.read_text(encoding="utf-8")
    if ENTRY_LINE not in text:
        raise RuntimeError(f"{console} is not a pip-generated console script: no {ENTRY_LINE!r}")
    (workdir / "sdl_bench_noop.py").write_text(NOOP_MODULE)
    noop = workdir / "sdl-bench-noop"
    noop.write_text(text.replace(ENTRY_LINE, "from sdl_bench_noop import main"))
    noop.chmod(0o755)
    return noop


@contextmanager
def qt_instance(workdir: Path, env: dict[str, str]) -> Iterator[str]:
    """The real thing in its own process; yields a description."""
    script = workdir / "instance.py"
    script.write_text(INSTANCE)
    process = subprocess.Popen(
        [sys.executable, str(script)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("the instance did not start")
        yield "Qt SingleInstance in a separate process"
    finally:
        try:
            ctl.send("quit", address=ctl.server_address(environ=env))
            process.wait(10)
        except (ctl.IpcError, subprocess.TimeoutExpired):
            process.kill()
            process.wait(10)


@contextmanager
def stub_instance(env: dict[str, str]) -> Iterator[str]:
    """A plain-socket thread that answers every request like the real server."""
    address = ctl.server_address(environ=env)
    Path(address).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(16)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\n" not in data and (chunk := conn.recv(4096)):
                    data += chunk
                conn.sendall(ctl.encode_reply(True))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield "plain-socket stub thread in the bench process"
    finally:
        stop.set()
        listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(5)


Row = tuple[list[str], dict[str, str]]


def measure(rows: dict[str, Row], runs: int) -> dict[str, list[float]]:
    """Milliseconds per run for each row; rows are interleaved so load drifts hit all alike."""
    for argv, env in rows.values():  # warm-up: page cache, byte-code prefix
        for _ in range(3):
            subprocess.run(argv, env=env, check=True, capture_output=True)
    times: dict[str, list[float]] = {name: [] for name in rows}
    order = list(rows)
    shuffle = random.Random(7).shuffle
    for _ in range(runs):
        shuffle(order)
        for name in order:
            started = time.perf_counter()
            argv, env = rows[name]
            result = subprocess.run(argv, env=env, capture_output=True, check=False)
            times[name].append((time.perf_counter() - started) * 1000)
            if result.returncode != 0:
                raise RuntimeError(f"{name} exited {result.returncode}: {result.stderr!r}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--server", choices=["qt", "stub"], default="qt")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="do not cache .pyc files (recompile each run)"
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sdl-bench-") as tmp:
        workdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
        env[ctl.HOME_ENV] = str(workdir / "home")
        env["QT_QPA_PLATFORM"] = "offscreen"
        if not args.no_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        # Both console scripts get the same sys.path: the no-op module lives in workdir.
        env["PYTHONPATH"] = str(workdir)
        py = sys.executable
        console = Path(sys.executable).with_name("sessiondock-launcher")
        rows: dict[str, Row] = {
            "noop console": ([str(noop_console_script(console, workdir))], env),
            "console": ([str(console), "--toggle"], env),
            "baseline": ([py, "-c", "pass"], env),
            "ctl -m": ([py, "-m", "sessiondock_launcher.ctl", "--toggle"], env),
        }
        server = qt_instance(workdir, env) if args.server == "qt" else stub_instance(env)
        with server as described:
            times = measure(rows, args.runs)

    base = statistics.median(times["noop console"])
    result = {
        "runs": args.runs,
        "server": described,
        "bytecode": not args.no_bytecode,
        "python": sys.version.split()[0],
        "budget_ratio": BUDGET_RATIO,
        "floor_row": "noop console",
        "budgeted_rows": ["console"],
        "rows": {
            name: {
                "median_ms": round(statistics.median(values), 2),
                "min_ms": round(min(values), 2),
                "ratio": round(statistics.median(values) / base, 3),
            }
            for name, values in times.items()
        },
    }
    ratio = result["rows"]["console"]["ratio"]  # type: ignore[index]
    result["within_budget"] = ratio <= BUDGET_RATIO
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"server: {described}; bytecode cached: {result['bytecode']}; runs: {args.runs}")
        print(f"{'row':<13} {'median ms':>10} {'min ms':>8} {'× noop':>7}")
        for name, row in result["rows"].items():  # type: ignore[attr-defined]
            print(f"{name:<13} {row['median_ms']:>10} {row['min_ms']:>8} {row['ratio']:>7}")
        verdict = "within" if result["within_budget"] else "OVER"
        print(f"console / noop console = {ratio} ({verdict} budget {BUDGET_RATIO}×)")
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
