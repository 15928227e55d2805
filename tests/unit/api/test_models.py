"""Models tolerate missing, null, unknown and wrongly typed fields."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessiondock_launcher.api import (
    ActionResult,
    DeleteResult,
    Health,
    ImportResult,
    PreviewInfo,
    Session,
    TagCount,
    Waveform,
    WaveformNote,
    WaveformNotes,
)
from sessiondock_launcher.api.models import parse_datetime, parse_tags, resolve_url

ORIGIN = "http://127.0.0.1:18432"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
SESSION_KEYS = [
    "id",
    "title",
    "kind",
    "status",
    "tags",
    "notes",
    "lastOpened",
    "previewUrl",
    "previewAudioUrl",
    "previews",
    "preferredPreviewId",
    "projectPath",
]
session_like = st.dictionaries(st.sampled_from(SESSION_KEYS) | st.text(max_size=8), json_values)


@settings(max_examples=200, deadline=None)
@given(raw=json_values | session_like)
def test_every_parser_accepts_any_json(raw: Any) -> None:
    Session.from_api(raw, origin=ORIGIN)
    Health.from_api(raw)
    TagCount.from_api(raw)
    PreviewInfo.from_api(raw, origin=ORIGIN)
    Waveform.from_api(raw)
    WaveformNote.from_api(raw)
    WaveformNotes.from_api(raw)
    ActionResult.from_api(raw)
    DeleteResult.from_api(raw)
    ImportResult.from_api(raw)


def test_session_with_only_an_id() -> None:
    session = Session.from_api({"id": "s1"})
    assert session is not None
    assert (session.title, session.tags, session.last_opened, session.preview_url) == (
        "",
        (),
        None,
        None,
    )
    assert session.display_title == "Untitled session"


def test_session_with_nulls_and_wrong_types() -> None:
    raw = {
        "id": 42,
        "title": None,
        "kind": ["Ableton"],
        "tags": ["mix", 3, None, " vox ", "mix"],
        "notes": {"text": "x"},
        "lastOpened": "not a date",
        "previewUrl": 12,
        "previews": [{"id": "p1", "name": None}, {"name": "no id"}, "junk"],
    }
    session = Session.from_api(raw, origin=ORIGIN)
    assert session is not None
    assert session.id == "42"
    assert session.title == ""
    assert session.kind == ""
    assert session.tags == ("mix", "vox")
    assert session.notes == ""
    assert session.last_opened is None
    assert session.preview_url is None
    assert [p.id for p in session.previews] == ["p1"]


@pytest.mark.parametrize("raw", [None, [], "s1", {"id": ""}, {"id": None}, {"id": True}])
def test_session_without_usable_id_is_none(raw: Any) -> None:
    assert Session.from_api(raw) is None


def test_unknown_fields_are_kept_aside_and_do_not_affect_equality() -> None:
    a = Session.from_api({"id": "s1", "title": "T", "client": "ACME", "artwork": {"x": 1}})
    b = Session.from_api({"id": "s1", "title": "T"})
    assert a is not None and b is not None
    assert a.extra == {"client": "ACME", "artwork": {"x": 1}}
    assert a == b
    assert "ACME" not in repr(a)
    assert hash(a) == hash(b)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/previews/a.png", f"{ORIGIN}/previews/a.png"),
        ("previews/a.png", f"{ORIGIN}/previews/a.png"),
        ("  /p/a.png ", f"{ORIGIN}/p/a.png"),
        ("/p?next=http://other/x", f"{ORIGIN}/p?next=http://other/x"),
        ("http://127.0.0.1:18432/a.png", "http://127.0.0.1:18432/a.png"),
        ("https://cdn.example.com/a.png", "https://cdn.example.com/a.png"),
        ("", None),
        ("   ", None),
        (None, None),
        (5, None),
    ],
)
def test_resolve_url(value: Any, expected: str | None) -> None:
    assert resolve_url(value, ORIGIN) == expected


def _reference_resolve_url(value: Any, origin: str | None) -> str | None:
    """The plain rule the fast paths of ``resolve_url`` must agree with."""
    import re
    from urllib.parse import urljoin

    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    if origin and not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", url):
        return urljoin(origin.rstrip("/") + "/", url)
    return url


ORIGINS = [ORIGIN, ORIGIN + "/", "https://Example.com:8443", "HTTP://h", "http://h/api/v1",
           "http://h/api/", "file:///tmp", "h:1", "", None]  # fmt: skip
url_like = st.text(alphabet="/.?#;:%ab \t\n\\-_@", max_size=16) | st.sampled_from(
    ["/a/./b", "/a/../b", "/..", "//cdn/x", "/a//b", "/a;p", "/a?", "/a#", "HTTP://x/y", "http:/x"]
)


@settings(max_examples=500, deadline=None)
@given(value=url_like, origin=st.sampled_from(ORIGINS))
def test_resolve_url_fast_paths_match_urljoin(value: str, origin: str | None) -> None:
    assert resolve_url(value, origin) == _reference_resolve_url(value, origin)
    assert resolve_url("/" + value, origin) == _reference_resolve_url("/" + value, origin)


def test_session_extra_is_shared_when_empty_and_interned_values() -> None:
    a = Session.from_api({"id": "a", "kind": "".join(["Able", "ton"]), "tags": ["mix"]})
    b = Session.from_api({"id": "b", "kind": "".join(["Ablet", "on"]), "tags": [" mix "]})
    assert a is not None and b is not None
    assert a.extra == {} and a.extra is b.extra
    assert a.kind is b.kind and a.tags[0] is b.tags[0]
    assert Session(id="c").extra == {}


def test_relative_urls_stay_relative_without_origin() -> None:
    session = Session.from_api({"id": "s1", "previewUrl": "/p/a.png"})
    assert session is not None
    assert session.preview_url == "/p/a.png"


def test_parse_datetime() -> None:
    assert parse_datetime("2025-01-15T12:34:56Z") == datetime(2025, 1, 15, 12, 34, 56, tzinfo=UTC)
    assert parse_datetime("2025-01-15T12:34:56") == datetime(2025, 1, 15, 12, 34, 56, tzinfo=UTC)
    assert parse_datetime("yesterday") is None
    assert parse_datetime(1700000000) is None


def test_parse_tags() -> None:
    assert parse_tags("mix, vox,,mix") == ("mix", "vox")
    assert parse_tags(None) == ()
    assert parse_tags(["a", "a", "b"]) == ("a", "b")


def test_health_tolerates_partial_payloads() -> None:
    health = Health.from_api(
        {"status": "ok", "running": "yes", "port": "18432", "recentRequests": None}
    )
    assert health.status == "ok"
    assert health.running is False
    assert health.port == 0
    assert health.recent_requests == ()
    assert Health.from_api({"effectiveMode": "full-automation"}).can_write


def test_waveform_note_rejects_non_numeric_timestamps() -> None:
    assert WaveformNote.from_api({"timestamp": "12", "text": "x"}) is None
    assert WaveformNote.from_api({"timestamp": True, "text": "x"}) is None
    note = WaveformNote.from_api({"timestamp": 12, "text": None})
    assert note is not None and note.timestamp == 12.0 and note.text == ""


def test_waveform_peaks_are_normalised() -> None:
    waveform = Waveform.from_api({"peaks": [2, -4, [1, -8], "x", None], "duration": -3})
    assert waveform.peaks == (0.25, 0.5, 1.0, 0.0, 0.0)
    assert waveform.duration == 0.0


def test_tag_count_clamps_negative_counts() -> None:
    assert TagCount.from_api({"tag": "mix", "count": -3}) == TagCount(tag="mix", count=0)
    assert TagCount.from_api({"tag": None, "count": 3}) is None
