"""Fuzzing the client's parsing and the index with hostile SessionDock answers.

Hypothesis builds answers a broken or hostile server could send: valid envelopes holding hostile
values (wrong types, huge numbers, NaN/inf, lone surrogates, RTL overrides, deep nesting, arrays of
up to 1,000 items), wrong statuses, and raw bodies (invalid UTF-8, truncated JSON, binary, bogus
``Content-Encoding``). They reach every ``SessionDockClient`` operation through an
``httpx.MockTransport``, then the parsed sessions go through ``SessionIndex.replace_all``,
``LibrarySync`` and ``search``. The property: an operation returns its documented type or raises
a ``SessionDockError`` — nothing else ever escapes.

Sizes: the default ("ci") profile runs 150 cases per test; the full run (10,000 cases per test,
about 8 minutes on the project machine) is::

    HYPOTHESIS_PROFILE=full .venv/bin/python -m pytest tests/reliability/test_fuzz_client.py \
        --timeout=3000

Known bugs (each pinned by a strict xfail test below) are counted, not
failed, in the property tests, so the fuzzers keep finding new ones; remove an entry from
``KNOWN_BUGS`` when its bug is fixed.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.reliability.harness import FIGURES

from sessiondock_launcher.api import (
    ActionResult,
    DeleteResult,
    Health,
    ImportItem,
    ImportResult,
    PreviewInfo,
    Session,
    SessionDockClient,
    SessionDockError,
    SessionPage,
    Waveform,
    WaveformNotes,
)
from sessiondock_launcher.core import LibrarySync, SessionIndex, parse_query

ORIGIN = "http://127.0.0.1:18432"
BASE_URL = ORIGIN + "/api/v1"
FUZZ_TOKEN = "fuzz-token-31337-abcdef"

_SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
for _name, _examples in (("reliability-ci", 150), ("reliability-full", 10_000)):
    settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        suppress_health_check=_SUPPRESSED,
        print_blob=True,
    )
PROFILE = "reliability-full" if os.environ.get("HYPOTHESIS_PROFILE") == "full" else "reliability-ci"
FUZZ = settings(settings.get_profile(PROFILE))

COUNTS: dict[str, dict[str, int]] = {}


def count(test: str, outcome: str) -> None:
    bucket = COUNTS.setdefault(test, {})
    bucket[outcome] = bucket.get(outcome, 0) + 1
    total = sum(bucket.values())
    FIGURES.setdefault(f"fuzz:{test}", {}).update(bucket | {"cases": total})
    if total % 500 == 0:
        gc.collect()  # Qt-free and on the main thread; the suite disables automatic GC


# -- known bugs --------------------------------------------------------------------------------
def _huge_int(exc: BaseException) -> bool:
    return type(exc) is ValueError and "integer string conversion" in str(exc)


def _deep_json(exc: BaseException) -> bool:
    return isinstance(exc, RecursionError)


def _surrogate_id(exc: BaseException) -> bool:
    return isinstance(exc, UnicodeEncodeError) and "surrogates not allowed" in str(exc)


KNOWN_BUGS: dict[str, Callable[[BaseException], bool]] = {
    # Empty: the huge-int / deep-nesting JSON and lone-surrogate id bugs these fuzzers found are
    # fixed, and their former xfail tests now guard them. Add an entry only with a pinned xfail.
}


def known_bug(exc: BaseException) -> str | None:
    return next((name for name, match in KNOWN_BUGS.items() if match(exc)), None)


# -- strategies --------------------------------------------------------------------------------
HOSTILE_STRINGS = [
    "",
    " ",
    "\x00",
    "\ud800",
    "\udfff",
    "a\ud83d",
    "\u202eesrever\u202c",
    "\u200f\u200e",
    "👩🏽‍🎤",
    "Cafe\u0301",
    "../../../../etc/passwd",
    "..\\..\\windows\\system32",
    "%2e%2e%2f%2e%2e%2f",
    "/api/v1/_assets/artwork/x.png",
    "//evil.example/x.png",
    "http://evil.example/x.png",
    "https://127.0.0.1:1/x",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:image/png;base64,AAAA",
    "{origin}/x",
    "Bearer " + FUZZ_TOKEN,
    "NaN",
    "1e309",
    "2024-13-45T99:99:99Z",
    "2024-01-01T00:00:00Z",
    "2024-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59.999999-23:59",
    "full-automation",
    "read-only",
    "ok",
    "x" * 10_000,
    "🔥" * 2_000,
    "line\nbreak\r\n\ttab",
    "<script>alert(1)</script>",
    "#mix kind:ableton",
]
KNOWN_CODES = [
    "invalid_json",
    "open_failed",
    "focus_failed",
    "unauthorized",
    "read_only",
    "not_found",
    "focus_unavailable",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(max_size=40),
    st.text(
        alphabet=st.characters(codec=None, categories=["Cs", "Co", "Cf", "Mn", "Zs"]), max_size=20
    ),
)
numbers = st.one_of(
    st.integers(),
    st.sampled_from([0, -1, 2**31, 2**63, 2**64 + 1, -(2**63), 10**300, -(10**300)]),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, hostile_text)
keys = st.one_of(
    st.sampled_from(["id", "data", "meta", "title", "tags", "error"]), st.text(max_size=12)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(keys, inner, max_size=6),
    max_leaves=30,
)


def _nest(depth: int, kind: str, leaf: Any) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"data": value}
    return value


deep_values = st.builds(_nest, st.integers(1, 50), st.sampled_from(["list", "dict"]), scalars)
any_value = st.one_of(json_values, deep_values)

SESSION_FIELDS = [
    "title",
    "kind",
    "status",
    "accent",
    "tags",
    "notes",
    "lastOpened",
    "projectPath",
    "projectOriginalPath",
    "previewStatus",
    "previewUrl",
    "previewAudioUrl",
    "previewAudioMime",
    "preferredPreviewId",
    "previews",
]
session_ids = st.one_of(
    st.sampled_from(["s1", "s2", "s3", "..", ".", "a/b", "%2F", "?#", " "]),
    st.integers(-5, 10**6),
    hostile_text,
    scalars,
)
previews = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"id": st.one_of(st.text(max_size=8), scalars)},
            optional={"name": any_value, "path": any_value, "status": any_value},
        ),
        any_value,
    ),
    max_size=4,
)
field_values = st.one_of(any_value, st.lists(hostile_text, max_size=6), previews)
session_objects = st.one_of(
    st.fixed_dictionaries(
        {"id": session_ids},
        optional={name: field_values for name in SESSION_FIELDS}
        | {"futureField": any_value, "id2": any_value},
    ),
    any_value,
)
session_lists = st.one_of(
    st.lists(session_objects, max_size=30),
    st.builds(lambda item, n: [item] * n, session_objects, st.integers(0, 1_000)),
    st.builds(
        lambda n: [{"id": f"s{i}", "title": f"Session {i}"} for i in range(n)],
        st.integers(0, 1_000),
    ),
)
data_values = st.one_of(
    session_lists,
    session_objects,
    st.fixed_dictionaries(
        {},
        optional={
            "tags": st.one_of(st.lists(hostile_text, max_size=8), any_value),
            "notes": any_value,
            "peaks": st.one_of(
                st.lists(numbers | st.lists(numbers, max_size=3), max_size=50), any_value
            ),
            "duration": numbers,
            "effectiveMode": any_value,
            "configuredMode": any_value,
            "recentRequests": st.one_of(st.lists(any_value, max_size=5), any_value),
            "requestCount": numbers,
            "port": numbers,
            "previewUrl": hostile_text,
            "previewAudioUrl": hostile_text,
            "previews": previews,
            "importId": any_value,
            "total": numbers,
            "done": any_value,
            "deleted": any_value,
            "focused": any_value,
            "opened": any_value,
        },
    ),
    any_value,
)
meta_values = st.one_of(
    st.fixed_dictionaries(
        {}, optional={"total": numbers | any_value, "limit": numbers, "offset": numbers}
    ),
    any_value,
)
error_values = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "status": numbers,
            "code": st.one_of(st.sampled_from(KNOWN_CODES), hostile_text, any_value),
            "message": st.one_of(hostile_text, any_value),
        },
    ),
    any_value,
)
envelopes = st.one_of(
    st.fixed_dictionaries({"data": data_values}, optional={"meta": meta_values}),
    st.fixed_dictionaries({"data": data_values}, optional={"meta": meta_values}),
    st.fixed_dictionaries({"error": error_values}),
    any_value,
)


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


def _truncate(body: bytes, at: float) -> bytes:
    return body[: int(len(body) * at)]


raw_bodies = st.one_of(
    st.binary(max_size=300),
    st.builds(_truncate, envelopes.map(_json_bytes), st.floats(0, 0.99)),
    st.builds(
        lambda s, junk: b'{"data": {"id": "s1", "title": "' + junk + b'", "tags": ["' + s + b'"]}}',
        st.binary(max_size=20),
        st.sampled_from([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"\\ud800"]),
    ),
    st.sampled_from(
        [
            b"",
            b"   ",
            b"null",
            b"<!doctype html><html><body>500</body></html>",
            b'{"data": NaN}',
            b'{"data": [1, 2',
            b'{"data": {"id": "s1"}}\x00garbage',
        ]
    ),
)
deep_raw = st.builds(lambda n: b'{"data": ' + b"[" * n + b"]" * n + b"}", st.integers(900, 5_000))
huge_int_raw = st.builds(
    lambda n: b'{"data": {"total": ' + b"9" * n + b"}}", st.integers(4_000, 5_000)
)


@st.composite
def responses(draw: st.DrawFn) -> tuple[int, dict[str, str], bytes]:
    status = draw(
        st.one_of(
            st.just(200),
            st.just(200),
            st.just(200),
            st.sampled_from([201, 202, 204, 400, 401, 403, 404, 500, 501, 503]),
            st.integers(200, 599),
        )
    )
    kind = draw(st.sampled_from(["envelope"] * 6 + ["raw"] * 2 + ["deep", "huge-int"]))
    if kind == "envelope":
        body = _json_bytes(draw(envelopes))
    elif kind == "raw":
        body = draw(raw_bodies)
    elif kind == "deep":
        body = draw(deep_raw)
    else:
        body = draw(huge_int_raw)
    headers = {"Content-Type": draw(st.sampled_from(["application/json", "text/html", ""]))}
    if draw(st.integers(0, 19)) == 0:
        headers["Content-Encoding"] = draw(st.sampled_from(["gzip", "br", "deflate", "bogus"]))
    return status, {k: v for k, v in headers.items() if v}, body


# -- driving the client ------------------------------------------------------------------------
NO_WAIT = (0.0, 0.0, 0.0)
"""The pager's page retries (``_paging.py``), without their waits."""
Operation = Callable[[SessionDockClient], Awaitable[Any]]


async def _all_pages(client: SessionDockClient) -> list[SessionPage]:
    # Retries without waiting: a hostile answer is asked for again (4 times), not slept on.
    return [page async for page in client.iter_pages(page_size=50, retry_delays=NO_WAIT)]


OPERATIONS: dict[str, tuple[Operation, type | tuple[type, ...]]] = {
    "health": (lambda c: c.health(), Health),
    "list_sessions": (lambda c: c.list_sessions(q="x", tags=["a", "b"], limit=50), SessionPage),
    "iter_pages": (_all_pages, list),
    "get_session": (lambda c: c.get_session("s1"), Session),
    "create_session": (lambda c: c.create_session({"title": "New"}), Session),
    "patch_session": (lambda c: c.patch_session("s1", {"title": "T"}), Session),
    "delete_session": (lambda c: c.delete_session("s1"), DeleteResult),
    "get_tags": (lambda c: c.get_tags("s1"), tuple),
    "put_tags": (lambda c: c.put_tags("s1", ["a"]), tuple),
    "patch_tags": (lambda c: c.patch_tags("s1", ["a"]), tuple),
    "put_notes": (lambda c: c.put_notes("s1", "n"), str),
    "patch_notes": (lambda c: c.patch_notes("s1", "n"), str),
    "list_tags": (lambda c: c.list_tags(), tuple),
    "get_preview": (lambda c: c.get_preview("s1"), PreviewInfo),
    "get_waveform": (lambda c: c.get_waveform("s1", "v1"), Waveform),
    "get_waveform_notes": (lambda c: c.get_waveform_notes("s1"), WaveformNotes),
    "put_waveform_notes": (
        lambda c: c.put_waveform_notes("s1", [{"timestamp": 1.0, "text": "x"}]),
        WaveformNotes,
    ),
    "open_session": (lambda c: c.open_session("s1"), ActionResult),
    "focus_session": (lambda c: c.focus_session("s1"), ActionResult),
    "import_sessions": (lambda c: c.import_sessions([ImportItem("/p/a.als")]), ImportResult),
    "download": (lambda c: c.download("/api/v1/_assets/artwork/s1.png", max_bytes=4096), bytes),
}


def _client(status: int, headers: dict[str, str], body: bytes) -> SessionDockClient:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=body)

    return SessionDockClient(
        BASE_URL, FUZZ_TOKEN, transport=httpx.MockTransport(handler), timeout=2.0
    )


async def _call(operation: Operation, response: tuple[int, dict[str, str], bytes]) -> Any:
    async with _client(*response) as client:
        return await operation(client)


def run_case(test: str, coro: Awaitable[Any]) -> tuple[str, Any]:
    """Run one case; return ("ok", result) | ("error", SessionDockError) | (known bug, exc)."""
    try:
        result: Any = asyncio.run(coro)  # type: ignore[arg-type]
    except SessionDockError as exc:
        assert FUZZ_TOKEN not in str(exc), "the token leaked into an exception message"
        count(test, "SessionDockError")
        return "error", exc
    except Exception as exc:
        bug = known_bug(exc)
        if bug is None:
            raise
        count(test, f"known-bug:{bug}")
        return bug, exc
    count(test, "ok")
    return "ok", result


@FUZZ
@given(name=st.sampled_from(sorted(OPERATIONS)), response=responses())
def test_every_operation_returns_its_type_or_a_sessiondock_error(
    name: str, response: tuple[int, dict[str, str], bytes]
) -> None:
    """Any answer to any operation gives the documented result type or a SessionDockError (with
    no token in its text); a parsed session list keeps only sessions with a usable id."""
    operation, expected = OPERATIONS[name]
    outcome, result = run_case("operations", _call(operation, response))
    if outcome != "ok":
        return
    assert isinstance(result, expected), (name, type(result))
    sessions: list[Session] = []
    if isinstance(result, SessionPage):
        sessions = list(result.sessions)
        assert result.total >= 0 and result.offset >= 0
    elif isinstance(result, list):
        sessions = [s for page in result for s in page.sessions]
        ids = [s.id for s in sessions]
        assert len(ids) == len(set(ids)), "iter_pages yielded an id twice"
    elif isinstance(result, Session):
        sessions = [result]
    for session in sessions:
        assert isinstance(session.id, str) and session.id
        assert isinstance(session.title, str) and isinstance(session.tags, tuple)
        assert session.display_title
        for url in (session.preview_url, session.preview_audio_url):
            assert url is None or isinstance(url, str)


@FUZZ
@given(
    envelope=envelopes, queries=st.lists(st.one_of(hostile_text, st.text(max_size=30)), max_size=6)
)
def test_synced_hostile_libraries_stay_searchable(envelope: Any, queries: list[str]) -> None:
    """Whatever the pages held, LibrarySync installs what parsed into the index, and every
    query (filters, quotes, unicode, surrogates) ranks it without an error."""
    body = _json_bytes(envelope)

    async def sync_and_search() -> tuple[SessionIndex, list[Any]]:
        index = SessionIndex(frecency=lambda sid: 0.5 if sid.startswith("s") else 0.0)
        async with _client(200, {"Content-Type": "application/json"}, body) as client:
            sync = LibrarySync(index, lambda: client.iter_pages(page_size=50, retry_delays=NO_WAIT))
            await sync.run()
        results = []
        for text in [*queries, "", "a", "#", "kind:", 'status:"', "recent"]:
            found = index.search(parse_query(text), 25)
            assert len(found.matches) <= 25
            results.append(found)
        index.recent(10)
        return index, results

    outcome, result = run_case("sync+search", sync_and_search())
    if outcome == "ok":
        index, _ = result
        for match in index.search(parse_query(""), 10_000).matches:
            assert index.get(match.session.id) is not None


@FUZZ
@given(
    sessions=st.lists(session_objects, max_size=60),
    queries=st.lists(
        st.text(alphabet=st.characters(codec=None), max_size=40), min_size=1, max_size=8
    ),
    limit=st.integers(-5, 300),
)
def test_index_replace_all_and_search_take_any_parsed_session(
    sessions: list[Any], queries: list[str], limit: int
) -> None:
    """``Session.from_api`` output of any object feeds ``replace_all``, ``upsert``, ``remove``
    and ``search`` with any text and any limit, in any order, without an error."""
    parsed = [s for s in (Session.from_api(raw, origin=ORIGIN) for raw in sessions) if s]
    index = SessionIndex(parsed)
    for text in queries:
        index.search(parse_query(text), limit)
        if parsed:
            index.upsert(parsed[len(text) % len(parsed)])
            index.remove(parsed[0].id)
        index.search(parse_query(text[:3]), limit)
    index.replace_all(parsed[::-1])
    assert len(index) == len({s.id for s in parsed})
    count("index", "ok")


@FUZZ
@given(raw=session_ids)
def test_focus_accepts_any_session_id_the_server_sent(raw: Any) -> None:
    """A session id is whatever the server sent; focusing it (against a healthy server) either
    works or raises a SessionDockError: a hostile id never breaks the request itself."""
    session = Session.from_api({"id": raw})
    if session is None:
        return
    ok = _json_bytes({"data": {"id": session.id, "focused": True}})
    outcome, _ = run_case(
        "focus-id",
        _call(lambda c: c.focus_session(session.id), (200, {}, ok)),
    )
    assert outcome in ("ok", "error", "lone-surrogate-session-id")


# -- the known bugs, pinned --------------------------------------------------------------------
def _outcome(response: tuple[int, dict[str, str], bytes], operation: Operation) -> str:
    try:
        asyncio.run(_call(operation, response))
    except SessionDockError:
        return "SessionDockError"
    except Exception as exc:  # noqa: BLE001  (the outcome under test: any other error's name)
        return type(exc).__name__
    return "ok"


def test_a_number_over_4300_digits_is_an_invalid_response() -> None:
    """Python refuses to parse ints over 4,300 digits (ValueError): such a body must become an
    InvalidResponse like any other unreadable answer."""
    body = b'{"data": {"status": "ok", "port": ' + b"9" * 5_000 + b"}}"
    assert _outcome((200, {}, body), lambda c: c.health()) == "SessionDockError"


def test_deeply_nested_json_is_an_invalid_response() -> None:
    """A body nested a few thousand levels deep makes json.loads raise RecursionError: it must
    become an InvalidResponse (it also must not take the sync loop down)."""
    body = b'{"data": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"
    assert _outcome((200, {}, body), lambda c: c.list_sessions()) == "SessionDockError"


def test_a_session_id_with_a_lone_surrogate_is_handled() -> None:
    """JSON may carry ``"\\ud800"``; such an id parses into a Session, so acting on it must give
    a SessionDockError (or work), not a UnicodeEncodeError."""
    session = Session.from_api(json.loads('{"id": "s\\ud800"}'))
    assert session is not None
    ok = _json_bytes({"data": {"id": "x", "focused": True}})
    assert _outcome((200, {}, ok), lambda c: c.focus_session(session.id)) in (
        "ok",
        "SessionDockError",
    )
