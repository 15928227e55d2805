"""Listing (filters, sort, paging, cap), CRUD, tags/notes, tag counts and the generator."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
from tests.integration.simulator.support import StartSimulator, make_client

from sessiondock_launcher.simulator.library import KINDS, generate_library


def test_paging_covers_everything_once_under_the_cap(start_simulator: StartSimulator) -> None:
    sim = start_simulator(size=1050, limit_cap=100)
    seen: list[str] = []
    with make_client(sim) as c:
        offset = 0
        while True:
            body = c.get("/sessions", params={"limit": 500, "offset": offset}).json()
            assert body["meta"] == {"total": 1050, "limit": 100, "offset": offset}
            seen += [s["id"] for s in body["data"]]
            offset += body["meta"]["limit"]
            if offset >= body["meta"]["total"]:
                break
        default = c.get("/sessions").json()
    assert len(seen) == 1050 and len(set(seen)) == 1050
    assert default["meta"]["limit"] == 50
    opened = [s["lastOpened"] for s in default["data"]]
    assert opened == sorted(opened, reverse=True)  # default sort: -lastOpened


def test_sort_keys(client: httpx.Client) -> None:
    for key, field, reverse in [
        ("title", "title", False),
        ("-title", "title", True),
        ("lastOpened", "lastOpened", False),
        ("-lastOpened", "lastOpened", True),
    ]:
        data = client.get("/sessions", params={"sort": key, "limit": 200}).json()["data"]
        values = [s[field].casefold() if field == "title" else s[field] for s in data]
        assert values == sorted(values, reverse=reverse), key


def test_filters(client: httpx.Client) -> None:
    everything = client.get("/sessions", params={"limit": 200}).json()
    total = everything["meta"]["total"]
    sessions = client.get("/sessions", params={"limit": 200, "offset": 200}).json()["data"]
    sessions += everything["data"]

    q = client.get("/sessions", params={"q": "MIDNIGHT", "limit": 200}).json()
    assert q["data"] and all("midnight" in (s["title"] + s["notes"]).casefold() for s in q["data"])
    by_kind = client.get("/sessions", params={"kind": "reaper", "limit": 200}).json()
    by_daw = client.get("/sessions", params={"daw": "Reaper", "limit": 200}).json()
    assert by_kind == by_daw and all(s["kind"] == "Reaper" for s in by_kind["data"])
    assert 0 < by_kind["meta"]["total"] < total

    comma = client.get("/sessions", params={"tags": "mix,client work", "limit": 200}).json()
    repeated = client.get(
        "/sessions", params=[("tags", "mix"), ("tags", "client work"), ("limit", "200")]
    ).json()
    assert comma == repeated and comma["meta"]["total"] > 0
    assert all({"mix", "client work"} <= set(s["tags"]) for s in comma["data"])  # ALL must match
    expected = sum(1 for s in sessions if {"mix", "client work"} <= set(s["tags"]))
    assert comma["meta"]["total"] == expected

    recent = client.get("/sessions", params={"recent": "true", "limit": 200}).json()
    cutoff = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert 0 < recent["meta"]["total"] < total
    assert all(s["lastOpened"] >= cutoff for s in recent["data"])
    assert client.get("/sessions", params={"recent": "false"}).json()["meta"]["total"] == total
    junk = client.get("/sessions", params={"limit": "x", "offset": "-3", "sort": "??"}).json()
    assert junk["meta"] == {"total": total, "limit": 50, "offset": 0}


def test_crud_and_field_endpoints(client: httpx.Client) -> None:
    created = client.post("/sessions", json={"title": "New idea", "tags": ["ideas", "writing"]})
    assert created.status_code == 201
    session = created.json()["data"]
    sid = session["id"]
    assert session["kind"] == "Ableton" and session["status"] == "draft"
    assert client.get(f"/sessions/{sid}").json()["data"] == session

    patched = client.patch(f"/sessions/{sid}", json={"status": "in-progress", "notes": "B"}).json()
    assert patched["data"]["status"] == "in-progress" and patched["data"]["notes"] == "B"
    tags = client.put(f"/sessions/{sid}/tags", json={"tags": ["mix", "mix", "lo-fi"]}).json()
    assert tags == {"data": {"id": sid, "tags": ["mix", "lo-fi"]}}
    assert client.patch(f"/sessions/{sid}/tags", json={"tags": []}).json()["data"]["tags"] == []
    assert client.get(f"/sessions/{sid}/tags").json()["data"] == {"id": sid, "tags": []}
    notes = client.patch(f"/sessions/{sid}/notes", json={"notes": ""}).json()
    assert notes == {"data": {"id": sid, "notes": ""}}
    assert client.put(f"/sessions/{sid}/notes", json={"notes": "x"}).json()["data"]["notes"] == "x"

    assert client.delete(f"/sessions/{sid}").json() == {"data": {"deleted": True, "id": sid}}
    assert client.get(f"/sessions/{sid}").status_code == 404


def test_ids_are_any_string(start_simulator: StartSimulator) -> None:
    sessions = generate_library(2)
    sessions[0]["id"] = "weird/id with spaces?#ü"
    sim = start_simulator(sessions=sessions)
    with make_client(sim) as c:
        response = c.get("/sessions/weird%2Fid%20with%20spaces%3F%23%C3%BC/tags")
    assert response.json()["data"]["id"] == "weird/id with spaces?#ü"


def test_tag_counts_descending(client: httpx.Client, sim: object) -> None:
    data = client.get("/tags").json()["data"]
    counts = [t["count"] for t in data]
    assert counts == sorted(counts, reverse=True)
    truth = Counter(t for s in sim.state.sessions.values() for t in s["tags"])  # type: ignore[attr-defined]
    assert {t["tag"]: t["count"] for t in data} == dict(truth)
    before = {t["tag"]: t["count"] for t in data}["mix"]
    client.post("/sessions", json={"title": "t", "tags": ["mix"]})
    after = {t["tag"]: t["count"] for t in client.get("/tags").json()["data"]}["mix"]
    assert after == before + 1


def test_generator_is_deterministic_and_realistic() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    a = generate_library(2000, seed=3, now=now)
    assert a == generate_library(2000, seed=3, now=now)
    assert a != generate_library(2000, seed=4, now=now)
    assert len({s["id"] for s in a}) == 2000
    titles = [s["title"] for s in a]
    assert any(not t.isascii() for t in titles)
    assert any(any(0x3040 <= ord(ch) <= 0x9FFF for ch in t) for t in titles)  # CJK
    assert any(any(0x0590 <= ord(ch) <= 0x06FF for ch in t) for t in titles)  # RTL
    assert any(len(t) > 80 for t in titles)
    assert any(" " in tag for s in a for tag in s["tags"])
    assert {s["kind"] for s in a} == set(KINDS)
    assert all(s["projectPath"].endswith(KINDS[s["kind"]]) for s in a)
    no_preview = sum(1 for s in a if s["previewStatus"] != "ready") / len(a)
    assert 0.25 < no_preview < 0.35
    ready = [s for s in a if s["previewStatus"] == "ready"]
    assert any(s["previewUrl"].startswith("/api/v1/") for s in ready)
    assert any(s["previewUrl"].startswith("{origin}/api/v1/") for s in ready)
    assert all(1 <= len(s["previews"]) <= 3 for s in ready)
    opened = sorted(s["lastOpened"] for s in a)
    span = datetime.fromisoformat(opened[-1]) - datetime.fromisoformat(opened[0])
    assert timedelta(days=700) < span <= timedelta(days=730)
    assert any(s["notes"] == "" for s in a) and any(s["notes"] for s in a)


def test_generate_100k_timing() -> None:
    started = time.perf_counter()
    sessions = generate_library(100_000)
    elapsed = time.perf_counter() - started
    print(f"generate_library(100_000): {elapsed:.2f} s")
    assert len(sessions) == 100_000
    assert elapsed < 15  # loose: shared CI machines vary
