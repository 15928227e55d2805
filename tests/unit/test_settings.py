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
    SettingsError,
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


def test_env_overrides_saved_settings_and_says_so(
    tmp_path: Path, memory_keyring: keyrings.MemoryKeyring
) -> None:
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


def test_token_goes_to_keyring_and_never_to_a_file(
    tmp_path: Path, memory_keyring: keyrings.MemoryKeyring
) -> None:
    paths = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "k", tmp_path / "l")
    paths.ensure()
    TokenStore(paths.token_fallback_file).save("s3cret-token-value")
    SettingsStore(paths.settings_file).save(Settings())
    assert memory_keyring.values
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"s3cret-token-value" not in file.read_bytes(), file


def test_without_keyring_token_file_is_private_and_warned(tmp_path: Path, no_keyring: None) -> None:
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


# -- settings never destroyed (issue 15.5) ---------------------------------------------------------


def test_corrupt_file_is_kept_aside_and_the_user_is_told(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"hotkey": "Meta+K", "theme": "dark"')  # truncated by a crash
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.problem and "could not be read" in store.problem
    kept = list(tmp_path.glob("settings.json.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text() == '{"hotkey": "Meta+K", "theme": "dark"'
    assert str(kept[0]) in store.problem
    store.save(Settings(result_limit=30))  # the next automatic save
    assert kept[0].read_text() == '{"hotkey": "Meta+K", "theme": "dark"'
    assert SettingsStore(path).load().result_limit == 30


@pytest.mark.log_errors(r"Could not move the unreadable settings file")
def test_unreadable_file_that_cannot_be_moved_is_never_overwritten(tmp_path: Path) -> None:
    from tests.support.fs import read_only_dir

    folder = tmp_path / "cfg"
    folder.mkdir()
    path = folder / "settings.json"
    path.write_text("{not json")
    with read_only_dir(folder):
        store = SettingsStore(path)
        assert store.load() == Settings()
        assert store.problem and "will not be overwritten" in store.problem
    # The folder is writable again, but this store never read the file: it must not replace it.
    # Another store (the app makes its own) that never read the file must not replace it either.
    with read_only_dir(folder), pytest.raises(SettingsError, match="not overwritten"):
        SettingsStore(path).save(Settings())
    assert path.read_text() == "{not json"


def test_wrong_typed_values_are_reported_by_key_and_value(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    original = json.dumps(
        {"hotkey": 5, "result_limit": "fifty", "theme": "blue", "launch_at_login": "yes"}
    )
    path.write_text(original)
    store = SettingsStore(path)
    loaded = store.load()
    assert (loaded.hotkey, loaded.result_limit, loaded.theme) == (
        Settings().hotkey,
        Settings().result_limit,
        "auto",
    )
    problem = store.problem or ""
    assert "hotkey: expected text, found 5" in problem
    assert 'result_limit: expected a whole number, found "fifty"' in problem
    assert 'theme: expected one of auto, light, dark, found "blue"' in problem
    assert 'launch_at_login: expected true or false, found "yes"' in problem
    kept = list(tmp_path.glob("settings.json.invalid-*"))
    assert len(kept) == 1 and kept[0].read_text() == original


def test_good_file_gives_no_problem(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(theme="dark"))
    assert store.load().theme == "dark"
    assert store.problem is None
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
    assert stat.S_IMODE((tmp_path / "settings.json").stat().st_mode) == 0o600


def test_fifo_at_the_settings_path_does_not_hang(tmp_path: Path) -> None:
    import os
    import threading

    path = tmp_path / "settings.json"
    os.mkfifo(path)
    store = SettingsStore(path)
    done: list[Settings] = []
    loader = threading.Thread(target=lambda: done.append(store.load()), daemon=True)
    loader.start()
    loader.join(5)
    assert not loader.is_alive(), "load() blocked on a FIFO"
    assert done == [Settings()]
    assert store.problem and "not a regular file" in store.problem


def test_demo_save_never_writes_connection_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    SettingsStore(path).save(Settings(base_url="http://127.0.0.1:18432/api/v1", theme="light"))
    demo = SettingsStore(path, demo=True)
    demo.save(
        Settings(base_url="http://127.0.0.1:41234/api/v1", allow_remote_hosts=["sim"], theme="dark")
    )
    saved = json.loads(path.read_text())
    assert saved["base_url"] == "http://127.0.0.1:18432/api/v1"
    assert saved["allow_remote_hosts"] == []
    assert saved["theme"] == "dark"  # everything else is still the user's to change


# -- folders (issue 15.4) -------------------------------------------------------------------------


def test_world_writable_folders_are_tightened(tmp_path: Path) -> None:
    paths = AppPaths.default({"SESSIONDOCK_LAUNCHER_HOME": str(tmp_path)})
    paths.cache_dir.mkdir(parents=True)
    paths.cache_dir.chmod(0o777)  # left like this by an old version or another tool
    assert paths.ensure() is None
    for directory in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory


def test_unusable_folders_are_reported_not_raised(tmp_path: Path) -> None:
    from tests.support.fs import foreign_dir, read_only_dir

    paths = AppPaths.default({"SESSIONDOCK_LAUNCHER_HOME": str(tmp_path / "home")})
    foreign_dir(paths.cache_dir, 0o755)
    (tmp_path / "home").chmod(0o755)
    with read_only_dir(tmp_path / "home"):
        problem = paths.ensure()
    assert problem is not None
    assert f"{paths.cache_dir} (" in problem and "another user" in problem
    assert f"{paths.config_dir} (" in problem  # could not be created on the read-only disk
    assert "SESSIONDOCK_LAUNCHER_HOME" in problem
