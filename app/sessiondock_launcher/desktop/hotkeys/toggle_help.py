"""How to bind ``sessiondock-launcher --toggle`` in each desktop's own keyboard settings (Qt-free).

This works on every desktop, Wayland included, and is the answer whenever no native hotkey
backend can (docs/pitfalls.md §11).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sessiondock_launcher.desktop.hotkeys.base import TOGGLE_COMMAND

logger = logging.getLogger(__name__)

DESKTOP_INSTRUCTIONS: dict[str, str] = {
    "GNOME": (
        "GNOME: Settings → Keyboard → View and Customize Shortcuts → Custom Shortcuts → +; "
        f"Command: {TOGGLE_COMMAND}; Shortcut: Ctrl+Alt+Space."
    ),
    "KDE": (
        "KDE Plasma: System Settings → Keyboard → Shortcuts → Add New → Command or Script…; "
        f"Command: {TOGGLE_COMMAND}; then set the shortcut Ctrl+Alt+Space."
    ),
    "XFCE": (
        "Xfce: Settings → Keyboard → Application Shortcuts → Add; "
        f"Command: {TOGGLE_COMMAND}; then press Ctrl+Alt+Space."
    ),
    "sway": f"sway (~/.config/sway/config): bindsym Ctrl+Mod1+space exec {TOGGLE_COMMAND}",
    "Hyprland": (
        f"Hyprland (~/.config/hypr/hyprland.conf): bind = CTRL ALT, space, exec, {TOGGLE_COMMAND}"
    ),
}

TOGGLE_COMMAND_HELP = "\n".join(
    [
        f"Any desktop can open the palette with the command `{TOGGLE_COMMAND}`: bind it to a "
        "shortcut (for example Ctrl+Alt+Space) in your desktop's keyboard settings.",
        *(f"• {text}" for text in DESKTOP_INSTRUCTIONS.values()),
        "• Other desktops and window managers: add a custom shortcut that runs the command.",
    ]
)
"""Instructions for every supported desktop, for Settings and for error messages."""


def toggle_command_help(environ: Mapping[str, str]) -> str:
    """The instructions for the desktop named in ``XDG_CURRENT_DESKTOP``, or all of them."""
    current = [d.strip().lower() for d in environ.get("XDG_CURRENT_DESKTOP", "").split(":")]
    for name, text in DESKTOP_INSTRUCTIONS.items():
        if name.lower() in current:
            return f"Bind the command `{TOGGLE_COMMAND}` to a shortcut.\n{text}"
    return TOGGLE_COMMAND_HELP
