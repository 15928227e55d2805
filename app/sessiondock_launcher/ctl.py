"""Remote control of a running launcher: ``--toggle/--show/--hide/--quit/--search TEXT``.

Qt-free on purpose: a desktop shortcut bound to ``sessiondock-launcher --toggle`` starts a fresh
interpreter on every key press, so this module is also the place that knows the IPC address and
the wire protocol, shared with ``desktop/single_instance.py`` (the server side).

Protocol (version 1): the client sends one UTF-8 JSON object per line,
``{"v": 1, "cmd": "toggle"|"show"|"hide"|"quit"|"search"|"query"|"focus"|"open-latest",
"args": {...}}`` (``text`` for search and query, ``id`` for focus); the server answers one line,
``{"v":1,"ok":true}`` (``query`` adds ``"result": {"items": [...]}``, Alfred's Script Filter items,
bounded to the message size) or ``{"v":1,"ok":false,"error":"..."}``, and closes.
A message is at most 64 KiB.

Start-up time is the budget here (bench/bench_ctl.py: ≤ 1.5× ``python -c pass``), so the fast
path imports nothing that is not already loaded at interpreter start except ``_socket``: the
``socket`` module drags in ``selectors`` and ``enum``, ``json`` compiles regexes, ``argparse``,
``typing`` and ``sessiondock_launcher.paths`` (platformdirs) each cost more than the whole budget.
``json`` is imported lazily where a message really needs it (``--search``, error replies, server).

The address lives in ``_ctl_address`` and the messages and exceptions in ``_ctl_protocol``; both
are private and follow the same import budget. Import their public names from here.
"""

from __future__ import annotations

import os
import sys
import time

from sessiondock_launcher._ctl_address import (
    APP_NAME,
    HOME_ENV,
    MAX_SOCKET_PATH,
    PIPE_PREFIX,
    lock_file_path,
    server_address,
)
from sessiondock_launcher._ctl_protocol import (
    ANSWERED,
    COMMANDS,
    MAX_MESSAGE_BYTES,
    PROTOCOL_VERSION,
    CommandRefusedError,
    IpcError,
    NoInstanceError,
    NoReplyError,
    ProtocolError,
    decode_reply,
    encode_reply,
    encode_request,
    parse_request,
)

TYPE_CHECKING = False  # typing costs ~4 ms to import; see the module docstring
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

__all__ = [
    "ANSWERED",
    "APP_NAME",
    "ASKING_MESSAGE",
    "COMMANDS",
    "EXIT_ASKING",
    "HOME_ENV",
    "MAX_MESSAGE_BYTES",
    "MAX_SOCKET_PATH",
    "NO_INSTANCE_MESSAGE",
    "PROTOCOL_VERSION",
    "CommandRefusedError",
    "IpcError",
    "NoInstanceError",
    "NoReplyError",
    "ProtocolError",
    "decode_reply",
    "encode_reply",
    "encode_request",
    "lock_file_path",
    "main",
    "parse_request",
    "send",
    "server_address",
]

CONNECT_TIMEOUT = 0.3
REPLY_TIMEOUT = 2.0
NO_INSTANCE_MESSAGE = "SessionDock Launcher is not running. Start it first (sessiondock-launcher)."
EXIT_ASKING = 3
"""``--quit`` while an edit is unsaved: the launcher asks the user instead of quitting."""
ASKING_MESSAGE = (
    "sessiondock-launcher: SessionDock Launcher asks whether to keep your unsaved edit; not quit "
    "(answer in its window, or stop it with SIGTERM to quit without saving)\n"
)
_ERROR_PIPE_BUSY = 231


# --- client ----------------------------------------------------------------------------------


def send(
    cmd: str,
    args: Mapping[str, Any] | None = None,
    *,
    address: str | None = None,
    timeout: float = CONNECT_TIMEOUT,
    reply_timeout: float = REPLY_TIMEOUT,
    retry_for: float = 0.0,
) -> dict[str, Any]:
    """Send one command to the running instance and return its ``ok: true`` reply.

    Args:
        cmd: One of ``COMMANDS``.
        args: ``{"text": ...}`` for ``search``; nothing for the others.
        address: Where to connect (default: ``server_address()``).
        timeout: Connect timeout in seconds (short: a live instance accepts at once).
        reply_timeout: Seconds to wait for the answer (the GUI thread may be busy a moment).
        retry_for: Keep retrying a refused/missing connection this long (an instance that is
            still starting holds the lock before it listens).

    Raises:
        ValueError: ``cmd``/``args`` are not a valid request.
        NoInstanceError: Nothing listens at the address.
        NoReplyError: Connected, but no complete answer within ``reply_timeout``.
        CommandRefusedError: The instance answered ``ok: false``.
        ProtocolError: The answer is not a version-1 reply.
        IpcError: Any other failure to reach the instance.
    """
    payload = encode_request(cmd, args)
    target = server_address() if address is None else address
    exchange = _exchange_pipe if target.startswith(PIPE_PREFIX) else _exchange_unix
    deadline = time.monotonic() + retry_for
    while True:
        try:
            line = exchange(target, payload, timeout, reply_timeout)
            break
        except NoInstanceError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)
    reply = decode_reply(line)
    if not reply["ok"]:
        raise CommandRefusedError(reply["error"])
    return reply


def _check_private(address: str) -> None:
    """Refuse a socket another user could own or swap (docs/pitfalls.md, the runtime dir rules).

    The socket and its folder must belong to us, and the folder must not be writable by others:
    otherwise whoever planted it would read what we send (a --query text) and answer in our
    name. A missing path is left to connect(), which says no instance runs.
    """
    uid = os.getuid()
    folder = address.rpartition("/")[0] or "/"
    for path, what in ((folder, "folder"), (address, "socket")):
        try:
            info = os.lstat(path)
        except OSError:
            return
        if info.st_uid != uid:
            raise IpcError(f"Refusing to use {address}: its {what} belongs to another user.")
        if what == "folder" and info.st_mode & 0o022:
            raise IpcError(f"Refusing to use {address}: other users can change its folder.")


def _exchange_unix(address: str, payload: bytes, timeout: float, reply_timeout: float) -> bytes:
    import _socket  # `socket` would add selectors + enum (~7 ms)

    _check_private(address)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except (FileNotFoundError, ConnectionRefusedError, NotADirectoryError) as exc:
            raise NoInstanceError(NO_INSTANCE_MESSAGE) from exc
        except TimeoutError as exc:
            raise NoReplyError(
                f"SessionDock Launcher did not accept the connection within {timeout:g} s."
            ) from exc
        except OSError as exc:
            raise IpcError(f"Cannot reach SessionDock Launcher at {address}: {exc}") from exc
        sock.settimeout(reply_timeout)
        try:
            sock.sendall(payload)
            return _read_line(sock.recv)
        except TimeoutError as exc:
            raise NoReplyError(_no_reply_message(reply_timeout)) from exc
        except OSError as exc:  # reset/broken pipe: the instance dropped us
            raise NoReplyError(f"SessionDock Launcher closed the connection: {exc}") from exc
    finally:
        sock.close()


def _exchange_pipe(address: str, payload: bytes, timeout: float, reply_timeout: float) -> bytes:
    # Windows only (not run in CI): a plain file open of the pipe QLocalServer created.
    deadline = time.monotonic() + timeout
    while True:
        try:
            pipe = open(address, "r+b", buffering=0)  # noqa: SIM115 (closed below or abandoned)
            break
        except FileNotFoundError as exc:
            raise NoInstanceError(NO_INSTANCE_MESSAGE) from exc
        except OSError as exc:
            if getattr(exc, "winerror", None) != _ERROR_PIPE_BUSY or time.monotonic() > deadline:
                raise IpcError(f"Cannot reach SessionDock Launcher at {address}: {exc}") from exc
            time.sleep(0.01)
    import threading

    result: list[bytes | BaseException] = []

    def _read() -> None:
        try:
            pipe.write(payload)
            result.append(_read_line(pipe.read))
        except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread, re-raised there)
            result.append(exc)

    reader = threading.Thread(target=_read, daemon=True)
    reader.start()
    reader.join(reply_timeout)
    if not result:  # a blocked pipe read cannot be cancelled: leave it to process exit
        raise NoReplyError(_no_reply_message(reply_timeout))
    pipe.close()
    if isinstance(result[0], BaseException):
        raise NoReplyError(f"SessionDock Launcher closed the connection: {result[0]}")
    return result[0]


def _read_line(recv: Callable[[int], bytes]) -> bytes:
    buffer = b""
    while b"\n" not in buffer:
        chunk = recv(4096)
        if not chunk:
            if buffer:
                break
            raise NoReplyError(
                "SessionDock Launcher closed the connection without answering "
                "(see its log for the reason)."
            )
        buffer += chunk
        if len(buffer) > MAX_MESSAGE_BYTES:
            raise ProtocolError(f"reply over {MAX_MESSAGE_BYTES} bytes")
    return buffer.split(b"\n", 1)[0]


def _no_reply_message(reply_timeout: float) -> str:
    return f"SessionDock Launcher did not answer within {reply_timeout:g} s (busy or hung?)."


# --- command line ----------------------------------------------------------------------------

USAGE = """\
usage: sessiondock-launcher (--toggle | --show | --hide | --quit | --search TEXT | --focus ID
                             | --open-latest)

Control the running SessionDock Launcher (bind --toggle to a shortcut in your desktop settings).

  --toggle        show the palette, or hide it if it is shown
  --show          show the palette
  --hide          hide the palette
  --quit          quit the launcher (exit 3 when it asks about an unsaved edit instead)
  --search TEXT   show the palette with TEXT typed in
  --focus ID      ask SessionDock to focus the session with this id
  --open-latest   open the most recently opened session in its DAW

exit status: 0 done, 1 launcher not running or not answering, 2 usage error or command refused,
3 (--quit) the launcher asks the user whether to keep an unsaved edit, and did not quit
(`sessiondock-launcher --show` starts the launcher when none runs; the others never start it)
"""


class UsageError(ValueError):
    """The command line is not one of the forms in ``USAGE``."""


def parse_args(argv: Sequence[str]) -> tuple[str, dict[str, str]]:
    """``["--search", "drum loop"]`` → ``("search", {"text": "drum loop"})``.

    Hand-rolled: argparse costs more to import than the whole start-up budget.

    Raises:
        UsageError: Not exactly one command, an unknown option, or ``--search`` without text.
    """
    commands: list[tuple[str, dict[str, str]]] = []
    items = list(argv)
    while items:
        item = items.pop(0)
        if item.startswith("--search="):
            commands.append(("search", {"text": item.removeprefix("--search=")}))
        elif item == "--search":
            if not items:
                raise UsageError("--search needs the text to search for")
            commands.append(("search", {"text": items.pop(0)}))
        elif item.startswith("--focus="):
            commands.append(("focus", {"id": item.removeprefix("--focus=")}))
        elif item == "--focus":
            if not items:
                raise UsageError("--focus needs a session id")
            commands.append(("focus", {"id": items.pop(0)}))
        elif item.startswith("--") and item[2:] in COMMANDS and item[2:] not in ANSWERED:
            commands.append((item[2:], {}))
        else:
            raise UsageError(f"unrecognized argument: {item}")
    if len(commands) != 1:
        raise UsageError(
            "give exactly one of --toggle, --show, --hide, --quit, --search TEXT, --focus ID, "
            "--open-latest"
        )
    return commands[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one control command; the exit status is documented in ``USAGE``."""
    args = sys.argv[1:] if argv is None else argv
    if list(args) in (["-h"], ["--help"]):
        _print(sys.stdout, USAGE)
        return 0
    try:
        cmd, cmd_args = parse_args(args)
        reply = send(cmd, cmd_args)
    except UsageError as exc:
        _print(sys.stderr, f"{USAGE}\nsessiondock-launcher: error: {exc}\n")
        return 2
    except (ValueError, CommandRefusedError) as exc:  # e.g. search text over the limit
        _print(sys.stderr, f"sessiondock-launcher: {exc}\n")
        return 2
    except IpcError as exc:
        _print(sys.stderr, f"sessiondock-launcher: {exc}\n")
        return 1
    return _status_of(cmd, reply)


def _status_of(cmd: str, reply: Mapping[str, Any]) -> int:
    """0, or ``EXIT_ASKING`` when ``--quit`` was answered "not quitting: asking the user"."""
    result = reply.get("result")
    if cmd == "quit" and isinstance(result, dict) and result.get("quit") is False:
        _print(sys.stderr, ASKING_MESSAGE)
        return EXIT_ASKING
    return 0


def _print(stream: Any, text: str) -> None:
    if stream is not None:  # windowed/frozen builds have no console streams
        stream.write(text)


if __name__ == "__main__":
    sys.exit(main())
