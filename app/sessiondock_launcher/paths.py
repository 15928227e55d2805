"""Every file location the launcher uses, in one place.

Defaults come from platformdirs; ``SESSIONDOCK_LAUNCHER_HOME`` puts everything under one base
directory instead (tests, the demo and portable installs use it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from sessiondock_launcher.core.fsio import UnsafeDirError, ensure_private_dir

APP_NAME = "SessionDockLauncher"
APP_AUTHOR = "SessionDock"
HOME_ENV = "SESSIONDOCK_LAUNCHER_HOME"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """Directories for settings, persistent data (frecency), caches and logs."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @classmethod
    def default(cls, environ: dict[str, str] | None = None) -> AppPaths:
        env = os.environ if environ is None else environ
        base = env.get(HOME_ENV)
        if base:
            root = Path(base)
            return cls(root / "config", root / "data", root / "cache", root / "logs")
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def token_fallback_file(self) -> Path:
        return self.config_dir / "token"

    @property
    def frecency_file(self) -> Path:
        return self.data_dir / "frecency.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "launcher.log"

    def ensure(self) -> str | None:
        """Create every folder user-only (0700), tightening any that others could write into.

        Never raises: the launcher runs without the folders it cannot have (nothing is saved
        there) rather than not at all.

        Returns:
            ``None`` when all folders are usable, else a message for the user naming each folder
            that is not and why (read-only or full disk, owned by another user, not a folder).
        """
        problems: list[str] = []
        for directory in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir):
            try:
                ensure_private_dir(directory)
            except OSError as exc:
                reason = (
                    exc.strerror if exc.strerror and not isinstance(exc, UnsafeDirError) else exc
                )
                problems.append(f"{directory} ({reason})")
        if not problems:
            return None
        return (
            "These folders cannot be used, so settings, history or caches kept there will not be "
            f"saved: {'; '.join(problems)}. Set {HOME_ENV} to a writable folder to choose another."
        )
