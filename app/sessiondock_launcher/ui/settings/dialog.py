"""The Settings window: connection (URL, token, Test connection), hotkey, start-up, palette.

Values set through ``SESSIONDOCK_BASE_URL`` / ``SESSIONDOCK_TOKEN`` win over the window; the
fields say so and are read-only. A wrong URL or token is an inline message, never a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sessiondock_launcher.api import Health, SessionDockError
from sessiondock_launcher.api.config import check_token_destination, normalize_base_url
from sessiondock_launcher.desktop.hotkeys.chord import DEFAULT_CHORD, format_chord
from sessiondock_launcher.desktop.hotkeys.qt_keys import (
    sequence_from_stored_text,
    stored_text_from_sequence,
)
from sessiondock_launcher.settings import ConnectionConfig, Settings
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP
from sessiondock_launcher.ui.common import i18n
from sessiondock_launcher.ui.common.forms import add_row, new_form
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.common.theme import SPACE
from sessiondock_launcher.ui.settings.wording import (
    DEMO_NOTE,
    ENV_NOTE,
    FIRST_RUN_TEXT,
    health_summary,
)

logger = logging.getLogger(__name__)

LABEL_WIDTH = 110


translate = QCoreApplication.translate  # lupdate extracts translate("Context", "text")


WIDTH = 600
SCREEN_MARGIN = 32  # kept free around the window on a short screen
TITLE_BAR = 40  # the window manager's title bar (not part of our height)
HealthCheck = Callable[[str, str, list[str]], Awaitable[Health]]
HotkeyCheck = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class SettingsResult:
    """What the user saved. ``token`` is None when the token field was left unchanged."""

    settings: Settings
    token: str | None


class SettingsDialog(QDialog):
    """Signals: settings_saved(SettingsResult)."""

    settings_saved = Signal(object)

    def __init__(
        self,
        settings: Settings,
        connection: ConnectionConfig,
        check_health: HealthCheck,
        tasks: TaskRunner,
        *,
        check_hotkey: HotkeyCheck = lambda _chord: None,
        keyring_warning: str | None = None,
        first_run: bool = False,
    ) -> None:
        super().__init__()
        self.setWindowTitle(
            QCoreApplication.translate("SettingsDialog", "SessionDock Launcher Settings")
        )
        self.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "SessionDock Launcher Settings")
        )
        self._settings = settings
        self._connection = connection
        self._check_health = check_health
        self._check_hotkey = check_hotkey
        self._tasks = tasks
        self._stored_token = connection.token

        self.setObjectName("settingsDialog")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, SPACE.l)
        outer.setSpacing(SPACE.s)
        # The sections scroll when the screen is short (scale 2 on a laptop); the buttons never.
        self.body = QScrollArea(self)
        self.body.setObjectName("settingsScroll")
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(self.body)
        content.setObjectName("settingsBody")
        self.body.setWidget(content)
        outer.addWidget(self.body, 1)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(SPACE.xl, SPACE.l, SPACE.xl, SPACE.xs)
        layout.setSpacing(SPACE.s)
        self.intro = QLabel(translate("SettingsDialog", FIRST_RUN_TEXT), self)
        self.intro.setObjectName("callout")
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName(QCoreApplication.translate("SettingsDialog", "How to connect"))
        self.intro.setVisible(first_run or not connection.token)
        layout.addWidget(self.intro)

        form = self._section(layout, translate("SettingsDialog", "Connection"))
        self._add_connection_rows(form, connection, keyring_warning)

        self._add_keyboard_rows(layout, settings)
        self._add_preference_rows(layout, settings)

        self._add_bottom(outer)
        self._fit_screen(content)

    def _add_keyboard_rows(self, layout: QVBoxLayout, settings: Settings) -> None:
        """The global hotkey and what it should avoid."""
        form = self._section(layout, translate("SettingsDialog", "Keyboard"))
        self.hotkey = QKeySequenceEdit(sequence_from_stored_text(settings.hotkey), self)
        self.hotkey.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Global hotkey"))
        self.hotkey.setMaximumSequenceLength(1)
        self.hotkey.setClearButtonEnabled(True)
        self.hotkey_note = self._note(
            QCoreApplication.translate(
                "SettingsDialog", "Press the chord. {chord} avoids DAW transport keys."
            ).format(chord=format_chord(DEFAULT_CHORD))
        )
        self._row(form, translate("SettingsDialog", "Hotkey"), self.hotkey)
        self._row(form, "", self.hotkey_note)
        self.hotkey.keySequenceChanged.connect(self._on_hotkey_changed)

    def _add_bottom(self, outer: QVBoxLayout) -> None:
        """The inline error line and the plain text buttons, below the scrolling sections."""
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setAccessibleName(translate("SettingsDialog", "Settings error"))
        self.error.setWordWrap(True)
        self.error.hide()
        bottom = QVBoxLayout()
        bottom.setContentsMargins(SPACE.xl, 0, SPACE.xl, 0)
        bottom.setSpacing(SPACE.s)
        bottom.addWidget(self.error)
        outer.addLayout(bottom)

        # Plain text buttons: the style's standard buttons carry floppy-disk / red-X icons.
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(translate("SettingsDialog", "Save"), self)
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(translate("SettingsDialog", "Cancel"), self)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)

    def _fit_screen(self, content: QWidget) -> None:
        """As tall as the sections need, but never taller than the screen it opens on."""
        wanted = content.sizeHint().height() + self.buttons.sizeHint().height() + 3 * SPACE.l
        area = self.screen().availableGeometry()
        room = area.height() - SCREEN_MARGIN - TITLE_BAR
        self.resize(min(WIDTH, area.width() - SCREEN_MARGIN), min(wanted, room))

    def _section(self, layout: QVBoxLayout, heading: str) -> QFormLayout:
        """A small upper-case heading and the form of its rows."""
        if layout.count() > 1:
            layout.addSpacing(SPACE.m)
        title = QLabel(heading.upper(), self)
        title.setObjectName("sectionHeading")
        title.setAccessibleName(heading)
        layout.addWidget(title)
        form = new_form(label_width=LABEL_WIDTH)
        layout.addLayout(form)
        return form

    def _row(self, form: QFormLayout, label: str, field: QWidget | QLayout) -> None:
        add_row(form, label, field, self)

    def _add_connection_rows(
        self, form: QFormLayout, connection: ConnectionConfig, keyring_warning: str | None
    ) -> None:
        """Address, token (with where each comes from) and "Test connection"."""
        self.base_url = QLineEdit(self._settings.base_url, self)
        self.base_url.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "SessionDock API address")
        )
        self.base_url.setPlaceholderText("http://127.0.0.1:18432/api/v1")
        self._row(form, translate("SettingsDialog", "API address"), self.base_url)
        if connection.base_url_source in ("environment", "demo"):
            self.base_url.setText(connection.base_url)
            self.base_url.setReadOnly(True)
            note = DEMO_NOTE if connection.base_url_source == "demo" else ENV_NOTE
            self._row(
                form,
                "",
                self._note(translate("SettingsDialog", note).format(name="SESSIONDOCK_BASE_URL")),
            )

        token_row = QHBoxLayout()
        self.token = QLineEdit(connection.token or "", self)
        self.token.setAccessibleName(QCoreApplication.translate("SettingsDialog", "API token"))
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(
            QCoreApplication.translate(
                "SettingsDialog", "Paste the token from SessionDock → Settings → Local API"
            )
        )
        self.show_token = QCheckBox(QCoreApplication.translate("SettingsDialog", "Show"), self)
        self.show_token.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Show token")
        )
        self.show_token.toggled.connect(self._on_show_token)
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.show_token)
        self._row(form, translate("SettingsDialog", "Token"), token_row)
        if connection.token_source in ("environment", "demo"):
            self.token.setReadOnly(True)
            if connection.token_source == "environment":
                self._row(
                    form,
                    "",
                    self._note(
                        translate("SettingsDialog", ENV_NOTE).format(name="SESSIONDOCK_TOKEN")
                    ),
                )
        if keyring_warning:
            self._row(form, "", self._note(keyring_warning))

        test_row = QHBoxLayout()
        self.test_button = QPushButton(
            QCoreApplication.translate("SettingsDialog", "Test connection"), self
        )
        self.test_button.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Test connection")
        )
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel(self)
        self.test_result.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Connection test result")
        )
        self.test_result.setWordWrap(True)
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)  # SessionDock's own words
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        self._row(form, "", test_row)

    def _add_preference_rows(self, layout: QVBoxLayout, settings: Settings) -> None:
        """Palette (results shown, placement, appearance) and start-up (launch at login)."""
        form = self._section(layout, translate("SettingsDialog", "Palette"))
        self.result_limit = QSpinBox(self)
        self.result_limit.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Results shown")
        )
        self.result_limit.setRange(5, 200)
        self.result_limit.setValue(settings.result_limit)
        self.result_limit.setMaximumWidth(110)
        self._row(form, translate("SettingsDialog", "Results shown"), self.result_limit)

        self.placement = QComboBox(self)
        self.placement.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Palette placement")
        )
        self.placement.addItem(
            QCoreApplication.translate("SettingsDialog", "On the screen under the mouse"), "cursor"
        )
        self.placement.addItem(
            QCoreApplication.translate("SettingsDialog", "On the primary screen"), "primary"
        )
        self.placement.setCurrentIndex(max(0, self.placement.findData(settings.placement)))
        self._row(form, translate("SettingsDialog", "Opens"), self.placement)

        self.theme = QComboBox(self)
        self.theme.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Appearance"))
        for label, value in (
            (QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system"), "auto"),
            (QT_TRANSLATE_NOOP("SettingsDialog", "Light"), "light"),
            (QT_TRANSLATE_NOOP("SettingsDialog", "Dark"), "dark"),
        ):
            self.theme.addItem(QCoreApplication.translate("SettingsDialog", label), value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self._row(form, translate("SettingsDialog", "Appearance"), self.theme)

        form = self._section(layout, translate("SettingsDialog", "Start-up"))
        self.launch_at_login = QCheckBox(
            translate("SettingsDialog", "Start SessionDock Launcher when I log in"), self
        )
        self.launch_at_login.setAccessibleName(translate("SettingsDialog", "Launch at login"))
        self.launch_at_login.setChecked(settings.launch_at_login)
        self._row(form, "", self.launch_at_login)

    def _note(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("fieldNote")
        label.setWordWrap(True)
        return label

    def _on_show_token(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.token.setEchoMode(mode)

    def hotkey_text(self) -> str:
        return stored_text_from_sequence(self.hotkey.keySequence())

    def _on_hotkey_changed(self) -> None:
        problem = self._check_hotkey(self.hotkey_text()) if self.hotkey_text() else None
        self.hotkey_note.setText(
            problem
            or QCoreApplication.translate(
                "SettingsDialog", "Press the chord. {chord} avoids DAW transport keys."
            ).format(chord=format_chord(DEFAULT_CHORD))
        )

    # -- actions -----------------------------------------------------------------------------
    def test_connection(self) -> None:
        self.test_button.setEnabled(False)
        self.test_result.setText(QCoreApplication.translate("SettingsDialog", "Testing…"))
        self._tasks.spawn(self._test(), "settings-test-connection")

    async def _test(self) -> None:
        try:
            health = await self._check_health(
                self.base_url.text().strip(),
                self.token.text().strip(),
                self._settings.allow_remote_hosts,
            )
        except SessionDockError as exc:
            self.test_result.setText(f"✗ {i18n.tr_message(exc.user_message)}")
        else:
            self.test_result.setText(health_summary(health))
        finally:
            self.test_button.setEnabled(True)

    def save(self) -> None:
        hotkey = self.hotkey_text()
        problem = (
            self._check_hotkey(hotkey)
            if hotkey
            else QCoreApplication.translate(
                "SettingsDialog", "Choose a hotkey (e.g. {chord})."
            ).format(chord=format_chord(DEFAULT_CHORD))
        )
        if problem:
            self._show_error(problem)
            return
        if self.base_url.isReadOnly():  # set by the environment or --demo: not ours to store
            base_url = self._settings.base_url
        else:
            try:
                url = self.base_url.text().strip() or self._settings.base_url
                base_url = normalize_base_url(url)
                check_token_destination(base_url, self._settings.allow_remote_hosts)
            except SessionDockError as exc:
                self._show_error(i18n.tr_message(exc.user_message))
                return
        settings = replace(
            self._settings,
            base_url=base_url,
            hotkey=hotkey,
            launch_at_login=self.launch_at_login.isChecked(),
            result_limit=self.result_limit.value(),
            placement=str(self.placement.currentData()),
            theme=str(self.theme.currentData()),
        )
        token = self.token.text().strip()
        changed = (
            token if not self.token.isReadOnly() and token != (self._stored_token or "") else None
        )
        self.error.hide()
        self.settings_saved.emit(SettingsResult(settings, changed))
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
