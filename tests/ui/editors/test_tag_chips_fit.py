"""Every tag chip of the tag editor is visible, also when the last one wraps to a new line."""

from __future__ import annotations

import dataclasses
from typing import Any

from sessiondock_launcher.simulator.library import generate_library
from sessiondock_launcher.simulator.runner import SimulatorThread
from sessiondock_launcher.simulator.state import SimulatorConfig, SimulatorState


def test_a_wrapped_last_tag_is_shown_above_the_field_not_under_it(
    qtbot: Any, make_launcher: Any
) -> None:
    """A tester's "Drive Rain" had four tags; "deadline friday" wrapped to a second line that
    was clipped under the field, and Backspace in the empty field removed it unseen."""
    state = SimulatorState(SimulatorConfig(token="t"), generate_library(30, seed=3))
    sim = SimulatorThread(state).start()
    try:
        launcher = make_launcher(sim)
        palette = launcher.palette
        palette.show_palette()
        qtbot.waitExposed(palette)
        tags = ("needs vocals", "lo-fi", "techno", "deadline friday")
        session = dataclasses.replace(launcher.index.recent(1)[0], title="Drive Rain", tags=tags)
        launcher.preview.edit_tags(session)
        editor = launcher.preview.editor
        qtbot.waitUntil(editor.isVisible)
        chips, field = editor.input.chips, editor.input.field
        rects = chips.chip_rects()
        assert rects[-1].top() > rects[0].top()  # the last chip does wrap at this width
        qtbot.waitUntil(lambda: chips.height() >= rects[-1].bottom())  # inside the view ...
        assert field.geometry().top() >= chips.geometry().bottom()  # ... and above the field
    finally:
        sim.stop()
