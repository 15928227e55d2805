"""The palette's one keymap: (key, modifiers, context) → intent, and the hints drawn from it.

Key handling (``ui/palette/keys.py``), the hint row under the results and the shortcut column of
the Ctrl+K menu are all generated from :data:`KEYMAP`, so a key cannot do one thing and be shown
as another. Keys and modifiers are plain names here (no Qt): ``"Ctrl"`` is the primary modifier,
which Qt reports for ⌘ on macOS, so one table serves every platform and :func:`shortcut_text`
draws it with the platform's glyphs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP


class Intent(Enum):
    FOCUS = "focus"
    OPEN = "open"
    ACTIONS = "actions"
    CLEAR_OR_HIDE = "clear-or-hide"
    NEXT = "next"
    PREVIOUS = "previous"
    PAGE_DOWN = "page-down"
    PAGE_UP = "page-up"
    FIRST = "first"
    LAST = "last"
    PICK = "pick"  # Alt+1…9: the n-th row
    TOGGLE_PREVIEW = "toggle-preview"
    EDIT_TAGS = "edit-tags"
    PLAY_PAUSE = "play-pause"
    SEEK_BACK = "seek-back"
    SEEK_FORWARD = "seek-forward"
    HISTORY_OLDER = "history-older"  # ↑ in an empty field: the previous query
    HISTORY_NEWER = "history-newer"
    TOGGLE_PIN = "toggle-pin"
    PICK_LANE = "pick-lane"  # Ctrl+1…9: audition the n-th preview lane of the shown session


class Context(Enum):
    """When an entry applies."""

    ALWAYS = "always"
    # The preview pane is shown and the user moved through the results (or the field is empty):
    # Space and ←/→ audition instead of editing the text.
    AUDITION = "audition"
    # There is a query history and the field is empty, or shows a query recalled by ↑ (untouched
    # since): ↑ steps back through the history instead of moving through the results.
    HISTORY = "history"
    # The field shows a query recalled by ↑: ↓ steps forward again (to the empty field).
    HISTORY_WALK = "history-walk"


NAVIGATION = frozenset(
    {
        Intent.NEXT,
        Intent.PREVIOUS,
        Intent.PAGE_DOWN,
        Intent.PAGE_UP,
        Intent.FIRST,
        Intent.LAST,
        Intent.PICK,
    }
)
"""Intents that move through the results (after them, Space and ←/→ go to the pane)."""


@dataclass(frozen=True, slots=True)
class Binding:
    """One row of the keymap. ``hint`` is the label in the hint row ("" = not shown there)."""

    key: str
    modifiers: frozenset[str]
    intent: Intent
    context: Context = Context.ALWAYS
    hint: str = ""


def _b(
    key: str, mods: str, intent: Intent, context: Context = Context.ALWAYS, hint: str = ""
) -> Binding:
    return Binding(key, frozenset(m for m in mods.split("+") if m), intent, context, hint)


KEYMAP: tuple[Binding, ...] = (
    # History rows first: in their context they win over ↑/↓ moving through the results.
    _b("Up", "", Intent.HISTORY_OLDER, Context.HISTORY),
    _b("Down", "", Intent.HISTORY_NEWER, Context.HISTORY_WALK),
    _b("Return", "", Intent.FOCUS, hint=QT_TRANSLATE_NOOP("Messages", "Focus")),
    _b("Return", "Ctrl", Intent.OPEN, hint=QT_TRANSLATE_NOOP("Messages", "Open")),
    _b("K", "Ctrl", Intent.ACTIONS, hint=QT_TRANSLATE_NOOP("Messages", "Actions")),
    _b("I", "Ctrl", Intent.TOGGLE_PREVIEW, hint=QT_TRANSLATE_NOOP("Messages", "Preview")),
    _b("Escape", "", Intent.CLEAR_OR_HIDE, hint=QT_TRANSLATE_NOOP("Messages", "Close")),
    _b("T", "Ctrl", Intent.EDIT_TAGS),
    _b("P", "Ctrl+Shift", Intent.TOGGLE_PIN),
    _b("Down", "", Intent.NEXT),
    _b("Up", "", Intent.PREVIOUS),
    _b("N", "Ctrl", Intent.NEXT),
    _b("P", "Ctrl", Intent.PREVIOUS),
    _b("PageDown", "", Intent.PAGE_DOWN),
    _b("PageUp", "", Intent.PAGE_UP),
    # Home/End edit the text (cursor to the field's ends), as in Raycast, Alfred and Spotlight;
    # the list's ends are Ctrl+Home/Ctrl+End (PgUp/PgDn page through it).
    _b("Home", "Ctrl", Intent.FIRST),
    _b("End", "Ctrl", Intent.LAST),
    *(_b(str(n), "Alt", Intent.PICK) for n in range(1, 10)),
    *(_b(str(n), "Ctrl", Intent.PICK_LANE) for n in range(1, 10)),
    _b("Space", "", Intent.PLAY_PAUSE, Context.AUDITION),
    _b("Left", "", Intent.SEEK_BACK, Context.AUDITION),
    _b("Right", "", Intent.SEEK_FORWARD, Context.AUDITION),
)

_BY_KEY: dict[tuple[str, frozenset[str]], tuple[Binding, ...]] = {}
for _binding in KEYMAP:
    _key = (_binding.key, _binding.modifiers)
    _BY_KEY[_key] = (*_BY_KEY.get(_key, ()), _binding)


def lookup(
    key: str,
    modifiers: frozenset[str],
    *,
    audition: bool,
    history: bool = False,
    walking: bool = False,
) -> Binding | None:
    """The binding for a key press in the current context, or None (the key goes to the text).

    A key with several rows takes the first whose context holds now (``audition``:
    ``Context.AUDITION``; ``history``: ``Context.HISTORY``; ``walking``: ``Context.HISTORY_WALK``).
    """
    holds = {
        Context.ALWAYS: True,
        Context.AUDITION: audition,
        Context.HISTORY: history,
        Context.HISTORY_WALK: walking,
    }
    return next((b for b in _BY_KEY.get((key, modifiers), ()) if holds[b.context]), None)


def binding_for(intent: Intent) -> Binding:
    """The first (primary) binding of ``intent``."""
    return next(b for b in KEYMAP if b.intent is intent)


# -- drawing keys ------------------------------------------------------------------------------
_MODIFIER_NAMES = {
    "Ctrl": QT_TRANSLATE_NOOP("Messages", "Ctrl"),
    "Alt": QT_TRANSLATE_NOOP("Messages", "Alt"),
    "Meta": QT_TRANSLATE_NOOP("Messages", "Meta"),
    "Shift": QT_TRANSLATE_NOOP("Messages", "Shift"),
}
_MAC_MODIFIERS = {"Ctrl": "⌘", "Alt": "⌥", "Meta": "⌃", "Shift": "⇧"}
_MODIFIER_ORDER = ("Meta", "Alt", "Shift", "Ctrl")  # macOS order: ⌃⌥⇧⌘
_KEY_GLYPHS = {
    "Return": "↵",
    "Escape": QT_TRANSLATE_NOOP("Messages", "Esc"),
    "Up": "↑",
    "Down": "↓",
    "Left": "←",
    "Right": "→",
    "PageUp": QT_TRANSLATE_NOOP("Messages", "PgUp"),
    "PageDown": QT_TRANSLATE_NOOP("Messages", "PgDn"),
    "Space": QT_TRANSLATE_NOOP("Messages", "Space"),
}


def _same(text: str) -> str:
    return text


def shortcut_keys(
    binding: Binding, platform: str, tr: Callable[[str], str] = _same
) -> tuple[str, ...]:
    """``binding``'s keys one by one, as keycaps show them: ``("⌘", "↵")``, ``("Ctrl", "↵")``.

    ``tr`` translates the key names (the UI passes ``i18n.tr_message``: ``Strg`` in German).
    """
    key = tr(_KEY_GLYPHS.get(binding.key, binding.key))
    mods = [m for m in _MODIFIER_ORDER if m in binding.modifiers]
    if platform == "darwin":
        return (*(_MAC_MODIFIERS[m] for m in mods), key)
    return (*(tr(_MODIFIER_NAMES[m]) for m in reversed(mods)), key)


def shortcut_text(binding: Binding, platform: str, tr: Callable[[str], str] = _same) -> str:
    """``binding`` as users of ``platform`` (a ``sys.platform`` value) read it.

    macOS: glyphs without separators (``⌘↵``, ``⌥1``); elsewhere: ``Ctrl+↵``, ``Alt+1``.
    ``tr`` translates the key names (the UI passes ``i18n.tr_message``: ``Strg+↵`` in German).
    """
    return ("" if platform == "darwin" else "+").join(shortcut_keys(binding, platform, tr))


def hint_row(platform: str, tr: Callable[[str], str] = _same) -> str:
    """The hint row under the results: every binding with a hint, in keymap order."""
    return "   ".join(f"{shortcut_text(b, platform, tr)} {tr(b.hint)}" for b in KEYMAP if b.hint)


PANE_HINTS: tuple[tuple[tuple[Intent, ...], str], ...] = (
    ((Intent.PLAY_PAUSE,), QT_TRANSLATE_NOOP("Messages", "play")),
    ((Intent.SEEK_BACK, Intent.SEEK_FORWARD), QT_TRANSLATE_NOOP("Messages", "seek")),
    ((Intent.EDIT_TAGS,), QT_TRANSLATE_NOOP("Messages", "tags")),
    ((Intent.TOGGLE_PREVIEW,), QT_TRANSLATE_NOOP("Messages", "hide")),
)


def pane_hint_row(platform: str, tr: Callable[[str], str] = _same) -> str:
    """The preview pane's key line, e.g. ``Space play · ←/→ seek · Ctrl+T tags · Ctrl+I hide``."""
    return " · ".join(
        "/".join(shortcut_text(binding_for(i), platform, tr) for i in intents) + f" {tr(label)}"
        for intents, label in PANE_HINTS
    )
