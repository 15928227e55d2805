"""Locate bundled resources (icons, .desktop file) in a source checkout, a wheel or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``resources/`` of the checkout, or the copy PyInstaller / the wheel carries."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [
        Path(frozen_root) / "resources" if frozen_root else None,
        Path(__file__).resolve().parent / "_resources",
        Path(__file__).resolve().parents[2] / "resources",
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_dir():
            return candidate
    raise FileNotFoundError("SessionDock Launcher resources not found; reinstall the app")


def icon_svg() -> Path:
    return resources_dir() / "icons" / "sessiondock-launcher.svg"
