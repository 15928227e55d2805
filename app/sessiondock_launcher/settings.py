"""Typed user settings (a JSON file saved atomically) and the token store (OS keyring).

Environment variables ``SESSIONDOCK_BASE_URL`` and ``SESSIONDOCK_TOKEN`` (the names SessionDock's
own docs use) override what is saved; :func:`resolve_connection` says which source won so the UI
can tell the user.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sessiondock_launcher.core.fsio import atomic_write, read_regular_file

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
    hotkey: str = "Control+Alt+Space"
    result_limit: int = 50
    placement: str = "cursor"  # cursor | primary
    launch_at_login: bool = False
    allow_remote_hosts: list[str] = field(default_factory=list)
    show_preview_pane: bool = False
    theme: str = "auto"  # auto (follow the system) | light | dark
    desktop_entry_offered: bool = False  # Linux: the first-run menu-entry offer was answered

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Settings:
        """Build settings from saved JSON, ignoring unknown keys and values of the wrong type."""
        return cls.checked_from_json(raw)[0]

    @classmethod
    def checked_from_json(cls, raw: Mapping[str, Any]) -> tuple[Settings, list[str]]:
        """Build settings from saved JSON and say what could not be used.

        Returns:
            The settings (a value of the wrong type or out of range is replaced by its default
            or clamped) and one line per such value: which key, what was found, what is used.
        """
        defaults = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for f in fields(cls):
            default = getattr(defaults, f.name)
            if f.name not in raw:
                values[f.name] = default
                continue
            value = raw[f.name]
            expected = _type_problem(value, default)
            if expected:
                problems.append(
                    f"{f.name}: expected {expected}, found {_shown(value)}; using {_shown(default)}"
                )
                value = default
            values[f.name] = value
        limit = min(max(values["result_limit"], 5), 200)
        if limit != values["result_limit"]:
            problems.append(
                f"result_limit: {values['result_limit']} is outside 5..200; using {limit}"
            )
            values["result_limit"] = limit
        for key, allowed in _CHOICES.items():
            if values[key] not in allowed:
                problems.append(
                    f"{key}: expected one of {', '.join(allowed)}, found {_shown(values[key])};"
                    f" using {_shown(allowed[0])}"
                )
                values[key] = allowed[0]
        return cls(**values), problems


_CHOICES: dict[str, tuple[str, ...]] = {
    "theme": ("auto", "light", "dark"),
    "placement": ("cursor", "primary"),
}


def _type_problem(value: object, default: object) -> str:
    """What ``value`` should have been ('' when it has the type of ``default``)."""
    if isinstance(default, bool):
        return "" if isinstance(value, bool) else "true or false"
    if isinstance(default, int):
        return "" if isinstance(value, int) and not isinstance(value, bool) else "a whole number"
    if isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return "" if ok else "a list of text"
    return "" if isinstance(value, str) else "text"


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


class SettingsError(OSError):
    """Settings cannot be saved without destroying a file that could not be read."""


class SettingsStore:
    """Loads and atomically saves :class:`Settings` as JSON; never destroys a file it cannot read.

    A settings file that cannot be read (corrupt JSON, not a regular file, unreadable) is moved
    aside as ``settings.json.unreadable-<timestamp>`` and defaults are used; if it cannot be moved,
    :meth:`save` refuses to overwrite it. Values of the wrong type are replaced by defaults and a
    copy of the file is kept as ``settings.json.invalid-<timestamp>``. Either way :attr:`problem`
    holds a message for the user (the UI shows it), and the log has the details.

    Args:
        path: The settings file.
        demo: The launcher runs on the demo simulator: :meth:`save` keeps the connection settings
            (address, allowed hosts) that are on disk, so the simulator's address never lands in
            the real settings.
    """

    def __init__(self, path: Path, *, demo: bool = False) -> None:
        self.path = path
        self.demo = demo
        self.problem: str | None = None

    def load(self) -> Settings:
        """The saved settings (defaults where nothing usable is saved); sets :attr:`problem`."""
        self.problem = None
        try:
            raw = self._read()
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as exc:
            logger.warning("Settings file %s unreadable (%s); using defaults", self.path, exc)
            kept = _set_aside(self.path, "unreadable")
            where = (
                f"It was kept as {kept}."
                if kept
                else "It was left in place and will not be overwritten."
            )
            self.problem = (
                f"Your settings file could not be read ({_reason(exc)}), so defaults are in use. "
                + where
            )
            return Settings()
        settings, problems = Settings.checked_from_json(raw)
        if problems:
            for line in problems:
                logger.warning("Settings file %s: %s", self.path, line)
            kept = _copy_aside(self.path, "invalid")
            self.problem = (
                f"Some settings had values that cannot be used, so defaults replace them: "
                f"{'; '.join(problems)}."
                + (f" The original file was kept as {kept}." if kept else "")
            )
        return settings

    def save(self, settings: Settings) -> None:
        """Write ``settings`` atomically (0600).

        Raises:
            SettingsError: The file on disk could not be read and could not be moved aside.
            OSError: The folder cannot be written (read-only, full disk).
        """
        if self.demo:
            settings = self._without_connection_changes(settings)
        self._refuse_to_destroy()
        data = json.dumps(asdict(settings), indent=2, sort_keys=True)
        atomic_write(self.path, data.encode("utf-8"))

    def _read(self) -> dict[str, Any]:
        raw = json.loads(read_regular_file(self.path, MAX_SETTINGS_BYTES + 1).decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError(f"expected a JSON object, found {type(raw).__name__}")
        return raw

    def _refuse_to_destroy(self) -> None:
        try:
            self._read()
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            if _set_aside(self.path, "unreadable") is None:
                raise SettingsError(
                    f"{self.path} could not be read ({_reason(exc)}) and is not overwritten"
                ) from exc

    def _without_connection_changes(self, settings: Settings) -> Settings:
        try:
            on_disk = Settings.from_json(self._read())
        except FileNotFoundError:
            on_disk = Settings()
        except (OSError, ValueError):
            on_disk = Settings()  # _refuse_to_destroy deals with the file itself
        return replace(
            settings,
            base_url=on_disk.base_url,
            allow_remote_hosts=list(on_disk.allow_remote_hosts),
        )


MAX_SETTINGS_BYTES = 1024 * 1024


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _aside_path(path: Path, tag: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{tag}-{stamp}")
    n = 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}.{tag}-{stamp}-{n}")
    return candidate


def _set_aside(path: Path, tag: str) -> Path | None:
    """Move ``path`` out of the way (kept, timestamped); ``None`` when it cannot be moved."""
    target = _aside_path(path, tag)
    try:
        path.rename(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        logger.error("Could not move the unreadable settings file %s aside: %s", path, exc)
        return None
    logger.warning("Moved the unreadable settings file to %s", target)
    return target


def _copy_aside(path: Path, tag: str) -> Path | None:
    target = _aside_path(path, tag)
    try:
        atomic_write(target, read_regular_file(path, MAX_SETTINGS_BYTES))
    except OSError as exc:
        logger.warning("Could not keep a copy of %s: %s", path, exc)
        return None
    return target


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
            except Exception as exc:  # noqa: BLE001 - keyring backends raise anything; never crash on it
                logger.warning("Keyring read failed: %s", type(exc).__name__)
                value = None
            return value or None
        try:
            data = read_regular_file(self.fallback_file, 64 * 1024)
        except FileNotFoundError:
            return None
        except OSError as exc:
            logger.warning("Token file %s unreadable: %s", self.fallback_file, exc)
            return None
        return data.decode("utf-8", "replace").strip() or None

    def save(self, token: str) -> None:
        kr = self._keyring()
        if kr is not None:
            kr.set_password(KEYRING_SERVICE, KEYRING_USER, token)
            self.fallback_file.unlink(missing_ok=True)
            return
        atomic_write(self.fallback_file, token.encode("utf-8"))  # 0600 from the first byte


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
