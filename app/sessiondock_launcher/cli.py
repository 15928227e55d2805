"""Command line: ``sessiondock-launcher [--demo] [--smoke] [--show] [--version]``.

Kept free of Qt imports so ``--version`` and ``--help`` answer fast; the app is imported only
when it is about to run.
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
    parser.add_argument("--show", action="store_true", help="show the palette right after start-up")
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 1 <= args.demo_size <= 100_000:
        print("sessiondock-launcher: --demo-size must be between 1 and 100000", file=sys.stderr)
        return 2
    from sessiondock_launcher.app import LaunchOptions, run

    return run(
        LaunchOptions(
            demo=args.demo,
            demo_size=args.demo_size,
            smoke=args.smoke,
            show=args.show,
            log_level=args.log_level,
        )
    )
