"""Every file location the launcher uses, in one place.

Defaults come from platformdirs; ``SESSIONDOCK_LAUNCHER_HOME`` puts everything under one base
directory instead (tests, the demo and portable installs use it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

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

    def ensure(self) -> None:
        for directory in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir):
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
