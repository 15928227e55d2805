from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from tests.support import keyrings

from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import (
    DEFAULT_BASE_URL,
    Settings,
    SettingsStore,
    TokenStore,
    resolve_connection,
)

memory_keyring = pytest.fixture(keyrings.memory_keyring)
no_keyring = pytest.fixture(keyrings.no_keyring)


def test_settings_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "cfg" / "settings.json")
    assert store.load() == Settings()
    saved = Settings(
        base_url="http://127.0.0.1:1/api/v1", result_limit=20, allow_remote_hosts=["a.example"]
    )
    store.save(saved)
    assert store.load() == saved
    assert not list((tmp_path / "cfg").glob(".settings-*"))  # no temp file left behind


def test_corrupt_or_mistyped_settings_fall_back_per_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert SettingsStore(path).load() == Settings()
    path.write_text(
        json.dumps({"base_url": 5, "result_limit": 10_000, "hotkey": "Meta+K", "extra": 1})
    )
    loaded = SettingsStore(path).load()
    assert loaded.base_url == DEFAULT_BASE_URL
    assert loaded.result_limit == 200
    assert loaded.hotkey == "Meta+K"


def test_default_hotkey_avoids_daw_transport_and_system_menu() -> None:
    assert Settings().hotkey not in ("Space", "Alt+Space")


def test_env_overrides_saved_settings_and_says_so(tmp_path: Path, memory_keyring) -> None:
    tokens = TokenStore(tmp_path / "token")
    tokens.save("saved-token-123")
    env = {
        "SESSIONDOCK_BASE_URL": "http://127.0.0.1:9999/api/v1",
        "SESSIONDOCK_TOKEN": "env-token-456",
    }
    conn = resolve_connection(Settings(), tokens, env)
    assert (conn.base_url, conn.token) == ("http://127.0.0.1:9999/api/v1", "env-token-456")
    assert (conn.base_url_source, conn.token_source) == ("environment", "environment")
    conn = resolve_connection(Settings(), tokens, {})
    assert (conn.base_url, conn.token, conn.token_source) == (
        DEFAULT_BASE_URL,
        "saved-token-123",
        "keyring",
    )
    assert "saved-token-123" not in repr(conn)


def test_token_goes_to_keyring_and_never_to_a_file(tmp_path: Path, memory_keyring) -> None:
    paths = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "k", tmp_path / "l")
    paths.ensure()
    TokenStore(paths.token_fallback_file).save("s3cret-token-value")
    SettingsStore(paths.settings_file).save(Settings())
    assert memory_keyring.values
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"s3cret-token-value" not in file.read_bytes(), file


def test_without_keyring_token_file_is_private_and_warned(tmp_path: Path, no_keyring) -> None:
    store = TokenStore(tmp_path / "token")
    store.save("fallback-token")
    assert store.warning and "keyring" in store.warning
    assert stat.S_IMODE((tmp_path / "token").stat().st_mode) == 0o600
    assert TokenStore(tmp_path / "token").load() == "fallback-token"
    conn = resolve_connection(Settings(), TokenStore(tmp_path / "token"), {})
    assert conn.token_source == "file"


def test_home_env_puts_everything_under_one_folder(tmp_path: Path) -> None:
    paths = AppPaths.default({"SESSIONDOCK_LAUNCHER_HOME": str(tmp_path)})
    for directory in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir):
        assert tmp_path in directory.parents
