"""The German catalogue is complete and current, and the Qt-free layers' sentences translate.

These fail when: a German entry is unfinished or lost a placeholder; the code has a string the
``.ts`` lacks or the ``.ts`` keeps one the code dropped (``make translations`` not run); the
shipped ``.qm`` is not the compiled ``.ts``; a catalogue or API sentence shows up untranslated.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest
from tests.support.ts_catalogue import PLACEHOLDER, ROOT, entries

from sessiondock_launcher.api import errors
from sessiondock_launcher.api.results import ImportResult
from sessiondock_launcher.core import messages
from sessiondock_launcher.core.imports import describe
from sessiondock_launcher.core.keymap import hint_row
from sessiondock_launcher.core.status import LauncherStatus, Link
from sessiondock_launcher.ui.common import i18n


def _update_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ts_update", ROOT / "translations" / "update.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def german(qapp: Any) -> Iterator[None]:
    i18n.install("de")
    yield
    i18n.uninstall()


def test_german_catalogue_is_complete_and_keeps_every_placeholder() -> None:
    found = entries()
    assert len(found) > 250
    assert [e.source for e in found if e.unfinished or not all(e.translations)] == []
    assert [e.source for e in found if e.kind] == []  # vanished/obsolete: run make translations
    for entry in found:
        wanted = sorted(PLACEHOLDER.findall(entry.source))
        for form in entry.translations:
            assert sorted(PLACEHOLDER.findall(form)) == wanted, (entry.source, form)
        if entry.numerus:
            assert len(entry.translations) == 2, entry.source  # German: singular, plural


def test_display_time_templates_can_be_read_back() -> None:
    """Sentences of the Qt-free layers are parsed back at display time: two placeholders side by
    side ("{a}{b}") could split anywhere, so a literal must separate them."""
    messages_context = [e.source for e in entries() if e.context == "Messages"]
    assert [s for s in messages_context if re.search(r"\}\{", s)] == []


def test_catalogue_and_compiled_files_are_up_to_date_with_the_code() -> None:
    # lupdate into a temporary copy and lrelease it: the repo's .ts and shipped .qm must match
    assert _update_tool().check() == []


def test_a_new_untranslated_string_is_reported(tmp_path: Any) -> None:
    """The check above is not vacuous: a text the .ts lacks makes it fail."""
    tool = _update_tool()
    tool.TS_DIR = tmp_path
    tool.QM_DIR = tmp_path
    stale = tmp_path / "sessiondock_launcher_de.ts"
    text = (ROOT / "translations" / "sessiondock_launcher_de.ts").read_text(encoding="utf-8")
    stale.write_text(text.replace("<source>Quit</source>", "<source>Exit</source>"), "utf-8")
    problems = tool.check()
    assert any("out of date with the code" in p for p in problems)


def test_language_choice_follows_the_documented_variables() -> None:
    assert i18n.chosen_language({}) is None
    assert i18n.chosen_language({"LANG": "de_DE.UTF-8"}) == "de_DE"
    assert i18n.chosen_language({"LANG": "en_US.UTF-8", "LC_ALL": "de_AT.UTF-8"}) == "de_AT"
    assert i18n.chosen_language({"LANGUAGE": "de:en", "LC_ALL": "fr_FR"}) == "de"
    assert i18n.chosen_language({"LC_ALL": "C"}) == "en"
    env = {"SESSIONDOCK_LANGUAGE": "en", "LANGUAGE": "de"}
    assert i18n.chosen_language(env) == "en"


def test_catalogue_constants_all_translate(german: None) -> None:
    constants = {
        name: value
        for name, value in vars(messages).items()
        if name.isupper() and isinstance(value, str) and value.strip() and not name.startswith("_")
    }
    assert len(constants) > 20
    same = {name: v for name, v in constants.items() if i18n.tr_message(v) == v}
    assert same == {}


def _sample(cls: type[errors.SessionDockError]) -> errors.SessionDockError:
    names = list(inspect.signature(cls.__init__).parameters)[1:]
    values: dict[str, Any] = {"status": 500, "limit": 10, "code": "", "message": "Disk busy"}
    return cls(*(values.get(n, f"x-{n}") for n in names))


def test_every_api_error_sentence_translates(german: None) -> None:
    classes = [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, errors.SessionDockError)
    ]
    assert len(classes) > 15
    untranslated = {}
    for cls in classes:
        text = _sample(cls).user_message
        if i18n.tr_message(text) == text:
            untranslated[cls.__name__] = text
    assert untranslated == {}


def test_composed_sentences_translate_part_by_part(german: None) -> None:
    offline = messages.save_offline("tags", errors.NotRunning("x").user_message)
    assert i18n.tr_message(offline) == (
        "Konnte Tags nicht speichern: SessionDock läuft nicht — starten Sie es oder prüfen Sie "
        "die Adresse in den Einstellungen. Ihre Eingabe bleibt erhalten — „Erneut versuchen“."
    )
    # data is put back untouched, even when it looks like a catalogue word
    assert i18n.tr_message(messages.created("Focus")) == "„Focus“ in SessionDock angelegt"
    assert i18n.tr_message(messages.FOCUS_READ_ONLY).startswith("Fokussieren erfordert")
    assert i18n.tr_message("not in any catalogue") == "not in any catalogue"


def test_import_summaries_translate(german: None) -> None:
    done = ImportResult("i1", total=5, completed=3, skipped=1, failed=1, done=True)
    assert i18n.tr_message(describe(done)) == (
        "3 von 5 Projekten importiert, 1 schon in SessionDock, 1 fehlgeschlagen"
    )
    one = ImportResult("i2", total=1, completed=1, done=True)
    assert i18n.tr_message(describe(one)) == "1 von 1 Projekt importiert"


def test_env_token_wording_translates_too(german: None) -> None:
    messages.configure(token_from_env=True, demo=False)
    try:
        text = messages.for_this_setup(messages.TOKEN_REJECTED_INPUT_KEPT)
    finally:
        messages.configure(token_from_env=False, demo=False)
    assert i18n.tr_message(text).endswith(
        "(die Umgebungsvariable hat Vorrang vor den Einstellungen). Ihre Eingabe bleibt erhalten."
    )


def test_counts_and_dates_follow_the_locale(german: None) -> None:
    assert i18n.count_text(1) == "1 Session"
    assert i18n.count_text(2000) == "2.000 Sessions"
    assert i18n.plurals().top_results(50, 2000) == "Die besten 50 von 2.000 Ergebnissen"
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert i18n.relative_time(now - timedelta(minutes=1), now) == "vor 1 Min."
    assert i18n.relative_time(now - timedelta(days=3), now) == "vor 3 Tagen"
    assert i18n.relative_time(now - timedelta(days=7), now) == "vor 1 Woche"
    assert i18n.relative_time(datetime(2024, 3, 5, tzinfo=UTC), now) == "März 2024"
    status = LauncherStatus(Link.CONNECTED, "full-automation", syncing=True)
    assert i18n.sync_text(status.with_(sync_received=1200, sync_total=2000)) == (
        "Synchronisiere 1.200 / 2.000"
    )
    assert hint_row("linux", i18n.tr_message).startswith("↵ Fokussieren   Strg+↵ Öffnen")


def test_english_plurals_without_any_translator(qapp: Any) -> None:
    i18n.uninstall()
    assert i18n.count_text(1) == "1 session"
    assert i18n.count_text(2000) == "2,000 sessions"
    assert i18n.plurals().results(1) == "1 result"
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert i18n.relative_time(now - timedelta(days=2), now) == "2 days ago"
    assert i18n.relative_time(datetime(2024, 3, 5, tzinfo=UTC), now) == "Mar 2024"
