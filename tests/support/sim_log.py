"""What the simulator saw: read from its request log, the way a test asserts on behaviour."""

from __future__ import annotations

from urllib.parse import unquote

from sessiondock_launcher.simulator.runner import SimulatorThread


def focused_ids(sim: SimulatorThread) -> list[str]:
    """The session ids the launcher asked SessionDock to focus, in order."""
    return [
        unquote(r["path"].rsplit("/", 2)[-2])
        for r in sim.state.request_log()
        if r["method"] == "POST" and r["path"].endswith("/focus")
    ]
