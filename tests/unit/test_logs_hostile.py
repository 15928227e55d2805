"""What the log file shows for hostile text: every record written, one line each, escaped.

Text from SessionDock (ids, titles, error messages) reaches log records. A lone surrogate made the
UTF-8 file handler drop the whole record (while the user was told "details are in the log"), and a
newline in a session id forged a log line of its choosing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sessiondock_launcher.logs import configure_logging, escape_text

RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")
FORGED = "2026-01-01 00:00:00,000 INFO    sessiondock_launcher.app: Token accepted"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """``configure_logging`` on a temp file; the root logger is restored afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    path = tmp_path / "launcher.log"
    configure_logging(path, "DEBUG")
    try:
        yield path
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)


def lines(path: Path) -> list[str]:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8").splitlines()


def test_a_record_with_a_lone_surrogate_is_written(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logging.getLogger("sessiondock_launcher.test").error("Focus failed for %s", "s\ud800")
    written = lines(log_file)
    assert len(written) == 1
    assert written[0].endswith("Focus failed for s\\ud800")
    assert "Logging error" not in capsys.readouterr().err


def test_a_newline_in_a_session_id_cannot_forge_a_line(log_file: Path) -> None:
    log = logging.getLogger("sessiondock_launcher.test")
    log.info("Opened %s", "s1\n" + FORGED)
    log.info("Opened %s", "s2\r" + FORGED + "\u2028" + FORGED)
    written = lines(log_file)
    assert len(written) == 2
    assert all(RECORD_START.match(line) for line in written)
    assert "s1\\n2026-01-01" in written[0]
    assert "s2\\r2026" in written[1]
    assert "\\u2028" in written[1]


def test_a_traceback_cannot_forge_a_line_either(log_file: Path) -> None:
    log = logging.getLogger("sessiondock_launcher.test")
    try:
        raise ValueError("bad id s1\n" + FORGED + "\x00\ud800")
    except ValueError:
        log.exception("Sync failed")
    written = lines(log_file)
    starts = [line for line in written if not line.startswith("    ")]
    assert len(starts) == 1  # the record itself; every traceback line is indented
    assert RECORD_START.match(starts[0])
    assert any("ValueError: bad id s1" in line for line in written)
    assert any("\\x00\\ud800" in line for line in written)


def test_escape_text_keeps_ordinary_text() -> None:
    text = "Café — 👩🏽‍🎤 \u202eRTL \\ back"
    assert escape_text(text) == text
    assert escape_text("a\tb\x7f\x85") == "a\\tb\\x7f\\x85"
