"""The one look of every window: colours (light/dark), spacing, radius and type, and the
application-wide palette and style sheet built from them.

:func:`apply_app_theme` puts a :class:`Theme` on the whole application: a ``QPalette`` derived
from its colours (so native-drawn parts follow light/dark too) and one style sheet for every
window the app opens — Settings, message boxes, Qt's own file dialog where the platform has no
native one, menus, tooltips and completer popups. The palette window and the preview pane add
their own sheets on top (``scoped_controls`` gives them the same inputs and buttons). Calling it
again (the theme setting or the system scheme changed) restyles every open window at once.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from sessiondock_launcher.resources import resources_dir

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Theme:
    dark: bool
    window: QColor
    border: QColor
    field: QColor
    text: QColor
    subtext: QColor
    selection: QColor
    match: QColor
    match_tint: QColor  # behind matched runs of a title: a calm marker, not a link
    error: QColor
    warning: QColor
    info: QColor
    chip_text: QColor

    @property
    def accent_text(self) -> QColor:
        """Text on the accent colour (default buttons)."""
        return QColor("#ffffff") if not self.dark else QColor("#10141c")

    def chip_color(self, tag: str) -> QColor:
        """A stable colour per tag, tuned for legibility on this theme."""
        hue = zlib.crc32(tag.casefold().encode()) % 360
        return QColor.fromHsl(hue, 150, 70 if self.dark else 215)

    def kind_color(self, kind: str) -> QColor:
        hue = zlib.crc32(kind.casefold().encode()) % 360
        return QColor.fromHsl(hue, 120, 95 if self.dark else 150)


LIGHT = Theme(
    dark=False,
    window=QColor("#fbfbfc"),
    border=QColor("#d5d7dd"),
    field=QColor("#ffffff"),
    text=QColor("#1d1f24"),
    subtext=QColor("#6b7079"),
    selection=QColor("#dce6fb"),
    match=QColor("#1f5fd6"),
    match_tint=QColor(240, 176, 40, 64),
    error=QColor("#b3261e"),
    warning=QColor("#8a5a00"),
    info=QColor("#2f5d8a"),
    chip_text=QColor("#1d1f24"),
)

DARK = Theme(
    dark=True,
    window=QColor("#1f2024"),
    border=QColor("#3a3c43"),
    field=QColor("#2a2c31"),
    text=QColor("#eceef2"),
    subtext=QColor("#9a9fa8"),
    selection=QColor("#34476b"),
    match=QColor("#8ab4ff"),
    match_tint=QColor(255, 255, 255, 34),
    error=QColor("#ff8a80"),
    warning=QColor("#ffcc66"),
    info=QColor("#9cc3ee"),
    chip_text=QColor("#f2f3f5"),
)


def system_theme(preference: str = "auto") -> Theme:
    """``preference`` is the user's setting: "light", "dark" or "auto" (follow the system)."""
    if preference in ("light", "dark"):
        return DARK if preference == "dark" else LIGHT
    hints = QGuiApplication.styleHints()
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT


@dataclass(frozen=True, slots=True)
class Spacing:
    """The spacing scale (logical pixels): every margin and gap is one of these."""

    xs: int = 4
    s: int = 8
    m: int = 12
    l: int = 16  # noqa: E741  (the scale's name, read as SPACE.l)
    xl: int = 24


@dataclass(frozen=True, slots=True)
class Typography:
    """Font sizes (px) from small print to the preview's title."""

    caption: int = 10  # section headings (upper case), key hints
    small: int = 11  # notes under fields, status lines
    body: int = 13  # forms, buttons, lists
    heading: int = 15  # editor and dialog headings
    title: int = 17  # the preview's title, the search field


SPACE = Spacing()
TYPE = Typography()
RADIUS = 8
"""Corner radius of windows, panels and popups."""
RADIUS_SMALL = 6
"""Corner radius of inputs, buttons and tooltips."""


def _hex(color: QColor) -> str:
    return color.name(QColor.NameFormat.HexArgb) if color.alpha() < 255 else color.name()


def qpalette(theme: Theme) -> QPalette:
    """A ``QPalette`` of the theme's colours, for everything the style draws natively."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    pal = QPalette()
    colours = {
        role.Window: theme.window,
        role.WindowText: theme.text,
        role.Base: theme.field,
        role.AlternateBase: theme.window,
        role.Text: theme.text,
        role.Button: theme.field,
        role.ButtonText: theme.text,
        role.BrightText: theme.error,
        role.Highlight: theme.match,
        role.HighlightedText: theme.accent_text,
        role.ToolTipBase: theme.field,
        role.ToolTipText: theme.text,
        role.PlaceholderText: theme.subtext,
        role.Link: theme.match,
        role.LinkVisited: theme.match,
        role.Light: theme.field.lighter(110),
        role.Midlight: theme.border.lighter(105),
        role.Mid: theme.border,
        role.Dark: theme.border.darker(130),
        role.Shadow: QColor(0, 0, 0, 90),
    }
    for r, colour in colours.items():
        pal.setColor(r, colour)
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, theme.subtext)
    return pal


@cache
def _chevron(direction: str) -> str:
    """The path of a chevron image for combo and spin box arrows ("" when not bundled)."""
    try:
        path = resources_dir() / "icons" / f"chevron-{direction}.svg"
    except FileNotFoundError as exc:
        logger.warning("No arrow images: %s", exc)
        return ""
    return path.as_posix() if path.is_file() else ""


def _arrows(scope: str) -> str:
    """Arrows of combo and spin boxes: a styled box no longer gets the style's own."""
    down, up = _chevron("down"), _chevron("up")
    if not (down and up):
        return ""
    return (
        f'{scope} QComboBox::down-arrow, {scope} QSpinBox::down-arrow {{ image: url("{down}");'
        " width: 12px; height: 12px; }"
        f'{scope} QSpinBox::up-arrow {{ image: url("{up}"); width: 12px; height: 12px; }}'
        f"{scope} QComboBox::down-arrow:disabled, {scope} QSpinBox::up-arrow:disabled,"
        f" {scope} QSpinBox::down-arrow:disabled {{ width: 0; }}"
    )


def scoped_controls(theme: Theme, scope: str) -> str:
    """Style rules for inputs, combo boxes, spin boxes, check boxes and buttons under ``scope``.

    ``scope`` is a selector ("QDialog", "#previewPane"): the rules apply to its descendants only,
    so the palette's own hand-drawn parts (search field, results) are left alone.
    """
    t = {k: _hex(getattr(theme, k)) for k in ("window", "border", "field", "text", "subtext")}
    t.update(accent=_hex(theme.match), on_accent=_hex(theme.accent_text))
    t.update(sel=_hex(theme.selection), hover=_hex(theme.selection))
    inputs = ", ".join(
        f"{scope} {w}" for w in ("QLineEdit", "QPlainTextEdit", "QComboBox", "QSpinBox")
    )
    focus = ", ".join(
        f"{scope} {w}:focus" for w in ("QLineEdit", "QPlainTextEdit", "QComboBox", "QSpinBox")
    )
    return (
        f"{inputs} {{ background: {t['field']}; color: {t['text']};"
        f" border: 1px solid {t['border']}; border-radius: {RADIUS_SMALL}px;"
        f" padding: 4px 8px; min-height: 20px; font-size: {TYPE.body}px;"
        f" selection-background-color: {t['sel']}; selection-color: {t['text']}; }}"
        f"{focus} {{ border-color: {t['accent']}; }}"
        # Inside an editable combo or a key-sequence edit the line edit is part of its parent.
        f"{scope} QComboBox QLineEdit, {scope} QSpinBox QLineEdit {{ border: none; padding: 0;"
        " background: transparent; min-height: 0; }"
        f"{scope} QComboBox::drop-down {{ border: none; width: 22px; }}"
        f"{scope} QSpinBox::up-button, {scope} QSpinBox::down-button {{ border: none;"
        " width: 18px; background: transparent; }"
        + _arrows(scope)
        + f"{scope} QComboBox QAbstractItemView {{ background: {t['field']}; color: {t['text']};"
        f" border: 1px solid {t['border']}; border-radius: {RADIUS_SMALL}px; padding: 4px;"
        f" outline: 0; selection-background-color: {t['sel']}; selection-color: {t['text']}; }}"
        f"{scope} QPushButton {{ background: {t['field']}; color: {t['text']};"
        f" border: 1px solid {t['border']}; border-radius: {RADIUS_SMALL}px;"
        f" padding: 6px 16px; font-size: {TYPE.body}px; }}"
        f"{scope} QPushButton:hover {{ background: {t['hover']}; }}"
        f"{scope} QPushButton:focus {{ border-color: {t['accent']}; }}"
        f"{scope} QPushButton:default {{ background: {t['accent']}; color: {t['on_accent']};"
        f" border-color: {t['accent']}; }}"
        f"{scope} QPushButton:disabled {{ color: {t['subtext']}; background: {t['window']}; }}"
        f"{scope} QCheckBox {{ color: {t['text']}; spacing: 8px; font-size: {TYPE.body}px; }}"
        f"{scope} QLabel#formLabel {{ color: {t['subtext']}; }}"
    )


def app_style_sheet(theme: Theme) -> str:
    """The application's style sheet: dialogs, message boxes, menus, tooltips, popups."""
    t = {k: _hex(getattr(theme, k)) for k in ("window", "border", "field", "text", "subtext")}
    t.update(sel=_hex(theme.selection), error=_hex(theme.error), warning=_hex(theme.warning))
    popup = (
        f"background: {t['field']}; color: {t['text']}; border: 1px solid {t['border']};"
        f" font-size: {TYPE.body}px; outline: 0;"
        f" selection-background-color: {t['sel']}; selection-color: {t['text']};"
    )
    thin_bar = (
        "QScrollBar:vertical { background: transparent; width: 8px; margin: 2px; }"
        f"QScrollBar::handle:vertical {{ background: {t['border']}; border-radius: 3px;"
        " min-height: 20px; }"
        "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
        "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"
    )
    return (
        f"QToolTip {{ background: {t['field']}; color: {t['text']};"
        f" border: 1px solid {t['border']}; border-radius: {RADIUS_SMALL}px;"
        f" padding: 4px 8px; font-size: {TYPE.small + 1}px; }}"
        f"QDialog {{ background: {t['window']}; color: {t['text']}; font-size: {TYPE.body}px; }}"
        + scoped_controls(theme, "QDialog")
        + f"QDialog QLabel {{ color: {t['text']}; background: transparent; }}"
        f"QDialog QLabel#sectionHeading {{ color: {t['subtext']}; font-size: {TYPE.caption}px;"
        " font-weight: 700; letter-spacing: 1px; }"
        f"QDialog QLabel#fieldNote {{ color: {t['subtext']}; font-size: {TYPE.small}px; }}"
        f"QDialog QLabel#dialogError {{ color: {t['error']}; }}"
        f"QDialog QLabel#callout {{ background: {t['sel']}; border-radius: {RADIUS}px;"
        f" padding: {SPACE.m}px; }}"
        "QDialog QScrollArea#settingsScroll, QDialog QWidget#settingsBody"
        " { background: transparent; border: none; }"
        + thin_bar.replace("QScrollBar", "QDialog QScrollBar")
        + f"QDialog QFrame#rule {{ background: {t['border']}; max-height: 1px; border: none; }}"
        f"QAbstractItemView#suggestions {{ {popup} }}"
        "QAbstractItemView#suggestions::item { padding: 4px 8px; }"
        + thin_bar.replace("QScrollBar", "QAbstractItemView#suggestions QScrollBar")
        + f"QMenu {{ {popup} padding: 4px; }}"
        "QMenu::item { padding: 5px 24px 5px 12px; border-radius: 4px; }"
        f"QMenu::item:selected {{ background: {t['sel']}; }}"
        f"QMenu::item:disabled {{ color: {t['subtext']}; }}"
        f"QMenu::separator {{ height: 1px; background: {t['border']}; margin: 4px 6px; }}"
    )


def apply_app_theme(theme: Theme, app: QApplication | None = None) -> None:
    """Put ``theme`` on every window of the application, open ones included."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return
    app.setPalette(qpalette(theme))
    app.setStyleSheet(app_style_sheet(theme))
