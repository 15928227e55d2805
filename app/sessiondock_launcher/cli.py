"""Command line: ``sessiondock-launcher [--demo] [--smoke] [--show] [--version]``, and the
control commands ``--toggle``, ``--show``, ``--hide``, ``--quit``, ``--search TEXT`` for the
instance that is already running (bind ``sessiondock-launcher --toggle`` to a desktop shortcut).

Kept free of Qt imports so control commands, ``--version`` and ``--help`` answer fast; the app is
imported only when it is about to run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sessiondock_launcher import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sessiondock-launcher",
        description="Quick-search palette for SessionDock sessions, living in the system tray.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the built-in SessionDock simulator with a demo library and connect to it",
    )
    parser.add_argument(
        "--demo-size",
        type=int,
        default=2_000,
        metavar="N",
        help="number of sessions in the demo library (default: 2000, up to 100000)",
    )
    parser.add_argument(
        "--show",
        action="store_true",
        help="show the palette (of the running instance, or right after start-up)",
    )
    control = parser.add_argument_group(
        "control a running instance (bind these to a desktop keyboard shortcut)"
    )
    control.add_argument("--toggle", action="store_true", help="show or hide the palette")
    control.add_argument("--hide", action="store_true", help="hide the palette")
    control.add_argument("--quit", action="store_true", help="quit the running launcher")
    control.add_argument("--search", metavar="TEXT", help="show the palette searching for TEXT")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="start, connect, sync, run one search and exit 0 (used to check installs/bundles)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log detail",
    )
    return parser


CONTROL_FLAGS = ("--toggle", "--hide", "--quit", "--search")


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    if any(arg.split("=", 1)[0] in CONTROL_FLAGS for arg in raw):
        from sessiondock_launcher import ctl  # Qt-free: a plain socket to the running instance

        return ctl.main(raw)
    if raw == ["--show"]:
        # Show the running instance's palette; with none running, start one that shows it.
        from sessiondock_launcher import ctl

        try:
            ctl.send("show")
        except ctl.IpcError:
            pass
        else:
            return 0
    args = build_parser().parse_args(raw)
    if not 1 <= args.demo_size <= 100_000:
        print("sessiondock-launcher: --demo-size must be between 1 and 100000", file=sys.stderr)
        return 2
    from sessiondock_launcher.lifecycle import LaunchOptions, run

    return run(
        LaunchOptions(
            demo=args.demo,
            demo_size=args.demo_size,
            smoke=args.smoke,
            show=args.show,
            log_level=args.log_level,
        )
    )
