"""The Settings window's longer texts: the first-run guide, the notes under locked fields, and
the Test-connection verdict (translation context ``SettingsDialog``, as in the window)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sessiondock_launcher.api import Health
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

__all__ = ["DEMO_NOTE", "ENV_NOTE", "FIRST_RUN_TEXT", "health_summary"]

FIRST_RUN_TEXT = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "<b>Connect to SessionDock.</b> In SessionDock open <i>Settings → Local API</i>, enable it, "
    "pick a mode (<i>Full Automation</i> lets the launcher focus and open sessions; "
    "<i>Read-only</i> is enough to search) and copy the token into the field below.",
)
ENV_NOTE = QT_TRANSLATE_NOOP(
    "SettingsDialog", "Set by {name}; remove that environment variable to change it here."
)
DEMO_NOTE = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "Demo mode: connected to the built-in simulator. "
    "Start without --demo to connect to SessionDock.",
)


def health_summary(health: Health) -> str:
    """``✓ Connected: SessionDock running, mode read-only — focus/open need Full Automation``."""
    mode = health.effective_mode or "unknown"
    modes = QCoreApplication.translate("SettingsDialog", "mode {mode}").format(mode=mode)
    if health.configured_mode and health.configured_mode != health.effective_mode:
        modes += QCoreApplication.translate("SettingsDialog", " (configured {mode})").format(
            mode=health.configured_mode
        )
    running = (
        QCoreApplication.translate("SettingsDialog", "running")
        if health.running
        else QCoreApplication.translate("SettingsDialog", "not running")
    )
    hint = (
        ""
        if health.can_write
        else QCoreApplication.translate("SettingsDialog", " — focus/open need Full Automation")
    )
    connected = QCoreApplication.translate(
        "SettingsDialog", "✓ Connected: SessionDock {running}, {modes}{hint}"
    )
    return connected.format(running=running, modes=modes, hint=hint)
