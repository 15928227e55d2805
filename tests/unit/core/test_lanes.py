"""Which URL plays a preview lane: the preferred lane is SessionDock's own audio URL, untouched;
another lane is that URL with ``variantId`` (the API's lane parameter), other query kept."""

from __future__ import annotations

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.lanes import default_lane, lane_audio_url, lane_ids


def session(url: str | None, preferred: str = "preview_main") -> Session:
    return Session.from_api(
        {
            "id": "s1",
            "previewAudioUrl": url,
            "preferredPreviewId": preferred,
            "previews": [
                {"id": "preview_instrumental", "name": "Instrumental"},
                {"id": "preview_main", "name": "Main mix"},
            ],
        }
    )


def test_the_preferred_lane_is_the_plain_url_and_listed_first() -> None:
    s = session("http://127.0.0.1:18432/a/s1.wav?sig=x")
    assert lane_ids(s) == ("preview_main", "preview_instrumental")
    assert default_lane(s) == "preview_main"
    assert lane_audio_url(s, "preview_main") == "http://127.0.0.1:18432/a/s1.wav?sig=x"
    assert lane_audio_url(s, "") == "http://127.0.0.1:18432/a/s1.wav?sig=x"


def test_another_lane_adds_its_variant_and_keeps_the_rest_of_the_query() -> None:
    s = session("http://127.0.0.1:18432/a/s1.wav?sig=x&variantId=old")
    assert (
        lane_audio_url(s, "preview_instrumental")
        == "http://127.0.0.1:18432/a/s1.wav?sig=x&variantId=preview_instrumental"
    )


def test_no_audio_is_no_url_and_no_preferred_lane_means_the_first() -> None:
    assert lane_audio_url(session(None), "preview_instrumental") is None
    s = session("/a/s1.wav", preferred="")
    assert default_lane(s) == "preview_instrumental"
    assert lane_audio_url(s, "preview_main") == "/a/s1.wav?variantId=preview_main"
