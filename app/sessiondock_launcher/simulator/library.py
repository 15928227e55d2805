"""Seeded, realistic session library for the simulator.

``generate_library(size, seed)`` returns camelCase session dicts shaped exactly like the Local API's
``Session`` objects. It is deterministic for ``(size, seed, now)`` and cheap enough for 100k
sessions (one ``random.Random`` and string formatting per session, no per-session hashing).

Preview URLs come in two forms, as a real server might send them: relative
(``/api/v1/_assets/artwork/session_12.png``) and absolute. The absolute form needs the server's
origin, which the generator does not know, so it writes ``{origin}`` as a prefix
(:data:`ORIGIN_PLACEHOLDER`); :func:`render_session` replaces it at response time. Pass
``origin=`` to :func:`generate_library` to get final URLs directly.
"""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

__all__ = [
    "ACCENTS",
    "KINDS",
    "ORIGIN_PLACEHOLDER",
    "STATUSES",
    "TAG_VOCABULARY",
    "artwork_path",
    "audio_path",
    "format_timestamp",
    "generate_library",
    "kind_for_path",
    "make_previews",
    "make_session",
    "render_session",
]

logger = logging.getLogger(__name__)

ORIGIN_PLACEHOLDER = "{origin}"
TWO_YEARS = timedelta(days=730)

# DAW kind -> project file extension.
KINDS: dict[str, str] = {
    "Ableton": ".als",
    "Logic Pro": ".logicx",
    "Cubase": ".cpr",
    "Nuendo": ".npr",
    "Reaper": ".rpp",
    "FL Studio": ".flp",
    "Pro Tools": ".ptx",
    "Bitwig": ".bwproject",
    "Studio One": ".song",
}
_KIND_NAMES = tuple(KINDS)
_KIND_WEIGHTS = (26, 18, 8, 3, 10, 12, 9, 7, 7)

STATUSES = ("draft", "in-progress", "mixing", "mastering", "final", "archived")
_STATUS_WEIGHTS = (22, 30, 16, 8, 14, 10)

ACCENTS = ("gradient", "sunset", "ocean", "forest", "neon", "mono", "violet", "ember")

TAG_VOCABULARY = (
    "mix",
    "priority",
    "client work",
    "lo-fi",
    "needs vocals",
    "drums",
    "edm",
    "house",
    "techno",
    "ambient",
    "hip hop",
    "film score",
    "stems",
    "remix",
    "demo",
    "live set",
    "podcast",
    "sync",
    "writing",
    "ideas",
    "vocal comp",
    "188 bpm",
    "analog",
    "collab",
    "deadline friday",
    "release",
)

_WORDS = (
    "Midnight",
    "Drive",
    "Neon",
    "Glass",
    "Harbor",
    "Velvet",
    "Static",
    "Echo",
    "Afterglow",
    "Orbit",
    "Resonance",
    "Launch",
    "Cue",
    "Summer",
    "Rain",
    "Signal",
    "Pulse",
    "Gravity",
    "Paper",
    "Tides",
    "Ghost",
    "Chrome",
    "Lantern",
    "Monsoon",
    "Skyline",
    "Cassette",
    "Ember",
    "Horizon",
    "Wildfire",
    "Sunday",
)
_SPECIAL_TITLES = (
    "Björk remix – stems",
    "Café del Mar edit",
    "Señorita (radio edit)",
    "Ünter den Linden",
    "東京ナイト",
    "夜の海 demo",
    "서울 밤",
    "صوت البحر",
    "שיר ערש",
    "Déjà vu – alt mix",
    "🔥 Banger 🔥",
    "Lo-fi 🌙 beats",
    "Ωmega sketch",
    "Größenwahn",
    "Jalapeño groove",
)
_SUFFIXES = (
    "",
    "",
    "",
    " v2",
    " v3",
    " (final)",
    " – stems",
    " demo",
    " rough mix",
    " extended",
    " [client rev B]",
    " mix 4",
)
_NOTES = (
    "",
    "",
    "",
    "Print a brighter synth stem for revision B.",
    "Send alt vocal print to client before 5 PM.",
    "Kick and bass fighting around 60 Hz — sidechain harder.",
    "Needs a proper drop at 1:12.",
    "Vocals comped, tuning pending.",
    "Bounce instrumental + a cappella for the label.",
    "Client wants more energy in the chorus.\nAlso: shorter intro.",
    "Reference: the drums on the last EP.",
    "Mastered at -9 LUFS, check on phone speakers.",
    "Waiting on the featured artist's verse.",
    "Tape saturation on the bus is too much.",
)
_PEOPLE = ("alex", "maya", "jordan", "studio")
_LANES = (
    ("preview_main", "Main mix"),
    ("preview_instrumental", "Instrumental"),
    ("preview_acapella", "A cappella"),
)


def format_timestamp(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 UTC with a ``Z`` suffix (sorts lexicographically)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def kind_for_path(path: str) -> str | None:
    """Return the DAW kind whose project extension ``path`` ends with, if any."""
    lowered = path.lower().rstrip("/")
    for kind, ext in KINDS.items():
        if lowered.endswith(ext):
            return kind
    return None


def artwork_path(session_id: str) -> str:
    """Asset path (relative to the origin) of the generated artwork PNG."""
    return f"/api/v1/_assets/artwork/{quote(session_id, safe='')}.png"


def audio_path(session_id: str) -> str:
    """Asset path (relative to the origin) of the generated preview WAV."""
    return f"/api/v1/_assets/audio/{quote(session_id, safe='')}.wav"


def make_previews(session: dict[str, Any], lanes: int = 1, absolute: bool = False) -> None:
    """Give ``session`` ready previews: 1-3 preview lanes plus artwork and audio URLs."""
    prefix = ORIGIN_PLACEHOLDER if absolute else ""
    folder = session.get("projectPath", "").rsplit("/", 1)[0] or "/tmp"
    title = session.get("title", "") or session["id"]
    session["previewStatus"] = "ready"
    session["previewUrl"] = prefix + artwork_path(session["id"])
    session["previewAudioUrl"] = prefix + audio_path(session["id"])
    session["previewAudioMime"] = "audio/wav"
    session["preferredPreviewId"] = _LANES[0][0]
    session["previews"] = [
        {
            "id": lane_id,
            "name": name,
            "path": f"{folder}/Bounces/{title} - {name}.wav",
            "status": "ready",
        }
        for lane_id, name in _LANES[: max(1, min(lanes, len(_LANES)))]
    ]


def make_session(  # noqa: PLR0913  (keyword-only fields of one record, with defaults)
    session_id: str,
    *,
    title: str,
    kind: str,
    last_opened: str,
    status: str = "draft",
    accent: str = "gradient",
    tags: list[str] | None = None,
    notes: str = "",
    project_path: str = "",
    preview_status: str = "missing",
) -> dict[str, Any]:
    """Build a session dict with every field present (no previews; see :func:`make_previews`)."""
    return {
        "id": session_id,
        "title": title,
        "kind": kind,
        "status": status,
        "accent": accent,
        "tags": list(tags or []),
        "notes": notes,
        "lastOpened": last_opened,
        "projectPath": project_path,
        "projectOriginalPath": project_path,
        "previewStatus": preview_status,
        "previewUrl": "",
        "previewAudioUrl": "",
        "previewAudioMime": "",
        "preferredPreviewId": "",
        "previews": [],
    }


def render_session(session: dict[str, Any], origin: str) -> dict[str, Any]:
    """Return a copy of ``session`` with ``{origin}`` URL prefixes replaced by ``origin``."""
    out = dict(session)
    for key in ("previewUrl", "previewAudioUrl"):
        value = out.get(key)
        if isinstance(value, str) and value.startswith(ORIGIN_PLACEHOLDER):
            out[key] = origin + value[len(ORIGIN_PLACEHOLDER) :]
    return out


def _title(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(_SPECIAL_TITLES)
    if roll < 0.1:
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 14)))
        return f"{words} (extended club mix for the festival season, final final)"
    base = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}"
    if roll < 0.2:
        base = rng.choice(_WORDS)
    return base + rng.choice(_SUFFIXES)


def _last_opened(rng: random.Random, now: datetime) -> datetime:
    # Producers reopen recent work far more often: 15 % within 30 days, the rest over two years.
    if rng.random() < 0.15:
        seconds = rng.uniform(60, 30 * 86400 - 3600)
    else:
        seconds = rng.uniform(30 * 86400, TWO_YEARS.total_seconds())
    return now - timedelta(seconds=seconds)


def generate_library(
    size: int, seed: int = 7, now: datetime | None = None, *, origin: str | None = None
) -> list[dict[str, Any]]:
    """Generate ``size`` realistic sessions, deterministically for ``(size, seed, now)``.

    Args:
        size: Number of sessions (0 to 100k and beyond).
        seed: Random seed.
        now: Reference time for ``lastOpened`` (spread over the two years before it);
            defaults to the current time.
        origin: If given, absolute preview URLs use it instead of the ``{origin}`` placeholder.

    Returns:
        Session dicts with ids ``session_1`` … ``session_<size>``.
    """
    if size < 0:
        raise ValueError("size must be >= 0")
    now = (now or datetime.now(UTC)).astimezone(UTC)
    rng = random.Random(seed)
    kinds = rng.choices(_KIND_NAMES, weights=_KIND_WEIGHTS, k=size)
    statuses = rng.choices(STATUSES, weights=_STATUS_WEIGHTS, k=size)
    sessions: list[dict[str, Any]] = []
    for n in range(1, size + 1):
        kind = kinds[n - 1]
        title = _title(rng)
        person = _PEOPLE[n % len(_PEOPLE)]
        folder = f"/Users/{person}/Music/Projects/{title}"
        project_path = f"{folder}/{title}{KINDS[kind]}"
        tag_count = rng.choices((0, 1, 2, 3, 4, 5, 6), weights=(12, 20, 24, 20, 12, 7, 5))[0]
        session = make_session(
            f"session_{n}",
            title=title,
            kind=kind,
            status=statuses[n - 1],
            accent=rng.choice(ACCENTS),
            tags=rng.sample(TAG_VOCABULARY, tag_count),
            notes=rng.choice(_NOTES),
            last_opened=format_timestamp(_last_opened(rng, now)),
            project_path=project_path,
        )
        if rng.random() < 0.12:
            session["projectOriginalPath"] = f"/Volumes/Studio SSD/Archive/{title}{KINDS[kind]}"
        roll = rng.random()
        if roll < 0.7:
            make_previews(session, lanes=rng.choice((1, 1, 2, 3)), absolute=rng.random() < 0.4)
        elif roll < 0.8:
            session["previewStatus"] = "generating"
        sessions.append(render_session(session, origin) if origin else session)
    return sessions
