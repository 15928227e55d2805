"""The preview pane's style sheet, editors included, in the colours and scale of a theme."""

from __future__ import annotations

from sessiondock_launcher.ui.common.theme import RADIUS, RADIUS_SMALL, TYPE, Theme, scoped_controls


def preview_style_sheet(theme: Theme) -> str:
    """The style sheet of :class:`~sessiondock_launcher.ui.preview.pane.PreviewPane`.

    Inputs and buttons are the app's own (:func:`~sessiondock_launcher.ui.common.theme.
    scoped_controls`), so the editors here look like Settings.
    """
    t = {
        k: getattr(theme, k).name()
        for k in ("window", "border", "field", "text", "subtext", "match", "warning", "error")
    }
    t["sel"] = theme.selection.name()
    return (
        f"#previewPane {{ background: {t['field']}; border: 1px solid {t['border']};"
        f" border-radius: {RADIUS + 2}px; }}"
        "#previewPage, #previewHeader, #previewContent, QScrollArea, QStackedWidget"
        " { background: transparent; }"
        f"#previewDetails {{ border-top: 1px solid {t['border']}; }}"
        f"QLabel {{ color: {t['text']}; }}"
        f"#previewTitle {{ font-size: {TYPE.title}px; font-weight: 600; }}"
        f"#previewMeta, #editorHint {{ color: {t['subtext']}; font-size: {TYPE.small + 1}px; }}"
        f"#previewLane {{ color: {t['match']}; font-size: {TYPE.small + 1}px;"
        " font-weight: 600; }"
        f"#previewSection {{ color: {t['subtext']}; font-size: {TYPE.caption}px;"
        " font-weight: 700; letter-spacing: 1px; }"
        f"#previewBody {{ font-size: {TYPE.small + 1}px; }}"
        f"#laneKeys {{ color: {t['subtext']}; font-size: {TYPE.caption}px; }}"
        f"#previewKeys {{ color: {t['subtext']}; font-size: {TYPE.caption}px;"
        f" border-top: 1px solid {t['border']}; padding: 5px 12px 6px 12px; }}"
        f"#audioNote, #editorNote {{ color: {t['warning']}; font-size: {TYPE.small}px; }}"
        f"#editorHeading {{ font-size: {TYPE.heading}px; font-weight: 600; }}"
        f"#editorError {{ color: {t['error']}; }}"
        + scoped_controls(theme, "#previewPane")
        + f"#previewPane QPushButton#laneButton {{ text-align: left; border: none;"
        f" background: transparent; padding: 4px 8px; border-radius: {RADIUS_SMALL}px;"
        f" font-size: {TYPE.small + 1}px; }}"
        f"#previewPane QPushButton#laneButton:hover {{ background: {t['window']}; }}"
        f"#previewPane QPushButton#laneButton:checked {{ background: {t['sel']};"
        " font-weight: 600; }"
        "QScrollBar:vertical { background: transparent; width: 8px; margin: 2px 0; }"
        f"QScrollBar::handle:vertical {{ background: {t['border']}; border-radius: 4px;"
        " min-height: 24px; }"
        "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
        "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"
    )
