"""A request does not look for a module that is not installed (sniffio), again and again.

httpcore asks ``import sniffio`` on every lock it sets up (each request). Without sniffio
installed, each ask searched every ``sys.path`` entry: ~200 failed imports and ~1,000 ``stat``
calls on the UI thread during a 10,000-session sync (found by profiling the sync). Run in a fresh
interpreter: the test process imported everything long ago.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import asyncio, sys

    asked = []

    class Spy:  # the import system consults it before the path finders
        def find_spec(self, name, path=None, target=None):
            if name == "sniffio":
                asked.append(name)
            return None

    sys.meta_path.insert(0, Spy())
    from sessiondock_launcher.api import ClientSettings, SessionDockClient
    from sessiondock_launcher.simulator.library import generate_library
    from sessiondock_launcher.simulator.runner import SimulatorThread
    from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

    state = SimulatorState(SimulatorConfig(token="scan-token", limit_cap=10), generate_library(60))
    sim = SimulatorThread(state).start()
    at_import = len(asked)

    async def main():
        settings = ClientSettings(base_url=sim.base_url, token="scan-token")
        async with SessionDockClient.from_settings(settings) as client:
            found = [s async for s in client.iter_sessions()]
            await client.health()
        return len(found)

    sessions = asyncio.run(main())
    sim.stop()
    print(at_import, len(asked) - at_import, sessions)
    """
)


def test_requests_do_not_search_for_a_missing_module_each_time() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    at_import, during_requests, sessions = map(int, done.stdout.split())
    assert sessions == 60  # 6 pages and a health check were requested
    assert at_import <= 1  # (the one check whether it is installed)
    # Before: one search per request (7 here; ~200 in a 10k sync).
    assert during_requests == 0
