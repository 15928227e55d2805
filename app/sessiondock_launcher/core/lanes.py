"""Which preview lane plays, and from which URL (Qt-free).

A session has one audio URL (``previewAudioUrl``) and a list of preview lanes (``previews``,
``{id, name, path, status}``); the API names no URL per lane. Its lane routes (waveform and
waveform notes) take the lane as ``variantId``, so the launcher asks for a lane other than the
preferred one the same way: the audio URL with ``variantId=<lane id>``. The preferred lane is the
plain URL, exactly as SessionDock gives it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sessiondock_launcher.api import Session

__all__ = ["default_lane", "lane_audio_url", "lane_ids"]


def lane_ids(session: Session) -> tuple[str, ...]:
    """The session's lanes in the order the pane lists them (preferred first)."""
    return tuple(p.id for p in session.ordered_previews())


def default_lane(session: Session) -> str:
    """The lane that plays unless the user picks another: the preferred one ("" when none)."""
    ids = lane_ids(session)
    return session.preferred_preview_id or (ids[0] if ids else "")


def lane_audio_url(session: Session, lane_id: str) -> str | None:
    """The URL of ``lane_id``'s audio (``None``: the session has no preview audio)."""
    url = session.preview_audio_url
    if not url or not lane_id or lane_id == default_lane(session):
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "variantId"]
    query.append(("variantId", lane_id))
    return urlunsplit(parts._replace(query=urlencode(query)))
