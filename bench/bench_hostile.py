"""The real app against a hostile SessionDock on loopback: memory and waiting, measured.

Two scenarios, each a clean ``python -m sessiondock_launcher`` subprocess (offscreen, its own home)
pointed at a small raw-HTTP server run by this script:

- ``endless``: ``/health`` answers normally, ``GET /sessions`` sends a body that never ends (the
  server gives up at ``--give-up-mib``, so an unbounded client cannot take the machine down).
  Reported: the app's peak RSS (VmHWM) when its log says the sync failed (or at ``--limit-s``),
  how many MiB the server got to send, and how long the app took to give up.
- ``trickle``: ``/health`` answers 200 and then one byte every 50 ms, forever. httpx's read
  timeout restarts with every byte. Reported: seconds until the log says SessionDock is
  unreachable (i.e. the health check gave up and the retry loop took over), or "never" within
  ``--limit-s``.

``--app-path DIR`` runs the app from another source tree (e.g. an older commit exported with
``git archive <commit> app | tar -x -C /tmp/old``) for before/after figures in the same run:

    .venv/bin/python bench/bench_hostile.py
    .venv/bin/python bench/bench_hostile.py --app-path /tmp/old/app
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
TOKEN = "bench-hostile-token-0123456789"
HEALTH = json.dumps(
    {"data": {"status": "ok", "running": True, "effectiveMode": "full-automation"}}
).encode()

Responder = Callable[[bytes, asyncio.StreamWriter], Awaitable[None]]


class HostileServer:
    """A raw HTTP/1.1 server on 127.0.0.1 in a background thread; counts bytes of bodies sent."""

    def __init__(self, mode: str, give_up: int) -> None:
        self.mode = mode
        self.give_up = give_up
        self.sent = 0
        self.port = 0
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        server = loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        loop.run_forever()
        server.close()
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.run_until_complete(asyncio.sleep(0.05))
        loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:  # keep-alive: several requests per connection
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1]
                if self.mode == "trickle":
                    await self._trickle(writer)
                elif path.startswith(b"/api/v1/sessions"):
                    await self._endless(writer)
                else:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
                    writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(HEALTH), HEALTH))
                    await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _endless(self, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        writer.write(b"Connection: close\r\n\r\n" + b'{"data": [')
        chunk = (b'{"id": "s", "title": "' + b"x" * 900 + b'"},') * 64
        while self.sent < self.give_up:
            writer.write(chunk)
            self.sent += len(chunk)
            await writer.drain()
        raise ConnectionResetError  # gave up: close without finishing the body

    async def _trickle(self, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        writer.write(b"Content-Length: 1000000\r\n\r\n")
        while True:
            writer.write(b" ")
            self.sent += 1
            await writer.drain()
            await asyncio.sleep(0.05)


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_app(
    server: HostileServer, app_path: str | None, done_marker: str, limit_s: float
) -> dict[str, Any]:
    """Start the app against ``server``; wait for ``done_marker`` in its log (or ``limit_s``)."""
    with tempfile.TemporaryDirectory(prefix="sdl-bench-hostile-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SESSIONDOCK_")}
        env.update(
            QT_QPA_PLATFORM="offscreen",
            SESSIONDOCK_BASE_URL=f"http://127.0.0.1:{server.port}/api/v1",
            SESSIONDOCK_TOKEN=TOKEN,
            SESSIONDOCK_LAUNCHER_HOME=home,
        )
        if app_path:
            env["PYTHONPATH"] = app_path
        log = Path(home) / "logs" / "launcher.log"
        argv = [sys.executable, "-m", "sessiondock_launcher", "--log-level", "INFO"]
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        peak = 0.0
        done_after: float | None = None
        try:
            while time.perf_counter() - started < limit_s and proc.poll() is None:
                peak = max(peak, peak_rss_mib(proc.pid))
                if log.exists() and done_marker in log.read_text(errors="replace"):
                    done_after = time.perf_counter() - started
                    break
                time.sleep(0.05)
            if proc.poll() is None:
                peak = max(peak, peak_rss_mib(proc.pid))
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
        return {
            "peak_rss_mib": round(peak, 1),
            "gave_up_after_s": None if done_after is None else round(done_after, 1),
            "server_sent_bytes": server.sent,
            "exit_code": proc.returncode,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-path", help="PYTHONPATH holding the sessiondock_launcher to run")
    parser.add_argument("--scenarios", nargs="+", default=["endless", "trickle"])
    parser.add_argument("--give-up-mib", type=int, default=1024)
    parser.add_argument("--limit-s", type=float, default=40.0)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    markers = {"endless": "Library sync failed", "trickle": "SessionDock unreachable"}
    results: dict[str, Any] = {"app_path": options.app_path or "this tree"}
    for mode in options.scenarios:
        with HostileServer(mode, options.give_up_mib * MIB) as server:
            results[mode] = run_app(server, options.app_path, markers[mode], options.limit_s)
    if options.json:
        print(json.dumps(results, indent=2))
    else:
        for key, value in results.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
