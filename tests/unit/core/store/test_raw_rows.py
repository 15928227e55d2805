"""The fingerprint of a listing's JSON object: equal exactly when the stored row would be equal."""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any

import pytest

from sessiondock_launcher.core.store.raw_rows import RawDigest

ITEM = (
    '{"id": "s1", "title": "Night Drive", "tags": ["mix", "vocals"], "lastOpened": '
    '"2025-07-08T05:24:39Z", "previews": [{"id": "v1", "name": "Main", "status": "ready"}], '
    '"previewUrl": "/api/v1/sessions/s1/artwork", "bpm": 120, "mix": {"lufs": -9.5}}'
)


def _item(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ITEM)
    data.update(changes)
    return data


def test_the_same_json_decoded_twice_has_the_same_fingerprint() -> None:
    digest = RawDigest("http://127.0.0.1:18432")
    # One document decodes repeated keys to one shared string object, two documents do not:
    # the fingerprint depends on the values only.
    [first, second] = json.loads(f"[{ITEM}, {ITEM}]")
    assert digest(first) == digest(second) == digest(json.loads(ITEM))
    assert RawDigest("http://127.0.0.1:18432")(first) == digest(first)  # stable across objects


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Night Drive "},
        {"tags": ["vocals", "mix"]},
        {"lastOpened": "2025-07-08T05:24:40Z"},
        {"previews": [{"id": "v1", "name": "Main", "status": "missing"}]},
        {"previewUrl": "/api/v1/sessions/s1/artwork?v=2"},
        {"bpm": 120.0},  # same number, another JSON value: parsed again, to be safe
        {"bpm": True},
        {"bpm": "120"},
        {"bpm": None},
        {"mix": {"lufs": -9.4}},
        {"mix": {"lufs": -9.5, "lra": 4}},
        {"new": "field"},
        {"title": "Night \ud800 Drive"},  # a lone surrogate from the API
    ],
)
def test_any_change_of_the_json_changes_the_fingerprint(change: dict[str, Any]) -> None:
    digest = RawDigest("http://127.0.0.1:18432")
    assert digest(_item(**change)) != digest(_item())


def test_a_removed_field_or_another_key_order_changes_it() -> None:
    digest = RawDigest(None)
    data = _item()
    del data["bpm"]
    assert digest(data) != digest(_item())
    reordered = dict(reversed(list(_item().items())))
    assert digest(reordered) != digest(_item())  # safe side: parsed again, the row compared


def test_the_origin_is_part_of_it() -> None:
    """Relative URLs resolve against the origin: the same JSON from another origin stores
    other URLs, so it must not be skipped."""
    assert RawDigest("http://127.0.0.1:18432")(_item()) != RawDigest("http://127.0.0.1:9")(_item())


def test_values_marshal_cannot_serialize_still_get_an_exact_fingerprint() -> None:
    digest = RawDigest(None)
    proxy = MappingProxyType(_item())
    assert digest(proxy) == digest(MappingProxyType(_item()))
    assert digest(proxy) != digest(MappingProxyType(_item(bpm=121)))
    assert digest(proxy) != digest(_item())  # another encoding: never equal by accident
