"""Auth (401 everywhere), modes (403 on writes), 404/405 envelopes and 400 invalid_json."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.integration.simulator.support import StartSimulator, make_client

from sessiondock_launcher.simulator.library import generate_library, make_previews

SID = "session_1"
READS: list[tuple[str, str]] = [
    ("GET", "/health"),
    ("GET", "/sessions"),
    ("GET", f"/sessions/{SID}"),
    ("GET", f"/sessions/{SID}/tags"),
    ("GET", "/tags"),
    ("GET", f"/sessions/{SID}/preview"),
    ("GET", f"/sessions/{SID}/waveform"),
    ("GET", f"/sessions/{SID}/waveform-notes"),
    ("GET", f"/_assets/artwork/{SID}.png"),
    ("GET", f"/_assets/audio/{SID}.wav"),
]
WRITES: list[tuple[str, str, Any]] = [
    ("POST", "/sessions", {"title": "New idea"}),
    ("PATCH", f"/sessions/{SID}", {"status": "mixing"}),
    ("DELETE", f"/sessions/{SID}", None),
    ("PUT", f"/sessions/{SID}/tags", {"tags": ["mix"]}),
    ("PATCH", f"/sessions/{SID}/tags", {"tags": ["mix"]}),
    ("PUT", f"/sessions/{SID}/notes", {"notes": "x"}),
    ("PATCH", f"/sessions/{SID}/notes", {"notes": "x"}),
    ("PUT", f"/sessions/{SID}/waveform-notes", {"notes": [{"timestamp": 1, "text": "a"}]}),
    ("PATCH", f"/sessions/{SID}/waveform-notes", {"notes": []}),
    ("POST", f"/sessions/{SID}/open", None),
    ("POST", f"/sessions/{SID}/focus", None),
    ("POST", "/import", {"items": [{"projectPath": "/tmp/a.als"}]}),
]
ALL = [(m, p, None) for m, p in READS] + WRITES
ID_ROUTES = [(m, p, b) for m, p, b in ALL if SID in p]
BODY_ROUTES = [(m, p) for m, p, b in WRITES if b is not None]


def assert_error(
    response: httpx.Response, status: int, code: str, message: str | None = None
) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    if message is not None:
        assert error["message"] == message


@pytest.mark.parametrize(("method", "path", "body"), ALL, ids=[f"{m} {p}" for m, p, _ in ALL])
@pytest.mark.parametrize("auth", ["none", "wrong", "basic"])
def test_every_route_requires_the_bearer_token(
    start_simulator: StartSimulator, method: str, path: str, body: Any, auth: str
) -> None:
    sim = start_simulator(size=5)
    headers = {"none": {}, "wrong": {"Authorization": "Bearer nope"}}.get(
        auth, {"Authorization": "Basic dGVzdC10b2tlbg=="}
    )
    with httpx.Client(base_url=sim.base_url, trust_env=False) as c:
        response = c.request(method, path, json=body, headers=headers)
    assert_error(response, 401, "unauthorized", "Provide Authorization: Bearer <token>.")
    assert sim.state.sessions[SID]["status"] != "mixing" or method != "PATCH"
    assert len(sim.state.sessions) == 5  # nothing was written


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_writes_are_refused_in_effective_read_only(
    start_simulator: StartSimulator, method: str, path: str, body: Any
) -> None:
    sim = start_simulator(size=5, configured_mode="full-automation", effective_mode="read-only")
    before = {k: dict(v) for k, v in sim.state.sessions.items()}
    with make_client(sim) as c:
        response = c.request(method, path, json=body)
        assert_error(response, 403, "read_only", "Enable Full Automation to perform this action.")
        health = c.get("/health").json()["data"]
    assert sim.state.sessions == before
    assert (health["configuredMode"], health["effectiveMode"]) == ("full-automation", "read-only")


@pytest.mark.parametrize(("method", "path"), READS, ids=[f"{m} {p}" for m, p in READS])
def test_reads_work_in_read_only(start_simulator: StartSimulator, method: str, path: str) -> None:
    sessions = generate_library(3)
    make_previews(sessions[0])
    sim = start_simulator(
        sessions=sessions, configured_mode="read-only", effective_mode="read-only"
    )
    with make_client(sim) as c:
        assert c.request(method, path).status_code == 200


def test_disabled_mode_refuses_everything_but_health(start_simulator: StartSimulator) -> None:
    sim = start_simulator(size=3, configured_mode="disabled", effective_mode="disabled")
    with make_client(sim) as c:
        assert c.get("/health").json()["data"]["effectiveMode"] == "disabled"
        assert_error(c.get("/sessions"), 403, "disabled")


@pytest.mark.parametrize(
    ("method", "path", "body"), ID_ROUTES, ids=[f"{m} {p}" for m, p, _ in ID_ROUTES]
)
def test_unknown_session_is_404(
    start_simulator: StartSimulator, method: str, path: str, body: Any
) -> None:
    sim = start_simulator(size=5)
    with make_client(sim) as c:
        response = c.request(method, path.replace(SID, "session_999"), json=body)
    message = None if "_assets" in path else "session not found"
    assert_error(response, 404, "not_found", message)


def test_unknown_route_and_wrong_method(client: httpx.Client) -> None:
    assert_error(client.get("/nope"), 404, "not_found")
    assert_error(client.post("/tags"), 405, "method_not_allowed")


@pytest.mark.parametrize(("method", "path"), BODY_ROUTES, ids=[f"{m} {p}" for m, p in BODY_ROUTES])
@pytest.mark.parametrize("raw", [b"", b"{not json", b'{"title": NaN}', b"\xff\xfe"])
def test_malformed_bodies_are_400_invalid_json(
    client: httpx.Client, method: str, path: str, raw: bytes
) -> None:
    response = client.request(
        method, path, content=raw, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "invalid_json", "Request body must be valid JSON.")


@pytest.mark.parametrize(
    ("method", "path", "body", "needle"),
    [
        ("POST", "/sessions", {}, "title"),
        ("POST", "/sessions", {"title": "  "}, "title"),
        ("POST", "/sessions", {"title": 3}, "title"),
        ("POST", "/sessions", ["title"], "object"),
        ("POST", "/sessions", {"title": "x", "tags": "mix"}, "tags"),
        ("PATCH", f"/sessions/{SID}", {"notes": None}, "notes"),
        ("PATCH", f"/sessions/{SID}", {"tags": [1, 2]}, "tags"),
        ("PUT", f"/sessions/{SID}/tags", {}, "tags"),
        ("PUT", f"/sessions/{SID}/notes", {"notes": 5}, "notes"),
        ("PUT", f"/sessions/{SID}/waveform-notes", {"notes": [{"text": "x"}]}, "timestamp"),
        ("PUT", f"/sessions/{SID}/waveform-notes", {"notes": [{"timestamp": 1}]}, "text"),
        ("POST", "/import", {"items": [{}]}, "projectPath"),
        ("POST", "/import", {"items": "x"}, "items"),
    ],
)
def test_rejected_input_is_400_with_a_message(
    client: httpx.Client, sim: Any, method: str, path: str, body: Any, needle: str
) -> None:
    before = {k: dict(v) for k, v in sim.state.sessions.items()}
    response = client.request(method, path, json=body)
    assert_error(response, 400, "invalid_json")
    assert needle in response.json()["error"]["message"]
    assert sim.state.sessions == before
