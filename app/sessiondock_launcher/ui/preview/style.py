"""The preview pane's style sheet, editors included, in the colours of a theme."""

from __future__ import annotations

from sessiondock_launcher.ui.common.theme import Theme


def preview_style_sheet(theme: Theme) -> str:
    """The style sheet of :class:`~sessiondock_launcher.ui.preview.pane.PreviewPane`."""
    t = {
        k: getattr(theme, k).name()
        for k in ("window", "border", "field", "text", "subtext", "match", "warning", "error")
    }
    return (
        f"#previewPane {{ background: {t['field']}; border: 1px solid {t['border']};"
        " border-radius: 10px; }"
        "#previewContent, QScrollArea, QStackedWidget { background: transparent; }"
        f"QLabel {{ color: {t['text']}; }}"
        f"#previewTitle {{ font-size: 17px; font-weight: 600; }}"
        f"#previewMeta, #editorHint {{ color: {t['subtext']}; font-size: 12px; }}"
        f"#previewSection {{ color: {t['subtext']}; font-size: 10px; font-weight: 700;"
        " }"
        "#previewBody { font-size: 12px; }"
        f"#previewKeys {{ color: {t['subtext']}; font-size: 10px; }}"
        f"#audioNote, #editorNote {{ color: {t['warning']}; font-size: 11px; }}"
        "#editorHeading { font-size: 15px; font-weight: 600; }"
        f"#editorError {{ color: {t['error']}; }}"
        f"QLineEdit, QPlainTextEdit, QComboBox {{ background: {t['window']};"
        f" color: {t['text']}; border: 1px solid {t['border']}; border-radius: 6px;"
        " padding: 4px 6px; }"
        f"QLineEdit:focus, QPlainTextEdit:focus {{ border-color: {t['match']}; }}"
        f"QPushButton {{ background: {t['window']}; color: {t['text']};"
        f" border: 1px solid {t['border']}; border-radius: 6px; padding: 5px 14px; }}"
        f"QPushButton:default {{ background: {t['match']}; color: {t['window']};"
        f" border-color: {t['match']}; }}"
        f"QPushButton:disabled {{ color: {t['subtext']}; background: {t['field']}; }}"
    )
