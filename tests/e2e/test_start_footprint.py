"""What a started launcher holds in memory, and that what it defers still works on first use.

The real app runs in a subprocess (its own interpreter: what a start imports cannot be judged in
the test process, which imported everything long ago) against a simulator on loopback: the real
``lifecycle.run``, with ``--smoke``'s coroutine swapped for a probe that waits for the sync,
shows the palette and searches, records the process's modules and ``linecache`` (the idle
state), then uses each deferred feature for the first time and reports what the user would see.

Issue 13's idle-memory budget: these are the start-up costs that came back silently before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

TOKEN = "footprint-token"
TIMEOUT_S = 90

# Imported on first use only (each with what brings it in, for the failure message).
DEFERRED = {
    "sessiondock_launcher.ui.settings.dialog": "the Settings window (ui/settings/flow.py)",
    "sessiondock_launcher.ui.tray.entry_offer": "the applications-menu offer (lifecycle.py)",
    "sessiondock_launcher.ui.editors.session_form": "the field editors (ui/preview/editor_slot.py)",
    "sessiondock_launcher.ui.editors.notes": "the notes editor (ui/preview/editor_slot.py)",
    "PySide6.QtMultimedia": "audio preview (ui/preview/audio.py)",
    "sessiondock_launcher.simulator.server": "the simulator (a subprocess, never in the app)",
}

PROBE = textwrap.dedent(
    """
    import asyncio, json, linecache, sys
    from sessiondock_launcher import lifecycle

    report = {}

    async def probe(launcher):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while not launcher.link.sync.is_synced and loop.time() < deadline:
            await asyncio.sleep(0.05)
        report["synced"] = launcher.link.sync.is_synced
        launcher.palette.show_palette()
        launcher.palette.search.setText("a")
        report["rows"] = launcher.palette.model.rowCount()
        await asyncio.sleep(0.3)  # idle: refreshes and thumbnails settle
        report["idle_modules"] = sorted(k for k, v in sys.modules.items() if v is not None)
        report["idle_sources"] = sorted(linecache.cache)
        # First use of what was deferred.
        launcher.open_settings()
        dialog = launcher.settings_dialog
        report["settings_shown"] = dialog is not None and dialog.isVisible()
        report["settings_title"] = dialog.windowTitle() if dialog else ""
        dialog.reject()
        launcher.palette.show_palette()
        launcher.preview.set_shown(True)
        launcher.preview.new_session()
        editor = launcher.preview.editors.editor
        report["editor"] = type(editor).__name__ if editor is not None else ""
        report["editor_shown"] = editor is not None and editor.isVisible()
        launcher.exit_code = 0
        launcher.shell.force_quit()

    lifecycle.smoke = probe
    code = lifecycle.run(lifecycle.LaunchOptions(smoke=True))
    print("REPORT " + json.dumps({"code": code, **report}), flush=True)
    """
)


@pytest.fixture(scope="module")
def footprint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(40, seed=3))
    sim = SimulatorThread(state).start()
    home = tmp_path_factory.mktemp("footprint-home")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env |= {
        "QT_QPA_PLATFORM": "offscreen",
        "SESSIONDOCK_LAUNCHER_HOME": str(home),
        "SESSIONDOCK_BASE_URL": sim.base_url,
        "SESSIONDOCK_TOKEN": TOKEN,
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", PROBE],
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    finally:
        sim.stop()
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, f"no report (exit {done.returncode}):\n{done.stderr[-3000:]}"
    report: dict[str, Any] = json.loads(lines[-1].removeprefix("REPORT "))
    report["stderr"] = done.stderr
    yield report


def test_the_started_app_synced_and_searched(footprint: dict[str, Any]) -> None:
    assert footprint["code"] == 0, footprint["stderr"][-3000:]
    assert footprint["synced"] and footprint["rows"] > 0
    assert "Traceback" not in footprint["stderr"]


def test_no_module_source_is_kept_in_memory(footprint: dict[str, Any]) -> None:
    """PySide6's import hook reads every later module's source; it must not stay in linecache
    (~13 MB at idle before, ui/common/pyside_sources.py)."""
    sources = footprint["idle_sources"]
    ours = [path for path in sources if "sessiondock_launcher" in path]
    assert ours == [], f"{len(ours)} of our modules' sources kept in linecache, e.g. {ours[:5]}"
    # A few remain by others' doing (shiboken's own start, anyio's lazy importer): 408 before.
    assert len(sources) < 10, sources


@pytest.mark.parametrize("module", sorted(DEFERRED))
def test_deferred_module_is_not_imported_at_start(footprint: dict[str, Any], module: str) -> None:
    assert module not in footprint["idle_modules"], (
        f"{module} is imported at start again; it is meant to wait for {DEFERRED[module]}"
    )


@pytest.mark.parametrize("module", ["httpx._main", "click", "rich", "pygments"])
def test_httpx_command_line_tool_is_not_imported(footprint: dict[str, Any], module: str) -> None:
    """httpx imports its CLI (click, rich, pygments: ~6 MB) when they are installed; the app
    never runs it (api/__init__.py)."""
    assert module not in footprint["idle_modules"]


def test_settings_opens_on_first_use(footprint: dict[str, Any]) -> None:
    assert footprint["settings_shown"], footprint["stderr"][-3000:]
    assert footprint["settings_title"]


def test_the_new_session_form_opens_on_first_use(footprint: dict[str, Any]) -> None:
    assert footprint["editor"] == "NewSessionForm", footprint["stderr"][-3000:]
    assert footprint["editor_shown"]
