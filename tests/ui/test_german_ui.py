"""The real launcher in German, and no visible English text that bypasses translation.

``test_launcher_speaks_german`` starts the app object graph against a simulator with the German
translator installed the way start-up installs it and reads what is on screen.
``test_every_visible_text_of_the_english_ui_is_a_catalogue_source`` drives the English UI through
its screens (palette, empty state, preview, editors, Settings, the menus) and fails on any text a
widget shows that is neither a source of ``translations/*.ts`` (or made of them) nor user data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)
from tests.support.ts_catalogue import entries, source_pattern

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.query import parse_query
from sessiondock_launcher.core.status import Link
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common import i18n

TOKEN = "i18n-token"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(2000, seed=3))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


@pytest.fixture
def german(qapp: Any) -> Iterator[None]:
    i18n.install("de")  # as lifecycle.run does for SESSIONDOCK_LANGUAGE=de / LANG=de_DE
    yield
    i18n.uninstall()


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.text()]


def test_launcher_speaks_german(
    qtbot: Any, german: None, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    assert palette.search.placeholderText().startswith("Sessions suchen…   #tag")
    qtbot.waitUntil(lambda: palette.sync_label.text() == "2.000 Sessions", timeout=10_000)
    assert palette.link_label.text() == "Verbunden"
    assert palette.count_label.text() == "Zuletzt verwendete Sessions"
    assert palette.hints_label.text().startswith("↵ Fokussieren   Strg+↵ Öffnen")

    qtbot.keyClicks(palette.search, "zzqqxx")
    qtbot.waitUntil(lambda: palette.empty_label.text() == "Keine Sessions passen zu „zzqqxx“")
    palette.search.setText("#mix zzqqxx")  # a new session from it carries the search's filters
    new = palette.empty_label.new_button
    qtbot.waitUntil(lambda: new.isVisible() and new.text() == "+  Neue Session „zzqqxx“ #mix")
    palette.search.clear()
    qtbot.keyClicks(palette.search, "a")
    qtbot.waitUntil(lambda: palette.count_label.text().startswith("Die besten "))
    assert re.fullmatch(r"Die besten \d+ von [\d.]+ Ergebnissen", palette.count_label.text())

    tray = launcher.tray
    tray.rebuild_menu()
    texts = menu_texts(tray.menu)
    assert {"Verbunden", "2.000 Sessions", "Einstellungen…", "Beenden"} <= set(texts)
    assert "Zuletzt verwendete Sessions" in texts  # the recent sessions' section
    assert tray.icon.toolTip().startswith("SessionDock Launcher — Verbunden")
    tray.set_status(launcher.link.status.with_(library_size=1))
    tray.rebuild_menu()
    assert "1 Session" in menu_texts(tray.menu)

    tray.set_status(launcher.link.status.with_(effective_mode="read-only"))
    tray.rebuild_menu()
    assert "Neue Session… (erfordert „Full Automation“)" in menu_texts(tray.menu)

    launcher.palette.set_status(launcher.link.status.with_(link=Link.OFFLINE, detail=""))
    assert palette.link_label.text() == "SessionDock läuft nicht"


# -- nothing visible bypasses translation ---------------------------------------------------------
_SEPARATORS = ("\t", "\n", "   ", " · ", " — ")
_KEY = re.compile(r"[↵↑↓←→⌘⌥⌃⇧]|←/→|\S+\+\S+|Esc|Space|PgUp|PgDn")
QT_OWN = {"Press shortcut"}
"""Qt's own texts (QKeySequenceEdit's placeholder): Qt's qtbase_<lang>.qm translates them."""
_NOT_WORDS = re.compile(r"https?://\S+|[#\w-]+:\w+|#\w+|\S*/\S+|SESSIONDOCK_\w+|--\w+")


class Coverage:
    def __init__(self, data: set[str]) -> None:
        sources = {e.source for e in entries()}
        self.exact = sources
        self.patterns = [source_pattern(s) for s in sorted(sources, key=len, reverse=True)]
        self.suffixes = sorted((s for s in sources if s.startswith(" ")), key=len, reverse=True)
        self.upper = {s.upper() for s in sources}  # section headings are shown in capitals
        self.data = data | QT_OWN

    def covered(self, text: str, depth: int = 0) -> bool:
        text = re.sub(r"<[^>]+>", "", text.replace("<br>", "\n")).replace("&nbsp;", " ")
        text = text.strip(" ●★")
        no_words = not re.search(r"[A-Za-z]{2,}", _NOT_WORDS.sub("", text))
        keys_only = _KEY.fullmatch(text.replace("…", ""))  # "Ctrl+1…3": key names translated
        if no_words or keys_only or text in self.data:
            return True
        if (
            text in self.exact
            or text in self.upper
            or any(p.fullmatch(text) for p in self.patterns)
        ):
            return True
        if depth > 3:
            return False
        for suffix in self.suffixes:
            if text.endswith(suffix) and self.covered(text[: -len(suffix)], depth + 1):
                return True
        for sep in _SEPARATORS:
            if sep in text and all(self.covered(p, depth + 1) for p in text.split(sep)):
                return True
        key, _, rest = text.partition(" ")  # a hint: "Ctrl+K Actions", "Space play"
        return bool(rest) and bool(_KEY.fullmatch(key)) and self.covered(rest, depth + 1)


def visible_texts(*roots: QWidget) -> set[str]:
    """The texts the widgets under ``roots`` show (menus: every action, shown or not)."""
    found: set[str] = set()
    for widget in [w for root in roots for w in (root, *root.findChildren(QWidget))]:
        if isinstance(widget, QMenu):
            found.update(t.split("\t")[0] for t in menu_texts(widget))
            continue
        if not widget.isVisible():
            continue
        found.update(_texts_of(widget))
    return {t for t in found if t.strip()}


def _texts_of(widget: QWidget) -> list[str]:
    texts = [widget.accessibleName(), widget.toolTip()]
    if widget.isWindow():
        texts.append(widget.windowTitle())
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QPlainTextEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QComboBox) and not widget.isEditable():
        texts.extend(widget.itemText(i) for i in range(widget.count()))
    return texts


def test_every_visible_text_of_the_english_ui_is_a_catalogue_source(
    qtbot: Any, qapp: Any, make_launcher: Callable[..., Launcher], sim: SimulatorThread
) -> None:
    i18n.uninstall()
    launcher = make_launcher(sim)
    coverage = Coverage(_library_words(launcher))
    seen: set[str] = set()
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    seen |= visible_texts(palette)
    qtbot.keyClicks(palette.search, "zzqqxx")  # the empty state with its help and button
    qtbot.waitUntil(palette.empty_label.isVisible)
    seen |= visible_texts(palette)
    palette.search.clear()
    qtbot.keyClicks(palette.search, "a")
    qtbot.waitUntil(lambda: palette.model.rowCount() > 0)
    session = launcher.controller.full_session(palette.current_session())
    launcher.preview.set_shown(True)
    launcher.preview.follow(session)
    seen |= visible_texts(palette)
    launcher.actions.toggle_panel(session, launcher.link, palette)  # the Ctrl+K panel
    panel = launcher.actions.panel
    assert panel is not None
    qtbot.waitUntil(panel.isVisible)
    seen |= visible_texts(panel) | set(panel.shown_rows())
    seen |= {row.action.reason for row in panel.content.rows if row.action.reason}
    panel.close_panel()
    for open_editor in (launcher.preview.edit_tags, launcher.preview.edit_notes):
        open_editor(session)
        seen |= visible_texts(palette)
    launcher.tray.rebuild_menu()
    seen |= visible_texts(launcher.tray.menu)
    launcher.open_settings()
    dialog = launcher.settings_flow.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    seen |= visible_texts(dialog)
    dialog.reject()  # an open dialog would keep the mouse from the next test's windows
    assert len(seen) > 60  # the screens were really driven
    missing = sorted(t for t in seen if not coverage.covered(t))
    assert missing == [], "\n".join(missing)


def _library_words(launcher: Launcher) -> set[str]:
    """What the library holds (titles, kinds, statuses, tags, notes): data, not UI text."""
    words: set[str] = set()
    everything = launcher.index.search(parse_query(""), len(launcher.index)).matches
    for match in everything:
        s = launcher.controller.full_session(match.session)
        words.update((s.display_title, s.kind, s.status, s.notes.strip(), s.project_path, *s.tags))
        words.update(w for p in s.previews for w in (p.name, p.id, p.status))
        words.update(f"{s.kind} · {s.status}".split(" · "))
    return words
