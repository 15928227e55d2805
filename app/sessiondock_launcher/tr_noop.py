"""The translation marker for the Qt-free layers (docs/translations.md).

``core/`` and ``api/`` cannot call Qt, yet their sentences reach the screen. They write each one as
``QT_TRANSLATE_NOOP("Messages", "English text with {placeholders}")``: ``pyside6-lupdate`` extracts
it by that name into ``translations/*.ts``, and at run time the call returns the English text
unchanged and remembers it as a *template*. The UI translates at display time
(``ui/common/i18n.py`` ``tr_message``): the English sentence it receives is matched against the
remembered templates, the template is translated and its arguments are put back in.

A leaf module (no imports) so that ``api/`` and ``core/`` can both use it without a cycle.
"""

from __future__ import annotations

CONTEXT = "Messages"
"""The one translation context of every sentence marked here."""

TEMPLATES: dict[str, None] = {}
"""Every marked text, in first-use order (a dict as an ordered set)."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # lupdate knows it by this exact name
    """Mark ``text`` for translation in ``context``; return it as is.

    Texts of :data:`CONTEXT` are remembered as templates for display-time translation; the UI
    uses other contexts for module-level texts it translates itself (typed ``str``, unlike
    PySide6's own ``QT_TRANSLATE_NOOP``).
    """
    if context == CONTEXT:
        TEMPLATES.setdefault(text)
    return text
