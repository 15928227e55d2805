"""The control protocol's messages and the IPC exception tree (protocol version 1).

Private to :mod:`sessiondock_launcher.ctl`, which re-exports the public names and documents the
wire format. On ctl's fast path, so ``json`` is imported only where a message really needs it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~4 ms to import; see ctl's module docstring
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

PROTOCOL_VERSION = 1
COMMANDS = frozenset({"toggle", "show", "hide", "quit", "search", "query", "focus", "open-latest"})
ANSWERED = frozenset({"query"})
"""Commands whose ``ok`` reply carries a ``result`` (the rest are fire-and-forget)."""
MAX_ID_CHARS = 200
MAX_MESSAGE_BYTES = 64 * 1024
MAX_SEARCH_CHARS = 256
"""Longest ``search`` text: far more than anyone types into a palette, and a bound on the work one
message can cause (a 64 KiB query once took 460 MB; the search itself also bounds its input)."""
_OK_REPLY = b'{"v":1,"ok":true}'
_ARG_KEYS: dict[str, frozenset[str]] = {
    "toggle": frozenset(),
    "show": frozenset(),
    "hide": frozenset(),
    "quit": frozenset(),
    "search": frozenset({"text"}),
    "query": frozenset({"text"}),
    "focus": frozenset({"id"}),
    "open-latest": frozenset(),
}


class IpcError(Exception):
    """Base of every error raised here; ``str()`` is a message fit for the user."""


class NoInstanceError(IpcError):
    """Nothing listens at the address: the launcher is not running (or still starting)."""


class NoReplyError(IpcError):
    """An instance accepted the connection but sent no complete answer in time."""


class CommandRefusedError(IpcError):
    """The instance answered ``ok: false``; ``reason`` is its error text."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"SessionDock Launcher refused the command: {reason}")
        self.reason = reason


class ProtocolError(IpcError):
    """A request or reply does not follow the protocol (bad JSON, version, command, args, size)."""


def encode_request(cmd: str, args: Mapping[str, Any] | None = None) -> bytes:
    """One request line (with its trailing newline).

    Raises:
        ValueError: Unknown command, wrong arguments (a search text over ``MAX_SEARCH_CHARS``),
            or a message over 64 KiB.
    """
    normalized = _checked_args(cmd, args, error=ValueError)
    if not normalized:
        # Same bytes as json.dumps(..., separators=(",", ":")), without importing json.
        return b'{"v":1,"cmd":"' + cmd.encode("ascii") + b'","args":{}}\n'
    import json

    message = {"v": PROTOCOL_VERSION, "cmd": cmd, "args": normalized}
    line = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(line) > MAX_MESSAGE_BYTES:
        raise ValueError(f"message is {len(line)} bytes; the limit is {MAX_MESSAGE_BYTES}")
    return line + b"\n"


def parse_request(line: bytes) -> tuple[str, dict[str, Any]]:
    """Validate one request line (without or with its newline) from an untrusted client.

    Returns:
        ``(cmd, args)`` with ``args`` holding only the keys the command takes.

    Raises:
        ProtocolError: Oversized, not UTF-8, not JSON, not an object, wrong version, unknown
            command or bad arguments. The message says which and is safe to send back.
    """
    if len(line) > MAX_MESSAGE_BYTES + 1:
        raise ProtocolError(f"message over {MAX_MESSAGE_BYTES} bytes")
    import json

    try:
        message = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProtocolError("message is not UTF-8") from None
    except (ValueError, RecursionError):
        raise ProtocolError("message is not valid JSON") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    version = message.get("v")
    if type(version) is not int or version != PROTOCOL_VERSION:
        raise ProtocolError(f"unsupported protocol version {version!r} (expected 1)")
    cmd = message.get("cmd")
    if not isinstance(cmd, str) or cmd not in COMMANDS:
        raise ProtocolError(f"unknown command {_short_repr(cmd)}")
    return cmd, _checked_args(cmd, message.get("args", {}), error=ProtocolError)


def encode_reply(ok: bool, error: str | None = None, result: object = None) -> bytes:
    """The server's one-line answer (with its trailing newline); ``result`` for ``ANSWERED``."""
    if ok and result is None:
        return _OK_REPLY + b"\n"
    import json

    message: dict[str, object] = {"v": PROTOCOL_VERSION, "ok": ok}
    if ok:
        message["result"] = result
    else:
        message["error"] = error or "refused"
    return json.dumps(message, separators=(",", ":")).encode("ascii") + b"\n"


def decode_reply(line: bytes) -> dict[str, Any]:
    """Parse the server's answer.

    Raises:
        ProtocolError: The reply is not a version-1 answer.
    """
    line = line.rstrip(b"\r\n")
    if line == _OK_REPLY:  # the common case, without importing json
        return {"v": PROTOCOL_VERSION, "ok": True}
    import json

    try:
        reply = json.loads(line)
    except (ValueError, RecursionError):
        raise ProtocolError(f"unexpected reply {_short_repr(line)}") from None
    if (
        not isinstance(reply, dict)
        or type(reply.get("v")) is not int
        or reply.get("v") != PROTOCOL_VERSION
        or not isinstance(reply.get("ok"), bool)
    ):
        raise ProtocolError(f"unexpected reply {_short_repr(line)}")
    if not reply["ok"] and not isinstance(reply.get("error"), str):
        reply["error"] = "refused"
    return reply


def _checked_args(cmd: str, args: object, *, error: type[Exception]) -> dict[str, Any]:
    if cmd not in COMMANDS:
        raise error(f"unknown command {_short_repr(cmd)}")
    if args is None:
        args = {}
    if not isinstance(args, dict):
        raise error(f"{cmd}: args must be an object")
    allowed = _ARG_KEYS[cmd]
    unknown = set(args) - allowed
    if unknown:
        raise error(f"{cmd}: unexpected args {sorted(map(str, unknown))}")
    if cmd in ("search", "query"):
        text = args.get("text")
        if not isinstance(text, str):
            raise error(f"{cmd}: args.text must be a string")
        if len(text) > MAX_SEARCH_CHARS:
            raise error(f"{cmd}: the text is over {MAX_SEARCH_CHARS} characters")
    if cmd == "focus":
        session_id = args.get("id")
        if not isinstance(session_id, str) or not 0 < len(session_id) <= MAX_ID_CHARS:
            raise error(f"focus: args.id must be a session id of 1 to {MAX_ID_CHARS} characters")
    return dict(args)


def _short_repr(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
