"""In ``--demo``, Save in Settings never writes the demo simulator's address to the real settings
file (issue 11.5): the next start without ``--demo`` must not point at a dead port."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from sessiondock_launcher.settings import DEFAULT_BASE_URL, Settings, SettingsStore
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.settings.dialog import SettingsResult


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    thread = SimulatorThread(
        SimulatorState(SimulatorConfig(token="demo-settings-token"), generate_library(20, seed=2))
    ).start()
    yield thread
    thread.stop()


def test_saving_in_demo_mode_keeps_the_real_connection_on_disk(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)  # a demo connection, as `--demo` builds it
    assert launcher.connection.base_url_source == "demo"
    SettingsStore(launcher.paths.settings_file).save(Settings(allow_remote_hosts=["studio.lan"]))
    chosen = replace(launcher.settings, base_url=sim.base_url, theme="dark")  # what the form held
    launcher.apply_settings(SettingsResult(chosen, token=None))
    on_disk = json.loads(launcher.paths.settings_file.read_text())
    assert on_disk["theme"] == "dark"  # the user's choice is saved...
    assert on_disk["base_url"] == DEFAULT_BASE_URL  # ...the simulator's address is not
    assert on_disk["allow_remote_hosts"] == ["studio.lan"]
    assert launcher.link.client is not None and launcher.link.client.base_url.startswith(
        sim.base_url.rsplit("/api", 1)[0]
    )


def test_the_demo_library_never_lands_in_the_users_stored_library(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)  # a demo connection, as `--demo` builds it
    launcher.start(show=False)
    qtbot.waitUntil(lambda: launcher.link.sync.is_synced, timeout=20_000)
    data = launcher.paths.data_dir
    assert not (data / "library.sqlite3").exists()  # offline, the user sees only their own
    assert len(launcher.store) == len(sim.state.sessions)  # ...the demo has its own store
    assert (data / "library-demo.sqlite3").exists()
