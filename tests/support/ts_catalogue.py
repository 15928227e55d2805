"""The shipped Qt Linguist catalogue, read as a test would check it (docs/translations.md)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "translations"
GERMAN_TS = TS_DIR / "sessiondock_launcher_de.ts"
QM_DIR = ROOT / "app" / "sessiondock_launcher" / "translations"

PLACEHOLDER = re.compile(r"\{\w+\}|%L?n")


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translations: tuple[str, ...]  # one, or the plural forms
    unfinished: bool
    kind: str  # "" | "vanished" | "obsolete"
    numerus: bool


def entries(path: Path = GERMAN_TS) -> list[Entry]:
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text or "" for f in translation.iter("numerusform")]
            kind = translation.get("type", "")
            found.append(
                Entry(
                    context=name,
                    source=message.findtext("source") or "",
                    translations=tuple(forms) if forms else (translation.text or "",),
                    unfinished=kind == "unfinished",
                    kind=kind if kind in {"vanished", "obsolete"} else "",
                    numerus=message.get("numerus") == "yes",
                )
            )
    return found


def source_pattern(source: str) -> re.Pattern[str]:
    """A source text as a regex: ``{name}`` any text, ``%Ln`` a number as any locale writes it,
    ``(s)`` the English plural ending or none (``i18n.Plurals`` words English itself)."""
    parts = re.split(r"(\{\w+\}|%L?n)", source)
    regex = "".join(
        re.escape(p).replace(r"\(s\)", "s?")
        if i % 2 == 0
        else (r"[\d.,  ]+" if p.startswith("%") else "(?:.*?)")
        for i, p in enumerate(parts)
    )
    return re.compile(regex, re.DOTALL)
