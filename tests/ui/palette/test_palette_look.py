"""What the palette looks like and says, on the real object graph (``app.Launcher``).

Geometry on the screen it opens on (the offscreen screen is 800x600: the pane does not fit at
its preferred width there), the status chip's colour code, the empty state's help, and what a
screen reader is told (through Qt's accessibility layer).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QFont, QFontMetrics
from PySide6.QtTest import QTest

from sessiondock_launcher.app import Launcher
from sessiondock_launcher.core.status import Link, TrayState
from sessiondock_launcher.settings import Settings
from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState
from sessiondock_launcher.ui.common.icons import DOT_COLORS
from sessiondock_launcher.ui.editors.session_form import NewSessionForm
from sessiondock_launcher.ui.palette.result_delegate import elide_middle
from sessiondock_launcher.ui.palette.results_model import accessible_text

TOKEN = "look-test-token"


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    state = SimulatorState(SimulatorConfig(token=TOKEN), generate_library(200, seed=5))
    thread = SimulatorThread(state).start()
    yield thread
    thread.stop()


def available(launcher: Launcher) -> QRect:
    screen = launcher.palette.screen()
    assert screen is not None
    return screen.availableGeometry()


def show_and_type(qtbot: Any, launcher: Launcher, text: str) -> None:
    launcher.palette.show_palette()
    qtbot.waitExposed(launcher.palette)
    qtbot.keyClicks(launcher.palette.search, text)
    qtbot.waitUntil(lambda: launcher.palette.model.text == text, timeout=5000)


def test_palette_fits_the_screen_with_and_without_the_pane(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    palette, pane = launcher.palette, launcher.preview
    palette.show_palette()
    qtbot.waitExposed(palette)
    area = available(launcher)
    assert pane.isVisible()
    assert area.contains(palette.frameGeometry()), (palette.frameGeometry(), area)
    centre = palette.frameGeometry().center().x()
    assert abs(centre - area.center().x()) <= 1
    assert palette.list.width() >= 300  # the results gave way to the pane, but stay usable

    QTest.keyClick(palette.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not pane.isVisible())
    assert area.contains(palette.frameGeometry())
    assert abs(palette.frameGeometry().center().x() - centre) <= 1  # stays where placed
    narrow = palette.width()

    QTest.keyClick(palette.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(pane.isVisible)
    assert area.contains(palette.frameGeometry())
    assert abs(palette.frameGeometry().center().x() - centre) <= 1
    assert palette.width() > narrow


def test_status_chip_uses_the_tray_colour_code(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    base = launcher.link.status.with_(syncing=False)  # a reconcile may still run: not its case
    cases = {
        TrayState.CONNECTED: base.with_(link=Link.CONNECTED, effective_mode="full-automation"),
        TrayState.SYNCING: base.with_(link=Link.CONNECTED, syncing=True),
        TrayState.READ_ONLY: base.with_(link=Link.CONNECTED, effective_mode="read-only"),
        TrayState.OFFLINE: base.with_(link=Link.OFFLINE, detail="SessionDock isn't running"),
        TrayState.NEEDS_TOKEN: base.with_(link=Link.NEEDS_TOKEN, detail="Token needed"),
    }
    for state, status in cases.items():
        assert status.tray_state is state
        palette.set_status(status)
        assert palette.link_chip.color == DOT_COLORS[state], state
        assert palette.link_label.text() == status.link_text()  # the words stay plain text
        assert palette.link_chip.toolTip() == status.link_text()  # whole, when the row cuts it
        assert DOT_COLORS[state].name() in palette.link_chip.styleSheet()


def test_empty_results_offer_filters_and_a_new_session(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    show_and_type(qtbot, launcher, "zzqxv")
    empty = palette.empty_label
    qtbot.waitUntil(empty.isVisible)
    assert "#tag" in empty.help.text() and "kind:" in empty.help.text()
    assert "status:" in empty.help.text() and "recent" in empty.help.text()
    assert empty.help.isVisible()
    assert empty.new_button.isVisible() and "zzqxv" in empty.new_button.text()

    palette.set_status(launcher.link.status.with_(effective_mode="read-only"))
    assert not empty.new_button.isVisible()  # no writes: no offer
    palette.set_status(launcher.link.status)
    assert empty.new_button.isVisible()

    with qtbot.waitSignal(palette.new_session_requested) as asked:
        empty.new_button.click()
    assert [draft.title for draft in asked.args] == ["zzqxv"]
    qtbot.waitUntil(lambda: isinstance(launcher.preview.editor, NewSessionForm))


class Spoken:
    """Records what reaches ``QAccessible.updateAccessibility`` (then passes it on)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[QAccessible.Event, object, int, str]] = []
        real = QAccessible.updateAccessibility

        def record(event: Any) -> None:
            message = event.message() if isinstance(event, QAccessibleAnnouncementEvent) else ""
            self.events.append((event.type(), event.object(), event.child(), message))
            real(event)

        monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))

    def announcements(self) -> list[str]:
        return [m for kind, _o, _c, m in self.events if kind == QAccessible.Event.Announcement]


def test_screen_reader_hears_the_count_and_the_selected_session(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    spoken = Spoken(monkeypatch)
    show_and_type(qtbot, launcher, "a")
    qtbot.waitUntil(lambda: any("result" in m for m in spoken.announcements()))
    first = palette.model.session_at(0)
    assert first is not None
    last = spoken.announcements()[-1]
    assert palette.count_label.text() in last and first.display_title in last
    before = len(spoken.announcements())
    with qtbot.waitSignal(palette.results_applied):
        launcher.controller.search("a")  # the same query again, as a sync refresh does
    assert len(spoken.announcements()) == before  # heard once per query, not per refresh

    QTest.keyClick(palette.search, Qt.Key.Key_Down)
    second = palette.model.session_at(1)
    assert second is not None and palette.current_session() == second
    said = spoken.announcements()[-1]
    assert said == accessible_text(second)
    assert second.display_title in said and (second.kind or "") in said
    selections = [e for e in spoken.events if e[0] == QAccessible.Event.Selection]
    assert selections[-1][1] is palette.list and selections[-1][2] == 1

    # The same row, read through Qt's accessibility interface of the list.
    iface = QAccessible.queryAccessibleInterface(palette.list)
    assert iface is not None
    names = [iface.child(i).text(QAccessible.Text.Name) for i in range(iface.childCount())]
    assert accessible_text(second) in names


def test_long_titles_keep_their_distinguishing_tail(qtbot: Any) -> None:
    fm = QFontMetrics(QFont())
    stem = "The Extremely Long Working Title For The Summer Single – "
    shown = {
        elide_middle(fm, stem + tail, 260)[0] for tail in ("Radio Edit v7", "TV Mix", "Alt v3")
    }
    assert len(shown) == 3  # elided at the end, all three read the same
    text, mapping = elide_middle(fm, stem + "TV Mix", 260)
    assert text.endswith("TV Mix") and "…" in text
    assert mapping[text.index("…")] == -1
    assert [stem[i] if i < len(stem) else "?" for i in mapping[:3]] == list(text[:3])


def test_no_results_leave_no_stale_session_in_the_pane(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim, settings=Settings(show_preview_pane=True))
    show_and_type(qtbot, launcher, "a")
    qtbot.waitUntil(lambda: launcher.preview.session is not None)
    qtbot.keyClicks(launcher.palette.search, "zzqxv")
    qtbot.waitUntil(launcher.palette.empty_label.isVisible)
    assert launcher.palette.current_session() is None
    qtbot.waitUntil(lambda: launcher.preview.session is None)  # it showed the last row's


def test_a_long_status_never_widens_the_palette(
    qtbot: Any, make_launcher: Any, sim: SimulatorThread
) -> None:
    launcher = make_launcher(sim)
    palette = launcher.palette
    palette.show_palette()
    qtbot.waitExposed(palette)
    before = palette.frameGeometry()
    palette.hide()
    offline = launcher.link.status.with_(
        link=Link.OFFLINE,
        detail="SessionDock isn't running. Offline: library from 2 h ago (14:05). "
        "Focusing and opening need SessionDock running.",
    )
    palette.set_status(offline)  # as at a start with SessionDock closed: before the palette shows
    palette.show_palette()
    qtbot.waitExposed(palette)
    QCoreApplication.processEvents()  # the posted layout request: what would widen the window
    assert palette.frameGeometry() == before  # same size, same centre
    assert palette.link_label.text() == offline.link_text()  # the words are all there...
    assert palette.link_label.toolTip() == palette.link_label.text()  # ...and readable in full
