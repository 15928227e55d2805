"""Answers of the waveform, action, delete and import operations (see :mod:`~.models`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sessiondock_launcher.api.parsing import (
    as_bool,
    as_float,
    as_int,
    as_mapping,
    as_str,
    extra_fields,
    parse_datetime,
)

__all__ = [
    "ActionResult",
    "DeleteResult",
    "ImportItem",
    "ImportResult",
    "Waveform",
    "WaveformNote",
    "WaveformNotes",
]


@dataclass(frozen=True, slots=True)
class Waveform:
    """Waveform peaks: values in 0..1, evenly spread over ``duration`` seconds.

    The peak format is undocumented upstream; the parser accepts ``peaks`` as a list of numbers
    or of ``[min, max]`` pairs and normalises to magnitudes in 0..1.
    """

    session_id: str
    variant_id: str = ""
    duration: float = 0.0
    peaks: tuple[float, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, raw: Any) -> Waveform:
        data = as_mapping(raw)
        values = data.get("peaks")
        peaks: list[float] = []
        if isinstance(values, list):
            for item in values:
                if isinstance(item, list | tuple) and item:
                    peaks.append(max(abs(as_float(v)) for v in item))
                else:
                    peaks.append(abs(as_float(item)))
        top = max(peaks, default=0.0)
        if top > 1.0:
            peaks = [p / top for p in peaks]
        return cls(
            session_id=as_str(data.get("sessionId")),
            variant_id=as_str(data.get("variantId")),
            duration=max(0.0, as_float(data.get("duration"))),
            peaks=tuple(peaks),
            extra=extra_fields(data, frozenset({"sessionId", "variantId", "duration", "peaks"})),
        )


@dataclass(frozen=True, slots=True)
class WaveformNote:
    """A marker on the preview audio at ``timestamp`` seconds."""

    timestamp: float
    text: str
    id: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_api(cls, raw: Any) -> WaveformNote | None:
        data = as_mapping(raw)
        timestamp = data.get("timestamp")
        if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
            return None
        return cls(
            timestamp=max(0.0, as_float(data.get("timestamp"))),
            text=as_str(data.get("text")),
            id=as_str(data.get("id")),
            created_at=parse_datetime(data.get("createdAt")),
            updated_at=parse_datetime(data.get("updatedAt")),
        )

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {"timestamp": self.timestamp, "text": self.text}
        if self.id:
            body["id"] = self.id
        return body


@dataclass(frozen=True, slots=True)
class WaveformNotes:
    session_id: str
    variant_id: str = ""
    key: str = ""
    notes: tuple[WaveformNote, ...] = ()

    @classmethod
    def from_api(cls, raw: Any) -> WaveformNotes:
        data = as_mapping(raw)
        notes = data.get("notes")
        parsed = (WaveformNote.from_api(n) for n in (notes if isinstance(notes, list) else []))
        return cls(
            session_id=as_str(data.get("sessionId")),
            variant_id=as_str(data.get("variantId")),
            key=as_str(data.get("key")),
            notes=tuple(sorted((n for n in parsed if n is not None), key=lambda n: n.timestamp)),
        )


@dataclass(frozen=True, slots=True)
class ActionResult:
    """Acknowledgement of ``open`` / ``focus``."""

    id: str
    opened: bool = False
    focused: bool = False

    @classmethod
    def from_api(cls, raw: Any) -> ActionResult:
        data = as_mapping(raw)
        return cls(
            id=as_str(data.get("id")),
            opened=as_bool(data.get("opened")),
            focused=as_bool(data.get("focused")),
        )


@dataclass(frozen=True, slots=True)
class DeleteResult:
    id: str
    deleted: bool = False

    @classmethod
    def from_api(cls, raw: Any) -> DeleteResult:
        data = as_mapping(raw)
        return cls(id=as_str(data.get("id")), deleted=as_bool(data.get("deleted")))


@dataclass(frozen=True, slots=True)
class ImportItem:
    project_path: str
    title: str = ""
    project_type: str = ""
    preview_audio_path: str = ""

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {"projectPath": self.project_path}
        if self.title:
            body["title"] = self.title
        if self.project_type:
            body["projectType"] = self.project_type
        if self.preview_audio_path:
            body["previewAudioPath"] = self.preview_audio_path
        return body


@dataclass(frozen=True, slots=True)
class ImportResult:
    import_id: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    skipped: int = 0
    done: bool = False
    duration_ms: int = 0

    @classmethod
    def from_api(cls, raw: Any) -> ImportResult:
        data = as_mapping(raw)
        return cls(
            import_id=as_str(data.get("importId")),
            total=as_int(data.get("total")),
            completed=as_int(data.get("completed")),
            failed=as_int(data.get("failed")),
            skipped=as_int(data.get("skipped")),
            done=as_bool(data.get("done")),
            duration_ms=as_int(data.get("durationMs")),
        )
