"""Typed user settings (a JSON file saved atomically) and the token store (OS keyring).

Environment variables ``SESSIONDOCK_BASE_URL`` and ``SESSIONDOCK_TOKEN`` (the names SessionDock's
own docs use) override what is saved; :func:`resolve_connection` says which source won so the UI
can tell the user.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "http://127.0.0.1:18432/api/v1"
BASE_URL_ENV = "SESSIONDOCK_BASE_URL"
TOKEN_ENV = "SESSIONDOCK_TOKEN"
KEYRING_SERVICE = "SessionDock Launcher"
KEYRING_USER = "local-api-token"


@dataclass(slots=True)
class Settings:
    """What the user can change in the Settings window."""

    base_url: str = DEFAULT_BASE_URL
    # Ctrl+Alt+Space: Space alone is every DAW's transport key and Alt+Space opens the Windows
    # system menu, so neither may be the default.
    hotkey: str = "Ctrl+Alt+Space"
    result_limit: int = 50
    placement: str = "cursor"  # cursor | primary
    launch_at_login: bool = False
    allow_remote_hosts: list[str] = field(default_factory=list)
    show_preview_pane: bool = False
    theme: str = "auto"  # auto (follow the system) | light | dark

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Settings:
        """Build settings from saved JSON, ignoring unknown keys and values of the wrong type."""
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = raw.get(f.name, getattr(defaults, f.name))
            default = getattr(defaults, f.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool)
            elif isinstance(default, list):
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            else:
                ok = isinstance(value, str)
            values[f.name] = value if ok else default
        values["result_limit"] = min(max(values["result_limit"], 5), 200)
        if values["theme"] not in ("auto", "light", "dark"):
            values["theme"] = "auto"
        if values["placement"] not in ("cursor", "primary"):
            values["placement"] = "cursor"
        return cls(**values)


class SettingsStore:
    """Loads and atomically saves :class:`Settings` as JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as exc:
            logger.warning("Settings file %s unreadable (%s); using defaults", self.path, exc)
            return Settings()
        return Settings.from_json(raw if isinstance(raw, dict) else {})

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(asdict(settings), indent=2, sort_keys=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class TokenStore:
    """The API token in the OS keyring; a 0600 file where no keyring backend exists.

    ``warning`` is set (and shown by the UI) when the fallback file is in use.
    """

    def __init__(self, fallback_file: Path) -> None:
        self.fallback_file = fallback_file
        self.warning: str | None = None

    def _keyring(self) -> Any | None:
        import keyring  # imported lazily: backend discovery costs ~150 ms
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            self.warning = (
                "No system keyring is available, so the token is stored in a private file "
                f"({self.fallback_file}). Install a keyring (e.g. GNOME Keyring) to protect it."
            )
            return None
        self.warning = None
        return keyring

    def load(self) -> str | None:
        kr = self._keyring()
        if kr is not None:
            try:
                value = kr.get_password(KEYRING_SERVICE, KEYRING_USER)
            except Exception as exc:  # keyring backends raise anything; never crash on it
                logger.warning("Keyring read failed: %s", type(exc).__name__)
                value = None
            return value or None
        try:
            return self.fallback_file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def save(self, token: str) -> None:
        kr = self._keyring()
        if kr is not None:
            kr.set_password(KEYRING_SERVICE, KEYRING_USER, token)
            self.fallback_file.unlink(missing_ok=True)
            return
        self.fallback_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.fallback_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token)
        os.chmod(self.fallback_file, 0o600)


@dataclass(frozen=True, slots=True)
class ConnectionConfig:
    """Where to reach SessionDock and with which token, plus where each value came from."""

    base_url: str
    token: str | None
    base_url_source: str  # "environment" | "settings" | "demo"
    token_source: str  # "environment" | "keyring" | "file" | "demo" | "none"

    def __repr__(self) -> str:  # never show the token
        return (
            f"ConnectionConfig(base_url={self.base_url!r}, token={'set' if self.token else None},"
            f" base_url_source={self.base_url_source!r}, token_source={self.token_source!r})"
        )


def resolve_connection(
    settings: Settings, tokens: TokenStore, environ: Mapping[str, str] | None = None
) -> ConnectionConfig:
    """Environment variables win over saved settings (and the UI says so)."""
    env = os.environ if environ is None else environ
    env_url = env.get(BASE_URL_ENV, "").strip()
    env_token = env.get(TOKEN_ENV, "").strip()
    if env_token:
        token: str | None = env_token
        token_source = "environment"
    else:
        token = tokens.load()
        token_source = ("file" if tokens.warning else "keyring") if token else "none"
    return ConnectionConfig(
        base_url=env_url or settings.base_url,
        token=token,
        base_url_source="environment" if env_url else "settings",
        token_source=token_source,
    )
