"""Simulator command line: ``sessiondock-simulator``, ``python -m sessiondock_launcher.simulator``.

On start it prints one JSON line on stdout,
``{"event": "listening", "baseUrl", "origin", "port", "token", "controlToken", "pid", "size"}``,
and a human line on stderr. SIGTERM / SIGINT shut it down cleanly with exit code 0.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import secrets
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

import uvicorn

from sessiondock_launcher.simulator.envelopes import API_PREFIX
from sessiondock_launcher.simulator.runner import (
    CONTROL_TOKEN_ENV,
    TOKEN_ENV,
    bind_socket,
    uvicorn_server,
)
from sessiondock_launcher.simulator.state import MODES, ConfigError, SimulatorConfig, SimulatorState

__all__ = ["build_parser", "main"]

logger = logging.getLogger(__name__)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sessiondock-simulator",
        description="SessionDock-compatible Local API simulator (for demos and tests).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    parser.add_argument("--port", type=int, default=0, help="port (0 = random, printed)")
    parser.add_argument("--token", help=f"API token (default: ${TOKEN_ENV}, else random)")
    parser.add_argument("--mode", choices=MODES, default="full-automation", help="configured mode")
    parser.add_argument("--effective-mode", choices=MODES, help="effective mode (default: --mode)")
    parser.add_argument("--size", type=int, default=500, help="library size (default 500)")
    parser.add_argument("--seed", type=int, default=7, help="library seed (default 7)")
    parser.add_argument(
        "--limit-cap", type=int, default=200, help="maximum page size (default 200)"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each API call")
    parser.add_argument("--error-rate", type=float, default=0.0, help="share of HTML 500 answers")
    parser.add_argument("--malformed-rate", type=float, default=0.0, help="share of truncated JSON")
    parser.add_argument("--focus", choices=("ok", "unavailable", "failed"), default="ok")
    parser.add_argument("--open", dest="open_", choices=("ok", "failed"), default="ok")
    parser.add_argument(
        "--no-waveform-notes", action="store_true", help="waveform notes answer 501"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log requests on stderr")
    parser.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="stop when stdin closes (a parent holding the pipe died): no orphaned simulators",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    servers: list[uvicorn.Server] = []
    stopping: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        # Set before serving (and again when uvicorn re-raises the signal after its shutdown):
        # remember it and stop any server, so the process exits 0 instead of dying by the signal.
        stopping.append(signum)
        for server in servers:
            server.should_exit = True

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _run(args, servers, stopping)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop_at_stdin_eof(server: uvicorn.Server) -> None:
    # os.read on the raw fd: a daemon thread blocked inside sys.stdin's buffered reader aborts
    # the interpreter at shutdown (it cannot take the buffer's lock).
    try:
        while os.read(0, 4096):
            pass
    except OSError:
        pass
    server.should_exit = True


def _run(args: argparse.Namespace, servers: list[uvicorn.Server], stopping: list[int]) -> int:
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not _is_loopback(args.host) and not args.allow_remote:
        print(f"refusing to bind {args.host}: not loopback (use --allow-remote)", file=sys.stderr)
        return 2
    if args.size < 0:
        print("--size must be >= 0", file=sys.stderr)
        return 2
    token = args.token or os.environ.get(TOKEN_ENV) or secrets.token_urlsafe(24)
    try:
        config = SimulatorConfig(
            token=token,
            configured_mode=args.mode,
            effective_mode=args.effective_mode or args.mode,
            limit_cap=args.limit_cap,
            latency_s=args.latency,
            error_rate=args.error_rate,
            malformed_rate=args.malformed_rate,
            focus_behaviour=args.focus,
            open_behaviour=args.open_,
            waveform_notes_available=not args.no_waveform_notes,
            seed=args.seed,
        )
    except ConfigError as exc:
        print(f"invalid option: {exc}", file=sys.stderr)
        return 2
    state = SimulatorState(config, size=args.size, control_token=os.environ.get(CONTROL_TOKEN_ENV))
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"cannot bind {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    if stopping:
        sock.close()
        return 0
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    origin = f"http://{host}:{port}"
    line = {
        "event": "listening",
        "baseUrl": origin + API_PREFIX,
        "origin": origin,
        "port": port,
        "token": token,
        "controlToken": state.control_token,
        "pid": os.getpid(),
        "size": len(state.sessions),
    }
    # The socket already listens, so a client acting on this line is queued, not refused.
    print(json.dumps(line), flush=True)
    print(
        f"SessionDock simulator listening on {origin}{API_PREFIX} "
        f"({len(state.sessions)} sessions, mode {config.effective_mode}); Ctrl-C to stop",
        file=sys.stderr,
        flush=True,
    )
    server = uvicorn_server(state)
    servers.append(server)
    server.should_exit = bool(stopping)
    if args.exit_with_stdin:
        threading.Thread(target=_stop_at_stdin_eof, args=(server,), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    return 0
