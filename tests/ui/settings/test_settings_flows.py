"""Settings window: first run, Test connection, inline errors, env overrides, save + reconnect."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support import keyrings

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.logs import SecretFilter
from sessiondock_launcher.paths import AppPaths
from sessiondock_launcher.settings import ConnectionConfig, Settings, SettingsStore, TokenStore
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.settings.dialog import SettingsDialog, SettingsResult

TOKEN = "settings-test-token"
memory_keyring = pytest.fixture(keyrings.memory_keyring)


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(50, seed=3))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    p = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "k", tmp_path / "l")
    p.ensure()
    return p


@pytest.fixture
def make_dialog(
    qtbot: Any, qloop: Any, run_async: Callable[..., Any]
) -> Iterator[Callable[..., SettingsDialog]]:
    runners: list[TaskRunner] = []

    async def check(url: str, token: str, allow: list[str]) -> Any:
        from sessiondock_launcher.api import SessionDockClient

        async with SessionDockClient(url, token or None, allow_remote_hosts=allow) as client:
            return await client.health()

    def make(
        connection: ConnectionConfig, settings: Settings | None = None, **kw: Any
    ) -> SettingsDialog:
        tasks = TaskRunner(on_error=lambda _exc: None)
        runners.append(tasks)
        dialog = SettingsDialog(
            settings or Settings(base_url=connection.base_url), connection, check, tasks, **kw
        )
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    yield make
    for runner in runners:
        run_async(runner.shutdown())


def conn(
    url: str, token: str | None, source: str = "settings", token_source: str = "keyring"
) -> ConnectionConfig:
    return ConnectionConfig(url, token, source, token_source if token else "none")


def test_first_run_explains_where_the_token_comes_from(make_dialog: Any) -> None:
    dialog = make_dialog(conn("http://127.0.0.1:18432/api/v1", None), first_run=True)
    assert dialog.intro.isVisible()
    assert "Settings → Local API" in dialog.intro.text()
    assert dialog.token.echoMode() == dialog.token.EchoMode.Password
    dialog.show_token.setChecked(True)
    assert dialog.token.echoMode() == dialog.token.EchoMode.Normal


def test_test_connection_shows_running_state_and_modes(
    qtbot: Any, make_dialog: Any, sim: SimulatorThread
) -> None:
    sim.state.update_config({"effective_mode": "read-only"})
    dialog = make_dialog(conn(sim.base_url, TOKEN))
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith(("✓", "✗")), timeout=5000)
    text = dialog.test_result.text()
    assert text.startswith("✓ Connected: SessionDock running")
    assert "mode read-only (configured full-automation)" in text
    assert "need Full Automation" in text


@pytest.mark.parametrize(
    ("url", "token", "expected"),
    [
        (None, "wrong-token", "Token"),
        ("http://127.0.0.1:1/api/v1", TOKEN, "isn't running"),
        ("http://192.0.2.10:18432/api/v1", TOKEN, "192.0.2.10"),
    ],
)
def test_test_connection_failures_are_inline(
    qtbot: Any, make_dialog: Any, sim: SimulatorThread, url: str | None, token: str, expected: str
) -> None:
    dialog = make_dialog(conn(sim.base_url, TOKEN))
    if url:
        dialog.base_url.setText(url)
    dialog.token.setText(token)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith(("✓", "✗")), timeout=5000)
    assert dialog.test_result.text().startswith("✗")
    assert expected in dialog.test_result.text()
    assert token not in dialog.test_result.text() or (token == TOKEN and expected != "Token")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "not a url", "http://example.com/api/v1"])
def test_bad_address_blocks_save_with_an_inline_error(
    qtbot: Any, make_dialog: Any, url: str
) -> None:
    dialog = make_dialog(conn("http://127.0.0.1:18432/api/v1", TOKEN))
    dialog.base_url.setText(url)
    with qtbot.assertNotEmitted(dialog.settings_saved):
        dialog.save()
    assert dialog.error.isVisible() and dialog.error.text()
    assert dialog.isVisible()


def test_environment_overrides_are_read_only_and_explained(make_dialog: Any) -> None:
    dialog = make_dialog(
        conn("http://127.0.0.1:9/api/v1", "env-token", "environment", "environment")
    )
    assert dialog.base_url.isReadOnly() and dialog.token.isReadOnly()
    notes = " ".join(label.text() for label in dialog.findChildren(type(dialog.intro)))
    assert "SESSIONDOCK_BASE_URL" in notes and "SESSIONDOCK_TOKEN" in notes


def test_saving_keeps_the_stored_address_when_the_environment_sets_another(
    qtbot: Any, make_dialog: Any
) -> None:
    """SESSIONDOCK_BASE_URL is a temporary override: saving Settings (here only the theme)
    must not write it into settings.json, or it outlives the variable (a tester found it)."""
    stored = Settings(base_url="http://127.0.0.1:18432/api/v1")
    dialog = make_dialog(
        conn("http://127.0.0.1:47816/api/v1", "env-token", "environment", "environment"), stored
    )
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    with qtbot.waitSignal(dialog.settings_saved) as blocker:
        dialog.save()
    result: SettingsResult = blocker.args[0]
    assert result.settings.base_url == "http://127.0.0.1:18432/api/v1"
    assert result.settings.theme == "dark"
    assert result.token is None  # the environment's token is not stored either


def test_save_emits_choices_and_only_a_changed_token(qtbot: Any, make_dialog: Any) -> None:
    dialog = make_dialog(conn("http://127.0.0.1:18432/api/v1", "old-token"))
    dialog.result_limit.setValue(20)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    with qtbot.waitSignal(dialog.settings_saved) as blocker:
        dialog.save()
    result: SettingsResult = blocker.args[0]
    assert result.token is None  # unchanged: nothing to store
    assert (result.settings.result_limit, result.settings.theme) == (20, "dark")
    dialog2 = make_dialog(conn("http://127.0.0.1:18432/api/v1", "old-token"))
    dialog2.token.setText("new-token")
    with qtbot.waitSignal(dialog2.settings_saved) as blocker:
        dialog2.save()
    assert blocker.args[0].token == "new-token"


def test_fixing_the_token_in_settings_reconnects_without_restart(
    qtbot: Any,
    qloop: Any,
    run_async: Any,
    sim: SimulatorThread,
    paths: AppPaths,
    memory_keyring: Any,
) -> None:
    settings = Settings(base_url=sim.base_url)
    tokens = TokenStore(paths.token_fallback_file)
    launcher = Launcher(conn(sim.base_url, "stale-token"), settings, paths, SecretFilter(), tokens)
    try:
        launcher.start(show=False)
        qtbot.waitUntil(lambda: launcher.link.status.link is Link.NEEDS_TOKEN, timeout=5000)
        launcher.open_settings()
        dialog = launcher.settings_dialog
        assert dialog is not None
        dialog.token.setText(TOKEN)
        dialog.save()
        qtbot.waitUntil(lambda: launcher.link.status.link is Link.CONNECTED, timeout=5000)
        qtbot.waitUntil(lambda: launcher.link.sync.is_synced, timeout=5000)
        assert memory_keyring.values  # the token went to the keyring...
        saved = SettingsStore(paths.settings_file).path.read_text()
        assert TOKEN not in saved  # ...and never into the settings file
        assert SettingsStore(paths.settings_file).load().base_url == sim.base_url
    finally:
        run_async(launcher.shutdown())
        launcher.palette.deleteLater()


def test_no_token_at_start_opens_settings_with_guidance(
    qtbot: Any, qloop: Any, run_async: Any, paths: AppPaths, memory_keyring: Any
) -> None:
    launcher = Launcher(
        conn("http://127.0.0.1:18432/api/v1", None), Settings(), paths, SecretFilter()
    )
    try:
        launcher.start(show=False)
        assert launcher.settings_dialog is not None and launcher.settings_dialog.isVisible()
        assert launcher.settings_dialog.intro.isVisible()
        qtbot.waitUntil(lambda: launcher.link.status.link is Link.NEEDS_TOKEN, timeout=5000)
        assert "Token" in launcher.palette.link_label.text()
    finally:
        run_async(launcher.shutdown())
        launcher.palette.deleteLater()


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG autostart entry is Linux's")
def test_launch_at_login_shows_whether_the_entry_really_exists(
    qtbot: Any,
    run_async: Any,
    sim: SimulatorThread,
    paths: AppPaths,
    memory_keyring: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The saved wish says "on", but nothing will start at login: the checkbox says so (11.9)."""
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    settings = Settings(base_url=sim.base_url, launch_at_login=True)
    launcher = Launcher(conn(sim.base_url, TOKEN), settings, paths, SecretFilter())
    try:
        launcher.open_settings()
        dialog = launcher.settings_dialog
        assert dialog is not None
        assert not dialog.launch_at_login.isChecked()  # no entry on disk: it will not start
        dialog.reject()
        qtbot.waitUntil(lambda: launcher.settings_dialog is None)
        launcher.autostart.enable()  # an entry exists now (as if made by an older version)
        launcher.open_settings()
        dialog = launcher.settings_dialog
        assert dialog is not None
        assert dialog.launch_at_login.isChecked()
    finally:
        run_async(launcher.shutdown())
        launcher.palette.deleteLater()
