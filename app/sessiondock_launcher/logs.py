"""Logging to a rotating file under the platform log dir, plus stderr when there is one.

Windowed (PyInstaller) builds have ``sys.stderr is None`` (docs/pitfalls.md §12), so the stream
handler is only added when a stream exists. :class:`SecretFilter` masks registered secrets in every
record as a last line of defence: code must not log the token in the first place.

Logged text often comes from SessionDock (ids, titles, error messages), so :class:`SafeFormatter`
escapes it: control characters (a newline in a session id would forge a log line) and lone
surrogates (valid in JSON, not in UTF-8: the file handler would drop the whole record) become
backslash escapes. Every line of a record after its first (tracebacks) is indented, so only a
real record can start a line at column 0.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


_CONTROLS = {
    **{code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))},
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    0x2028: "\\u2028",  # line and paragraph separators: new lines to some viewers
    0x2029: "\\u2029",
}


def escape_text(text: str) -> str:
    """``text`` with control characters and lone surrogates as backslash escapes."""
    escaped = text.translate(_CONTROLS)
    if not escaped.isascii():
        # Lone surrogates only; every other character is kept as it is.
        escaped = escaped.encode("utf-8", "backslashreplace").decode("utf-8")
    return escaped


class SafeFormatter(logging.Formatter):
    """A formatter whose output is valid UTF-8 and starts a line only where a record starts."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = escape_text(self.formatMessage(record))
        if record.exc_info and not record.exc_text:
            # Cached unindented (as logging does): another handler may format the record too.
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            text += "\n" + _indented(record.exc_text)
        if record.stack_info:
            text += "\n" + _indented(self.formatStack(record.stack_info))
        return text


def _indented(block: str) -> str:
    """Each line escaped and indented: continuation lines can never pass for a record."""
    return "\n".join("    " + escape_text(line) for line in block.splitlines())


class SecretFilter(logging.Filter):
    """Replaces any registered secret in a record's final message with ``***``."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= 4:
            self._secrets.add(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Render the traceback now, masked: formatters reuse exc_text when it is set.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True

    def mask(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


def configure_logging(log_file: Path, level: str = "INFO") -> SecretFilter:
    secrets = SecretFilter()
    root = logging.getLogger()
    root.setLevel(level.upper())
    for handler in list(root.handlers):
        root.removeHandler(handler)
    formatter = SafeFormatter(FORMAT)
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        file_handler.setFormatter(formatter)
        file_handler.addFilter(secrets)
        root.addHandler(file_handler)
    except OSError as exc:
        if sys.stderr is not None:
            print(f"sessiondock-launcher: cannot write log file {log_file}: {exc}", file=sys.stderr)
    if sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        stream.addFilter(secrets)
        root.addHandler(stream)
    for noisy in ("httpx", "httpcore", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return secrets
