"""Command line: ``sessiondock-launcher [--demo] [--smoke] [--show] [--version]``; the control
commands ``--toggle``, ``--show``, ``--hide``, ``--quit``, ``--search TEXT``, ``--focus ID`` and
``--open-latest`` for the instance that is already running; ``--query TEXT [--json]`` (that
instance's ranking, else the stored library's); ``--(un)install-desktop-entry``. Control commands
go to the instance that is already running (bind ``sessiondock-launcher --toggle`` to a desktop
shortcut).

The control commands are what users bind to a desktop shortcut, so a fresh interpreter runs this
on every key press: :func:`main` hands them to the Qt-free ``ctl`` module before importing anything
else (``argparse`` alone costs more than the whole budget, bench/bench_ctl.py). ``--show`` is the
one control command that also starts the launcher when none runs, so a shortcut bound to it always
opens the palette; the others exit 1 with a message then. Qt and the app are imported only when the
app is about to run.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing costs ~4 ms to import on the --toggle path
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from sessiondock_launcher import __version__

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
    control.add_argument(
        "--quit",
        action="store_true",
        help="quit the running launcher; exit 3 (and a line on stderr) when it asks whether to "
        "keep an unsaved edit instead of quitting",
    )
    control.add_argument("--search", metavar="TEXT", help="show the palette searching for TEXT")
    control.add_argument("--focus", metavar="ID", help="focus the session with this id")
    control.add_argument(
        "--open-latest", action="store_true", help="open the most recently opened session"
    )
    parser.add_argument(
        "--query",
        metavar="TEXT",
        help="print the ranked results for TEXT (the running instance's, else the stored "
        "library's); exit 1 when there is neither",
    )
    parser.add_argument(
        "--json", action="store_true", help="with --query: print Alfred's Script Filter JSON"
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add the launcher to the desktop's application menu (Linux)",
    )
    parser.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove the launcher from the desktop's application menu (Linux)",
    )
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


CONTROL_FLAGS = ("--toggle", "--hide", "--quit", "--search", "--focus", "--open-latest")
QUERY_USAGE = "usage: sessiondock-launcher --query TEXT [--json]\n"


def query_main(raw: list[str]) -> int:
    """``--query TEXT [--json]``: the running instance's ranking, else the stored library's.

    Exit 0 when answered (no results included); 1 (stderr says why) with no instance and no
    stored library; 2 for a usage error. With ``--json`` stdout is Script Filter JSON in every
    outcome: without an answer, one ``"valid": false`` item says why (Alfred and Raycast show
    it; an empty or plain-text stdout shows nothing useful there).
    """
    as_json = "--json" in raw
    rest = [arg for arg in raw if arg != "--json"]
    if len(rest) == 2 and rest[0] == "--query":
        text = rest[1]
    elif len(rest) == 1 and rest[0].startswith("--query="):
        text = rest[0].removeprefix("--query=")
    else:
        return _fail(2, QUERY_USAGE, as_json)
    from sessiondock_launcher import ctl

    try:
        reply = ctl.send("query", {"text": text})
    except ValueError as exc:
        return _fail(2, f"sessiondock-launcher: {exc}\n", as_json)
    except ctl.IpcError:  # no instance (or it did not answer): the stored library answers
        return _stored_answer(text, as_json)
    import json

    result = reply.get("result")
    if isinstance(result, dict) and result.get("loading") is True:
        # The instance is still on its first sync (its palette asks SessionDock meanwhile): what
        # it stored so far answers, or it says so; never an empty list passed off as an answer.
        return _stored_answer(text, as_json, loading=True)
    items = result.get("items", []) if isinstance(result, dict) else []
    if as_json:
        sys.stdout.write(json.dumps({"items": items}, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("".join(f"{item['title']}\t{item['uid']}\n" for item in items))
    return 0


def _stored_answer(text: str, as_json: bool, *, loading: bool = False) -> int:
    from sessiondock_launcher.core.store import STORE_FILENAME, answer_query
    from sessiondock_launcher.paths import AppPaths

    code, out, err = answer_query(AppPaths.default().data_dir / STORE_FILENAME, text, as_json)
    if loading and code != 0:
        err = "sessiondock-launcher: the launcher is still syncing your library; try again soon\n"
    if code != 0:
        return _fail(code, err, as_json)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _fail(code: int, message: str, as_json: bool) -> int:
    """No answer: ``message`` on stderr, and with ``--json`` also as one item that cannot be
    chosen (Alfred Script Filter ``"valid": false``), so a launcher shows why."""
    sys.stderr.write(message)
    if as_json:
        import json

        lines = [line for line in message.splitlines() if line.strip()]
        title = lines[0].removeprefix("sessiondock-launcher: ") if lines else "no answer"
        title = title[:1].upper() + title[1:]
        item = {"title": title, "subtitle": " ".join(lines[1:]), "valid": False}
        sys.stdout.write(json.dumps({"items": [item]}, ensure_ascii=False) + "\n")
    return code


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    if any(arg.split("=", 1)[0] == "--query" for arg in raw):
        return query_main(raw)
    if raw in (["--install-desktop-entry"], ["--uninstall-desktop-entry"]):
        from sessiondock_launcher.desktop.desktop_entry import main as desktop_entry_main

        return desktop_entry_main(["--uninstall"] if raw[0].startswith("--un") else [])
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
