"""Install the menu entry and icons into the user's XDG data dirs (Linux; Qt-free).

A ``pip install`` puts no ``.desktop`` file anywhere, yet GNOME's GlobalShortcuts portal, the
Wayland app id and the menu all need ``com.sessiondock.Launcher.desktop``.
``sessiondock-launcher --install-desktop-entry`` writes it, with ``Exec`` lines that start this very
installation, plus the hicolor icons, under ``$XDG_DATA_HOME`` (``~/.local/share``);
``--uninstall-desktop-entry`` removes exactly those files. Installing twice changes nothing.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from sessiondock_launcher.desktop.app_id import (
    DESKTOP_FILE_NAME,
    ICON_NAME,
    LEGACY_DESKTOP_FILE_NAME,
)
from sessiondock_launcher.desktop.autostart import default_launch_command, desktop_exec_line

logger = logging.getLogger(__name__)

_EXEC_ARGS = {"toggle": ["--toggle"], "demo": ["--demo"]}
"""Arguments of each ``[Desktop Action …]`` (the GUI forwards --toggle to a running instance)."""


def data_home(environ: Mapping[str, str], home: Path) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when unset or relative (XDG Base Directory)."""
    value = environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else home / ".local" / "share"


def data_dirs(environ: Mapping[str, str], home: Path) -> list[Path]:
    """Every directory the desktop searches: ``$XDG_DATA_HOME``, then ``$XDG_DATA_DIRS``."""
    system = environ.get("XDG_DATA_DIRS", "") or "/usr/local/share:/usr/share"
    return [
        data_home(environ, home),
        *(Path(p) for p in system.split(":") if Path(p).is_absolute()),
    ]


def is_installed(environ: Mapping[str, str], home: Path) -> bool:
    """Whether a ``com.sessiondock.Launcher.desktop`` is visible to the desktop."""
    return any((d / "applications" / DESKTOP_FILE_NAME).is_file() for d in data_dirs(environ, home))


def entry_text(template: str, command: Sequence[str]) -> str:
    """The menu entry from ``resources/linux``, with every ``Exec`` starting ``command``.

    ``TryExec`` names the program, so the menu hides the entry once that installation is gone.
    """
    lines = []
    section = ""
    for line in template.splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        key = line.split("=", 1)[0]
        if key == "Exec":
            action = section.removeprefix("Desktop Action ") if section != "Desktop Entry" else ""
            lines.append(f"Exec={desktop_exec_line([*command, *_EXEC_ARGS.get(action, [])])}")
        elif key == "TryExec":
            lines.append(f"TryExec={desktop_exec_line(command[:1])}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _icons(resources: Path) -> dict[Path, Path]:
    """``{relative destination under icons/hicolor: source}`` for every icon we ship."""
    hicolor = resources / "generated" / "hicolor"
    icons = {p.relative_to(hicolor): p for p in sorted(hicolor.rglob("*")) if p.is_file()}
    icons[Path("scalable/apps") / f"{ICON_NAME}.svg"] = resources / "icons" / f"{ICON_NAME}.svg"
    return icons


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def install_desktop_entry(
    target: Path, command: Sequence[str], resources: Path | None = None
) -> list[Path]:
    """Install the entry and icons under the data dir ``target``; return the files it changed.

    Idempotent; also removes the ``sessiondock-launcher.desktop`` older versions installed.
    """
    if resources is None:
        from sessiondock_launcher.resources import resources_dir

        resources = resources_dir()
    template = (resources / "linux" / DESKTOP_FILE_NAME).read_text(encoding="utf-8")
    changed = []
    entry = target / "applications" / DESKTOP_FILE_NAME
    if _write_if_changed(entry, entry_text(template, command).encode("utf-8")):
        changed.append(entry)
    for relative, source in _icons(resources).items():
        destination = target / "icons" / "hicolor" / relative
        if _write_if_changed(destination, source.read_bytes()):
            changed.append(destination)
    legacy = target / "applications" / LEGACY_DESKTOP_FILE_NAME
    if legacy.exists():
        legacy.unlink()
        changed.append(legacy)
    hicolor = target / "icons" / "hicolor"
    if changed and hicolor.is_dir():
        os.utime(hicolor)  # icon caches notice a newer directory
    return changed


def uninstall_desktop_entry(target: Path, resources: Path | None = None) -> list[Path]:
    """Remove what :func:`install_desktop_entry` installs (and the legacy entry); return it."""
    if resources is None:
        from sessiondock_launcher.resources import resources_dir

        resources = resources_dir()
    candidates = [
        target / "applications" / DESKTOP_FILE_NAME,
        target / "applications" / LEGACY_DESKTOP_FILE_NAME,
        *(target / "icons" / "hicolor" / relative for relative in _icons(resources)),
    ]
    removed = [path for path in candidates if path.is_file()]
    for path in removed:
        path.unlink()
    return removed


def main(
    argv: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
    command: Sequence[str] | None = None,
) -> int:
    """``--install-desktop-entry`` (``argv`` empty), or uninstall (``argv == ["--uninstall"]``).

    Prints what it did; returns the process exit code (1 when the files cannot be written).
    """
    environ = os.environ if environ is None else environ
    target = data_home(environ, home or Path.home())
    try:
        if "--uninstall" in argv:
            removed = uninstall_desktop_entry(target)
            print(
                f"Removed {len(removed)} files of the SessionDock Launcher menu entry from {target}"
            )
            return 0
        changed = install_desktop_entry(target, command or default_launch_command())
    except OSError as exc:
        print(f"sessiondock-launcher: cannot install the menu entry: {exc}", file=sys.stderr)
        return 1
    entry = target / "applications" / DESKTOP_FILE_NAME
    state = f"installed ({len(changed)} files written)" if changed else "already up to date"
    print(f"Menu entry {entry}: {state}. Icons are in {target / 'icons' / 'hicolor'}.")
    return 0
