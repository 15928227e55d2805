"""Translations: which language, loading the translators, and translating at display time.

The pipeline (docs/translations.md): ``make translations`` extracts every ``tr`` /
``QCoreApplication.translate`` / ``QT_TRANSLATE_NOOP`` text into ``translations/*.ts`` and
compiles them into ``sessiondock_launcher/translations/*.qm``, which :func:`install` loads at
start-up for the chosen language, together with Qt's own ``qtbase`` translations when present.

Sentences from the Qt-free layers arrive here in English and go through :func:`tr_message` where
they are shown (status row, banner, tray); plural counts go through :func:`count_text`.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)

from sessiondock_launcher.core import humanize
from sessiondock_launcher.core.status import LauncherStatus
from sessiondock_launcher.tr_noop import CONTEXT, TEMPLATES

logger = logging.getLogger(__name__)

CATALOGUE = "sessiondock_launcher"
"""Base name of the .qm files: ``sessiondock_launcher_de.qm``."""
QM_DIR = Path(__file__).resolve().parents[2] / "translations"
LANGUAGE_ENV = "SESSIONDOCK_LANGUAGE"
"""Overrides the system locale, e.g. ``SESSIONDOCK_LANGUAGE=de`` (``en`` for English)."""
_LOCALE_ENVS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_installed: list[QTranslator] = []
"""Kept alive here: Qt does not own an installed translator, Python would collect it."""


def chosen_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the user asked for, or None to follow the system locale.

    ``SESSIONDOCK_LANGUAGE`` first, then the POSIX variables in glibc's order (``LANGUAGE`` is a
    colon-separated preference list; its first entry counts). ``C``/``POSIX`` mean English.
    """
    environ = os.environ if environ is None else environ
    for name in (LANGUAGE_ENV, *_LOCALE_ENVS):
        value = environ.get(name, "").split(":")[0].split(".")[0].split("@")[0]
        if value:
            return "en" if value in {"C", "POSIX"} else value
    return None


def install(language: str | None = None) -> QLocale:
    """Load and install the translators for ``language`` (None: :func:`chosen_language`).

    Replaces any installed before; makes the locale the default, so numbers and dates follow it.
    Returns the locale in effect.
    """
    uninstall()
    language = language or chosen_language()
    locale = QLocale(language) if language else QLocale.system()
    if locale.language() == QLocale.Language.C:  # "no locale": English, written "2,000"
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    QLocale.setDefault(locale)
    if locale.language() != QLocale.Language.English:
        if not _load(locale, CATALOGUE, QM_DIR):
            logger.info("No translation for %s; showing English", locale.name())
        _load(locale, "qtbase", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
    _cached_message.cache_clear()
    logger.info("Language: %s", locale.name())
    return locale


def uninstall() -> None:
    """Remove every translator :func:`install` installed (tests switch languages)."""
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    _cached_message.cache_clear()


def _load(locale: QLocale, name: str, directory: Path) -> bool:
    translator = QTranslator()
    if not translator.load(locale, name, "_", str(directory)):
        return False
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    return True


def tr(context: str, text: str, n: int = -1) -> str:
    """``QCoreApplication.translate`` (lupdate does not see calls through here: use it only
    for texts marked elsewhere)."""
    return QCoreApplication.translate(context, text, None, n)


def count(value: int) -> str:
    """A number as this locale writes it: ``2,000`` / ``2.000``."""
    return QLocale().toString(value)


class Plurals(QObject):
    """Every plural text, as ``self.tr(text, "", n)`` in methods of this one class.

    pyside6-lupdate marks a text as plural (``numerus="yes"``) only for ``tr`` calls with a count,
    not for ``QCoreApplication.translate(..., n)`` (checked with PySide6 6.x); and PySide6's
    ``tr`` takes its context from the *runtime* class name, so this class is never subclassed.
    ``%Ln`` writes the number the locale's way (``2,000`` / ``2.000``).
    """

    def sessions(self, n: int) -> str:
        return _english(self.tr("%Ln session(s)", "", n), n)

    def results(self, n: int) -> str:
        return _english(self.tr("%Ln result(s)", "", n), n)

    def top_results(self, rows: int, total: int) -> str:
        """``"Top 50 of 2,000 results"`` (the plural follows the total)."""
        return _english(self.tr("Top {rows} of %Ln result(s)", "", total), total).format(
            rows=count(rows)
        )

    def minutes_ago(self, n: int) -> str:
        return _english(self.tr("%Ln min ago", "", n), n)

    def hours_ago(self, n: int) -> str:
        return _english(self.tr("%Ln h ago", "", n), n)

    def days_ago(self, n: int) -> str:
        return _english(self.tr("%Ln day(s) ago", "", n), n)

    def weeks_ago(self, n: int) -> str:
        return _english(self.tr("%Ln week(s) ago", "", n), n)


def _english(text: str, n: int) -> str:
    """The English plural when no translation answered (English is the source language, so
    there is no English .qm): ``"1 session(s)"`` → ``"1 session"``, ``"2 …(s)"`` → ``"2 …s"``."""
    return text.replace("(s)", "" if n == 1 else "s")


@lru_cache(maxsize=1)
def plurals() -> Plurals:
    return Plurals()


def count_text(value: int) -> str:
    """``"1 session"`` / ``"2,000 sessions"``, plural-aware and locale-formatted."""
    return plurals().sessions(value)


# -- display-time translation of the Qt-free layers' sentences ----------------------------------
_DATA = frozenset(
    {"title", "text", "kind", "url", "path", "host", "hotkey", "clock", "message", "status", "mode"}
    | {"configured", "n", "problem", "count", "chord"}
)
"""Placeholders holding user data or numbers: put back as they are. Every other placeholder
holds a sentence (or part) of the catalogue and is translated too."""
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def tr_message(text: str) -> str:
    """``text`` (an English sentence from core/ or api/) in the user's language.

    An exact catalogue entry translates directly; a sentence built from a template with
    placeholders is matched against the templates, the template is translated and each part is
    put back (parts that are catalogue sentences themselves are translated as well). A sentence
    that matches nothing is shown as it is.
    """
    return _cached_message(text, len(TEMPLATES))


@lru_cache(maxsize=512)
def _cached_message(text: str, _generation: int) -> str:
    return _translate_message(text, depth=0)


def _translate_message(text: str, depth: int) -> str:
    if not text or depth > 3:
        return text
    direct = QCoreApplication.translate(CONTEXT, text)
    if direct != text or text in TEMPLATES:
        return direct
    for template, pattern, names in _patterns(len(TEMPLATES)):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = {
            name: value if name in _DATA else _translate_message(value, depth + 1)
            for name, value in zip(names, match.groups(), strict=True)
        }
        translated = QCoreApplication.translate(CONTEXT, template)
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):
            logger.warning("Translation of %r has broken placeholders", template)
            return template.format(**values)
    return text


@lru_cache(maxsize=4)
def _patterns(_generation: int) -> list[tuple[str, re.Pattern[str], list[str]]]:
    """Each template with placeholders as a regex; the longest literal text first, so the most
    specific template wins (``{what} needs SessionDock: {link_text}`` before ``{what}``)."""
    found = []
    for template in list(TEMPLATES):
        names = _PLACEHOLDER.findall(template)
        if not names:
            continue
        pieces = _PLACEHOLDER.split(template)
        regex = "".join(
            re.escape(piece) if i % 2 == 0 else "(.*?)" for i, piece in enumerate(pieces)
        )
        literal = sum(len(piece) for piece in pieces[::2])
        found.append((literal, template, re.compile(regex, re.DOTALL), names))
    found.sort(key=lambda item: -item[0])
    return [(template, pattern, names) for _, template, pattern, names in found]


# -- the link and the library, as the status row and the tray show them ---------------------------
def link_text(status: LauncherStatus) -> str:
    return tr_message(status.link_text())


def sync_text(status: LauncherStatus, now: float | None = None) -> str:
    """``"Syncing 1,200 / 2,000"``, ``"Syncing…"``, ``"2,000 sessions"`` or ``""``; after a
    failed sync, with ``" · Library sync failed (HTTP 500) — retrying in 30 s"``."""
    if status.syncing:
        if status.sync_total:
            return QCoreApplication.translate("Status", "Syncing {received} / {total}").format(
                received=count(status.sync_received), total=count(status.sync_total)
            )
        return QCoreApplication.translate("Status", "Syncing…")
    size = count_text(status.library_size) if status.library_size else ""
    failure = tr_message(status.sync_failure_text(time.time() if now is None else now))
    return " · ".join(part for part in (size, failure) if part)


# -- dates ----------------------------------------------------------------------------------------
def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """``"5 min ago"`` / ``"vor 5 Min."``, ``"yesterday"``, ``"Mar 2024"`` in this locale."""
    age = humanize.age(when, now or datetime.now(UTC))
    words = {
        "never": lambda: QCoreApplication.translate("Dates", "never opened"),
        "now": lambda: QCoreApplication.translate("Dates", "just now"),
        "minutes": lambda: plurals().minutes_ago(age.amount),
        "hours": lambda: plurals().hours_ago(age.amount),
        "yesterday": lambda: QCoreApplication.translate("Dates", "yesterday"),
        "days": lambda: plurals().days_ago(age.amount),
        "weeks": lambda: plurals().weeks_ago(age.amount),
    }
    if age.unit in words:
        return words[age.unit]()
    assert when is not None
    date = QDate(when.year, when.month, when.day)
    if age.unit == "month-year":
        return QLocale().toString(date, "MMM yyyy")  # "Mar 2024" / "März 2024"
    return QLocale().toString(date, day_month_format(QLocale()))


def day_month_format(locale: QLocale) -> str:
    """A day and a month nobody can read the wrong way round: the month as a word, in the
    locale's order ("Mar 5" en_US, "5 Mar" en_GB, "5. März" de). A numeric "3/5" is the 3rd of
    May to half of the world."""
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    day, month = short.find("d"), short.find("M")
    if 0 <= month < day or day < 0:
        return "MMM d"
    return "d. MMM" if re.search(r"d\.", short) else "d MMM"
