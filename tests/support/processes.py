"""Child processes in tests: read their output line by line and wait for lines, never sleep."""

from __future__ import annotations

import queue
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import IO


class LineReader:
    """Collects a stream's lines in a background thread; ``wait_for`` blocks until one matches."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        regex = re.compile(pattern)
        for line in self.lines:
            if regex.search(line):
                return line
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    f"no line matching {pattern!r}; got:\n" + "\n".join(self.lines[-40:])
                )
            try:
                got = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            if got is None:
                raise EOFError(
                    f"stream ended before {pattern!r}; got:\n" + "\n".join(self.lines[-40:])
                )
            self.lines.append(got)
            if regex.search(got):
                return got

    def wait_closed(self, timeout: float = 10.0) -> None:
        """Wait until the stream ended (its process exited), so it can be closed safely."""
        self._thread.join(timeout)

    def drain(self) -> list[str]:
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                return self.lines
            if line is not None:
                self.lines.append(line)


def stop(proc: subprocess.Popen[str], timeout: float = 10.0) -> int:
    """SIGTERM, then SIGKILL; returns the exit code."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)
    return proc.returncode


def wait_for_file(path: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not appear")
        time.sleep(0.02)
