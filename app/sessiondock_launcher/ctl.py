"""Remote control of a running launcher: ``--toggle/--show/--hide/--quit/--search TEXT``.

Qt-free on purpose: a desktop shortcut bound to ``sessiondock-launcher --toggle`` starts a fresh
interpreter on every key press, so this module is also the place that knows the IPC address and
the wire protocol, shared with ``desktop/single_instance.py`` (the server side).

Protocol (version 1): the client sends one UTF-8 JSON object per line,
``{"v": 1, "cmd": "toggle"|"show"|"hide"|"quit"|"search", "args": {"text": "..."}}``; the server
answers one line, ``{"v":1,"ok":true}`` or ``{"v":1,"ok":false,"error":"..."}``, and closes.
A message is at most 64 KiB.

Start-up time is the budget here (bench/bench_ctl.py: ≤ 1.5× ``python -c pass``), so the fast
path imports nothing that is not already loaded at interpreter start except ``_socket``: the
``socket`` module drags in ``selectors`` and ``enum``, ``json`` compiles regexes, ``argparse``,
``typing`` and ``sessiondock_launcher.paths`` (platformdirs) each cost more than the whole budget.
``json`` is imported lazily where a message really needs it (``--search``, error replies, server).
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False  # typing costs ~4 ms to import; see the module docstring
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

    from sessiondock_launcher.paths import AppPaths

__all__ = [
    "COMMANDS",
    "MAX_MESSAGE_BYTES",
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

PROTOCOL_VERSION = 1
COMMANDS = frozenset({"toggle", "show", "hide", "quit", "search"})
MAX_MESSAGE_BYTES = 64 * 1024
CONNECT_TIMEOUT = 0.3
REPLY_TIMEOUT = 2.0
NO_INSTANCE_MESSAGE = "SessionDock Launcher is not running. Start it first (sessiondock-launcher)."

# Same values as sessiondock_launcher.paths (a unit test pins them): importing paths would load
# platformdirs, which alone costs more than the start-up budget.
HOME_ENV = "SESSIONDOCK_LAUNCHER_HOME"
APP_NAME = "SessionDockLauncher"
RUNTIME_SUBDIR = "sessiondock-launcher"
SOCKET_NAME = "ipc.sock"
# sun_path holds 108 bytes on Linux and 104 on macOS; Qt also binds a slightly longer temporary
# name first when UserAccessOption is set, so stay well below both.
MAX_SOCKET_PATH = 100
PIPE_PREFIX = "\\\\.\\pipe\\"
_ERROR_PIPE_BUSY = 231
_OK_REPLY = b'{"v":1,"ok":true}'
_ARG_KEYS: dict[str, frozenset[str]] = {
    "toggle": frozenset(),
    "show": frozenset(),
    "hide": frozenset(),
    "quit": frozenset(),
    "search": frozenset({"text"}),
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


# --- address ---------------------------------------------------------------------------------


def server_address(
    paths: AppPaths | None = None,
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    user: str | None = None,
) -> str:
    """The address both sides use: a unix socket path, or a Windows named pipe path.

    Unix: ``$XDG_RUNTIME_DIR/sessiondock-launcher/ipc.sock`` when that variable is set (and
    ``SESSIONDOCK_LAUNCHER_HOME`` is not), else ``<cache dir>/ipc.sock``, the cache dir being
    ``paths.cache_dir`` or, by default, ``$SESSIONDOCK_LAUNCHER_HOME/cache``,
    ``~/Library/Caches/SessionDockLauncher`` (macOS) or ``~/.cache/SessionDockLauncher``. A path
    too long for ``sun_path`` becomes ``/tmp/sessiondock-launcher-<uid>/<hash>.sock``.
    Windows: ``\\\\.\\pipe\\sessiondock-launcher-<user>`` (+ ``-<hash>`` of the home override or of
    ``paths.cache_dir``), which ``QLocalServer.listen`` takes as is.

    Args:
        paths: Where an isolated instance keeps its files. The app and the client must agree:
            both leave it ``None`` (the environment decides); tests may pass one to both sides.
        platform: ``sys.platform`` value to compute for (default: this one).
        environ: Environment to read (default: ``os.environ``).
        user: Windows user name (default: ``getpass.getuser()``).
    """
    plat = sys.platform if platform is None else platform
    env = os.environ if environ is None else environ
    if plat == "win32":
        return _pipe_name(paths, env, user)
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if paths is None and not env.get(HOME_ENV) and runtime.startswith("/"):
        directory = f"{runtime.rstrip('/')}/{RUNTIME_SUBDIR}"
    elif paths is not None:
        directory = str(paths.cache_dir)
    else:
        directory = _default_cache_dir(plat, env)
    return _fit_sun_path(f"{directory.rstrip('/')}/{SOCKET_NAME}")


def lock_file_path(
    paths: AppPaths | None = None,
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The ``QLockFile`` path that makes the instance single (server side only).

    Unix: next to the socket (``ipc.lock``). Windows: ``<cache dir>\\instance.lock``, because
    two ``QLocalServer``s may listen on one pipe name there: the pipe is no lock on its own.
    """
    plat = sys.platform if platform is None else platform
    if plat != "win32":
        address = server_address(paths, platform=plat, environ=environ)
        return address.removesuffix(".sock") + ".lock"
    if paths is None:
        from sessiondock_launcher.paths import AppPaths

        paths = AppPaths.default(None if environ is None else dict(environ))
    return str(paths.cache_dir / "instance.lock")


def _default_cache_dir(platform: str, env: Mapping[str, str]) -> str:
    home_override = env.get(HOME_ENV)
    if home_override:
        return f"{home_override.rstrip('/')}/cache"  # AppPaths.default(): <home>/cache
    home = env.get("HOME") or os.path.expanduser("~")
    if platform == "darwin":
        return f"{home}/Library/Caches/{APP_NAME}"
    xdg_cache = env.get("XDG_CACHE_HOME", "").strip()
    base = xdg_cache if xdg_cache.startswith("/") else f"{home}/.cache"
    return f"{base.rstrip('/')}/{APP_NAME}"


def _fit_sun_path(path: str) -> str:
    if len(os.fsencode(path)) < MAX_SOCKET_PATH:
        return path
    import hashlib

    digest = hashlib.sha256(os.fsencode(path)).hexdigest()[:16]
    return f"/tmp/{RUNTIME_SUBDIR}-{os.getuid()}/{digest}.sock"


def _pipe_name(paths: AppPaths | None, env: Mapping[str, str], user: str | None) -> str:
    if user is None:
        import getpass

        user = getpass.getuser()
    # Pipe names may hold anything but a backslash; keep them readable and bounded.
    safe_user = "".join(c if c.isalnum() or c in "._-" else "_" for c in user)[:64]
    name = f"{RUNTIME_SUBDIR}-{safe_user}"
    scope = str(paths.cache_dir) if paths is not None else env.get(HOME_ENV, "")
    if scope:
        import hashlib

        name += "-" + hashlib.sha256(scope.encode("utf-8")).hexdigest()[:12]
    return PIPE_PREFIX + name


# --- messages --------------------------------------------------------------------------------


def encode_request(cmd: str, args: Mapping[str, Any] | None = None) -> bytes:
    """One request line (with its trailing newline).

    Raises:
        ValueError: Unknown command, wrong arguments, or a message over 64 KiB.
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


def encode_reply(ok: bool, error: str | None = None) -> bytes:
    """The server's one-line answer (with its trailing newline)."""
    if ok:
        return _OK_REPLY + b"\n"
    import json

    message = {"v": PROTOCOL_VERSION, "ok": False, "error": error or "refused"}
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
    if cmd == "search" and not isinstance(args.get("text"), str):
        raise error("search: args.text must be a string")
    return dict(args)


def _short_repr(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


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


def _exchange_unix(address: str, payload: bytes, timeout: float, reply_timeout: float) -> bytes:
    import _socket  # `socket` would add selectors + enum (~7 ms)

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
            return _read_line(sock.recv, reply_timeout)
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
            result.append(_read_line(pipe.read, reply_timeout))
        except BaseException as exc:  # handed to the caller's thread
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


def _read_line(recv: Callable[[int], bytes], reply_timeout: float) -> bytes:
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
usage: sessiondock-launcher (--toggle | --show | --hide | --quit | --search TEXT)

Control the running SessionDock Launcher (bind --toggle to a shortcut in your desktop settings).

  --toggle        show the palette, or hide it if it is shown
  --show          show the palette
  --hide          hide the palette
  --quit          quit the launcher
  --search TEXT   show the palette with TEXT typed in

exit status: 0 done, 1 launcher not running or not answering, 2 usage error or command refused
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
        elif item.startswith("--") and item[2:] in COMMANDS:
            commands.append((item[2:], {}))
        else:
            raise UsageError(f"unrecognized argument: {item}")
    if len(commands) != 1:
        raise UsageError("give exactly one of --toggle, --show, --hide, --quit, --search TEXT")
    return commands[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one control command; the exit status is documented in ``USAGE``."""
    args = sys.argv[1:] if argv is None else argv
    if list(args) in (["-h"], ["--help"]):
        _print(sys.stdout, USAGE)
        return 0
    try:
        cmd, cmd_args = parse_args(args)
        send(cmd, cmd_args)
    except UsageError as exc:
        _print(sys.stderr, f"{USAGE}\nsessiondock-launcher: error: {exc}\n")
        return 2
    except ValueError as exc:  # e.g. search text over the message limit
        _print(sys.stderr, f"sessiondock-launcher: {exc}\n")
        return 2
    except CommandRefusedError as exc:
        _print(sys.stderr, f"sessiondock-launcher: {exc}\n")
        return 2
    except IpcError as exc:
        _print(sys.stderr, f"sessiondock-launcher: {exc}\n")
        return 1
    return 0


def _print(stream: Any, text: str) -> None:
    if stream is not None:  # windowed/frozen builds have no console streams
        stream.write(text)


if __name__ == "__main__":
    sys.exit(main())
