"""Faults, health, the control API, restarts on the same port, the CLI and SimulatorProcess."""

from __future__ import annotations

import contextlib
import gc
import json
import socket
import time
from typing import Any

import httpx
import pytest
from tests.integration.simulator.support import TOKEN, StartSimulator, make_client

from sessiondock_launcher.simulator.cli import main
from sessiondock_launcher.simulator.runner import SimulatorProcess, SimulatorThread


def test_health_shape(client: httpx.Client, sim: Any) -> None:
    client.get("/sessions")
    health = client.get("/health").json()["data"]
    assert health["status"] == "ok" and health["running"] is True
    assert health["port"] == sim.port and health["baseUrl"] == sim.base_url
    assert health["docsUrl"] == sim.origin + "/docs"
    assert health["requestCount"] == 2
    assert health["recentRequests"][-1]["path"] == "/api/v1/sessions"
    assert set(health["recentRequests"][-1]) == {"method", "path", "statusCode", "at"}
    assert "lastError" not in health


def test_latency(start_simulator: StartSimulator) -> None:
    sim = start_simulator(size=5, latency_s=0.3)
    with make_client(sim) as c:
        started = time.perf_counter()
        c.get("/health")
        assert time.perf_counter() - started >= 0.3
        sim.state.update_config({"latency_s": 0})
        started = time.perf_counter()
        c.get("/health")
        assert time.perf_counter() - started < 0.3


def test_error_and_malformed_faults(start_simulator: StartSimulator) -> None:
    sim = start_simulator(size=5, error_rate=1.0)
    with make_client(sim) as c:
        response = c.get("/sessions")
        assert response.status_code == 500
        assert response.headers["content-type"].startswith("text/html")
        sim.state.update_config({"error_rate": 0.0, "malformed_rate": 1.0})
        response = c.get("/sessions")
        assert response.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.content)
        sim.state.update_config({"malformed_rate": 0.5})
        statuses = {_parses(c.get("/tags")) for _ in range(40)}
        assert statuses == {True, False}
        assert httpx.get(sim.origin + "/openapi.json", trust_env=False).json()["openapi"]


def _parses(response: httpx.Response) -> bool:
    try:
        response.json()
    except json.JSONDecodeError:
        return False
    return True


def test_control_api(sim: SimulatorThread, client: httpx.Client) -> None:
    control = httpx.Client(
        base_url=sim.origin + "/_simulator",
        headers={"X-Simulator-Control": sim.state.control_token},
        trust_env=False,
    )
    with control:
        assert httpx.get(sim.origin + "/_simulator/config", trust_env=False).status_code == 401
        client.put("/sessions/session_1/notes", json={"notes": "hello"})
        log = control.get("/requests").json()["data"]
        assert log[-1]["method"] == "PUT" and log[-1]["body"] == {"notes": "hello"}
        assert log[-1]["status"] == 200 and log[-1]["authorized"] is True
        assert control.delete("/requests").status_code == 200
        assert control.get("/requests").json()["data"] == []

        config = control.patch("/config", json={"token": "rotated", "effective_mode": "read-only"})
        assert config.json()["data"]["token"] == "rotated"
        assert client.get("/health").status_code == 401  # stale token
        with make_client(sim, "rotated") as fresh:
            assert fresh.get("/health").json()["data"]["effectiveMode"] == "read-only"
            assert fresh.post("/sessions", json={"title": "x"}).status_code == 403
        bad = control.patch("/config", json={"limit_cap": 0})
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_config"
        assert control.patch("/config", json={"nope": 1}).status_code == 400
        assert control.post("/library", json={"size": 12, "seed": 1}).status_code == 200
        assert len(sim.state.sessions) == 12


def test_restart_on_the_same_port(start_simulator: StartSimulator) -> None:
    sim = start_simulator(size=5, fresh=True)
    with make_client(sim) as c:
        assert c.get("/health").status_code == 200
        sim.stop()
        with pytest.raises(httpx.TransportError):
            c.get("/health")
        again = SimulatorThread(sim.state, port=sim.port).start()
        try:
            assert again.port == sim.port
            assert c.get("/health").status_code == 200
        finally:
            again.stop()


def test_cli_refuses_non_loopback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--host", "192.0.2.1"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_simulator_process() -> None:
    proc = SimulatorProcess(size=20, token=TOKEN, args=["--limit-cap", "7"]).start()
    try:
        assert proc.token == TOKEN and proc.port > 0
        assert proc.base_url == f"http://127.0.0.1:{proc.port}/api/v1"
        with httpx.Client(base_url=proc.base_url, trust_env=False) as c:
            health = c.get("/health", headers={"Authorization": f"Bearer {TOKEN}"})
            assert health.json()["data"]["port"] == proc.port
            page = c.get("/sessions", headers={"Authorization": f"Bearer {TOKEN}"}).json()
            assert page["meta"] == {"total": 20, "limit": 7, "offset": 0}
    finally:
        started = time.perf_counter()
        assert proc.terminate() == 0
        assert time.perf_counter() - started < 3


def test_simulator_process_reports_a_failed_start() -> None:
    with pytest.raises(RuntimeError, match="exited with code 2"):
        SimulatorProcess(args=["--host", "192.0.2.1"]).start()


def test_stop_closes_a_connection_whose_peer_stopped_reading(
    start_simulator: StartSimulator,
) -> None:
    """A client that stops reading (the launcher's loop is not running while a test tears down)
    must not keep its connection past stop(): uvicorn gives up after its graceful timeout but
    leaves the transport open, closed only whenever the garbage collector finds it (a
    ResourceWarning in whichever test runs then, and a peer that never sees the end)."""
    sim = start_simulator(size=300, fresh=True)
    request = (
        f"GET /api/v1/sessions?limit=200 HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {TOKEN}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", sim.port), timeout=5) as peer:
        peer.sendall(request * 100)  # pipelined, never read: megabytes pile up server-side
        # Wait until the server is stuck on its full send buffer: the log stops growing.
        deadline, seen = time.monotonic() + 10, -1
        while (count := len(sim.state.request_log())) == 0 or count != seen:
            assert time.monotonic() < deadline, "the server never filled its send buffer"
            seen = count
            time.sleep(0.25)  # polling the log: growth is the condition
        gc.disable()  # the old code's socket only closed when a GC pass found the transport
        try:
            sim.stop()
            peer.settimeout(3)
            with contextlib.suppress(ConnectionResetError):
                while peer.recv(1 << 20):  # TimeoutError if the server side stays open
                    pass
        finally:
            gc.enable()


def test_each_request_is_logged_for_verbose_runs(
    client: httpx.Client, sim: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """``sessiondock-simulator -v`` ("log requests on stderr") logged nothing: a tester could not
    see which session a focus went to."""
    with caplog.at_level("INFO", logger="sessiondock_launcher.simulator.server"):
        client.get("/health")
        client.post("/sessions/nosuch/focus")
    lines = [r.getMessage() for r in caplog.records if r.name.endswith("simulator.server")]
    assert lines == ["GET '/api/v1/health' -> 200", "POST '/api/v1/sessions/nosuch/focus' -> 404"]
