"""What the preview pane does for its keymap intents (the keys themselves: ``core/keymap.py``)."""

from __future__ import annotations

from collections.abc import Callable

from sessiondock_launcher.api import Session
from sessiondock_launcher.core.keymap import Binding, Intent
from sessiondock_launcher.ui.preview.pane import PreviewPane


def pane_key_handlers(
    pane: PreviewPane, current: Callable[[], Session | None]
) -> dict[Intent, Callable[[Binding], None]]:
    """Show/hide, edit tags of the ``current`` row, play/pause, seek and pick a preview lane."""

    def edit_tags(_b: Binding) -> None:
        session = current()
        if session is not None:
            pane.edit_tags(session)

    return {
        Intent.TOGGLE_PREVIEW: lambda _b: pane.toggle_visible(),
        Intent.EDIT_TAGS: edit_tags,
        Intent.PLAY_PAUSE: lambda _b: pane.toggle_playback(),
        Intent.SEEK_BACK: lambda _b: pane.seek_step(-1),
        Intent.SEEK_FORWARD: lambda _b: pane.seek_step(1),
        Intent.PICK_LANE: lambda b: pane.pick_lane_at(int(b.key)),
    }
