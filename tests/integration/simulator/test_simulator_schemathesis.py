"""The live simulator conforms to the bundled OpenAPI document (schemathesis, positive data)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import BaseSchema
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.integration.simulator.support import TOKEN, StartSimulator

from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState

BUNDLED = resources.files("sessiondock_launcher.simulator").joinpath("openapi.yaml")
SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "sessiondock-openapi.yaml"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def _operation_labels() -> list[str]:
    spec = yaml.safe_load(BUNDLED.read_text("utf-8"))
    methods = {"get", "put", "post", "patch", "delete"}
    return [f"{m.upper()} {p}" for p, item in spec["paths"].items() for m in item if m in methods]


LABELS = _operation_labels()


# sha256 of SessionDock's published sessiondock-openapi.yaml that the bundled copy follows. A
# fresh clone has no ../shared folder, so the pin is what every run checks; where the shared copy
# exists it must match the pin too (an upstream change fails here: update both).
UPSTREAM_SHA256 = "d9958dafdf857cdaa73a72bac07f52e4a08d627e91c3634da8cbf71342c7fcf4"


def test_bundled_spec_matches_shared_copy() -> None:
    import hashlib

    assert hashlib.sha256(BUNDLED.read_bytes()).hexdigest() == UPSTREAM_SHA256
    if SHARED.exists():
        assert hashlib.sha256(SHARED.read_bytes()).hexdigest() == UPSTREAM_SHA256


def _operation(result: Any) -> Any:
    """The operation of one ``get_all_operations()`` result (an ``Ok``; an ``Err`` raises)."""
    return result.ok()


def test_served_spec_points_at_live_server(start_simulator: StartSimulator) -> None:
    sim = start_simulator(size=10)
    schema = schemathesis.openapi.from_url(sim.origin + "/openapi.json")
    assert schema.raw_schema["servers"][0]["url"] == sim.base_url
    labels = sorted(_operation(op).label for op in schema.get_all_operations())
    assert labels == sorted(LABELS)
    assert len(labels) == 20


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[SimulatorThread, BaseSchema]]:
    """One simulator for all operations (they only add, edit or delete a few sessions)."""
    sim = SimulatorThread(SimulatorState(SimulatorConfig(token=TOKEN), size=40)).start()
    try:
        yield sim, schemathesis.openapi.from_url(sim.origin + "/openapi.json")
    finally:
        sim.stop()


@pytest.mark.parametrize("label", LABELS)
def test_operation_conforms(live: tuple[SimulatorThread, BaseSchema], label: str) -> None:
    sim, schema = live
    operations = [_operation(op) for op in schema.get_all_operations()]
    (operation,) = [op for op in operations if op.label == label]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    strategy = operation.as_strategy(headers=headers)
    if "{id}" in label:
        known = st.sampled_from(["session_1", "session_2", "session_3"])
        strategy = st.one_of(
            strategy,
            known.flatmap(
                lambda i: operation.as_strategy(headers=headers, path_parameters={"id": i})
            ),
        )
    http = requests.Session()
    http.trust_env = False  # proxy variables must not hijack 127.0.0.1

    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(base_url=sim.base_url, session=http, headers=headers, checks=CHECKS)

    try:
        check()
    finally:
        http.close()
