"""The Linux bundle layout: the onedir output plus a menu entry and icons, usable as an AppDir.

After ``COLLECT`` the spec calls :func:`lay_out` on ``dist/sessiondock-launcher/``, which then is::

    sessiondock-launcher            GUI executable
    sessiondock-launcher-ctl        console executable (--toggle, --show, --hide, --quit)
    _internal/                      Python, Qt and the app
    share/applications/com.sessiondock.Launcher.desktop
    share/icons/hicolor/<n>x<n>/apps/sessiondock-launcher.png, scalable/, symbolic/
    install-user.sh                 puts the commands, menu entry and icons into ~/.local
    AppRun, com.sessiondock.Launcher.desktop, sessiondock-launcher.png, .DirIcon
                                    symlinks that make the folder an AppDir (appimagetool)

The .desktop basename is the reverse-DNS app id (``desktop/app_id.py``) the Wayland
GlobalShortcuts portal and the Wayland app id need; the icon keeps its plain name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

APP_ID = "com.sessiondock.Launcher"  # = sessiondock_launcher.desktop.app_id.APP_ID (tested)
EXECUTABLE = "sessiondock-launcher"
ICON_NAME = "sessiondock-launcher"
APPDIR_ICON_SIZE = 256


def _symlink(link: Path, target: str) -> None:
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target)


def lay_out(dist: Path, root: Path) -> list[Path]:
    """Add ``share/``, ``install-user.sh`` and the AppDir entries to ``dist``; return them."""
    resources = root / "resources"
    made: list[Path] = []
    share = dist / "share"
    if share.exists():
        shutil.rmtree(share)
    desktop = share / "applications" / f"{APP_ID}.desktop"
    desktop.parent.mkdir(parents=True)
    shutil.copyfile(resources / "linux" / f"{APP_ID}.desktop", desktop)
    made.append(desktop)
    hicolor = share / "icons" / "hicolor"
    shutil.copytree(resources / "generated" / "hicolor", hicolor)
    made += sorted(p for p in hicolor.rglob("*") if p.is_file())
    scalable = hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True)
    shutil.copyfile(resources / "icons" / f"{ICON_NAME}.svg", scalable)
    made.append(scalable)
    installer = dist / "install-user.sh"
    shutil.copyfile(root / "packaging" / "linux" / "install-user.sh", installer)
    installer.chmod(0o755)
    made.append(installer)
    size = f"{APPDIR_ICON_SIZE}x{APPDIR_ICON_SIZE}"
    links = {
        "AppRun": EXECUTABLE,
        f"{APP_ID}.desktop": f"share/applications/{APP_ID}.desktop",
        f"{ICON_NAME}.png": f"share/icons/hicolor/{size}/apps/{ICON_NAME}.png",
        ".DirIcon": f"{ICON_NAME}.png",
    }
    for name, target in links.items():
        _symlink(dist / name, target)
        made.append(dist / name)
    missing = [str(p) for p in made if not p.exists()]  # follows the symlinks
    if missing:
        raise FileNotFoundError(f"broken bundle layout: {missing}")
    return made
