"""Paths the router cannot match still get the documented JSON error envelope."""

from __future__ import annotations

import httpx
import pytest

from sessiondock_launcher.simulator.runner import SimulatorThread


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/sessions/a%0Ab/waveform-notes",  # a newline in the id: Mount's pattern skips it
        "/api/v1/no-such-route",
        "/elsewhere",
    ],
)
def test_unmatched_paths_answer_json_404(
    client: httpx.Client, sim: SimulatorThread, path: str
) -> None:
    response = client.put(sim.origin + path, json={"notes": []})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"
