"""Per-OS bundle metadata: the macOS Info.plist keys and the Windows version resource."""

from __future__ import annotations

import re
from typing import Any

DISPLAY_NAME = "SessionDock Launcher"
COMPANY = "SessionDock"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` / ``1.2.3rc1`` → ``(0, 1, 0, 0)`` / ``(1, 2, 3, 0)`` for Windows resources."""
    numbers = [int(m) for m in re.findall(r"\d+", version.split("+", maxsplit=1)[0])[:3]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def info_plist(version: str) -> dict[str, Any]:
    return {
        "CFBundleName": DISPLAY_NAME,
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSUIElement": True,  # tray-only: no Dock icon, no app menu
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": f"© {COMPANY}",
    }


def windows_version_info(version: str, description: str, original_filename: str) -> str:
    """The VSVersionInfo text PyInstaller's ``EXE(version=...)`` reads (a Python expression)."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": original_filename.removesuffix(".exe"),
        "OriginalFilename": original_filename,
        "ProductName": DISPLAY_NAME,
        "ProductVersion": version,
        "LegalCopyright": f"© {COMPANY}",
    }
    string_structs = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
{string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
