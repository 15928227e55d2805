"""The palette's geometry rule (core/placement.py): on screen at any scale, pane or not.

Areas are in logical pixels, as Qt reports them: a 1600x1000 screen with a 28 px panel on top is
1600x972 at scale 1 and 800x486 at ``QT_SCALE_FACTOR=2``.
"""

from __future__ import annotations

import pytest

from sessiondock_launcher.core.placement import (
    MARGIN,
    PALETTE_SIZE,
    Rect,
    palette_geometry,
    pick_screen,
)

PANE = 340 + 10  # the pane's fixed width and the body spacing
SCALE_1 = Rect(0, 28, 1600, 972)
SCALE_2 = Rect(0, 14, 800, 486)


def inside_with_margin(area: Rect, rect: Rect) -> bool:
    return Rect(
        area.x + MARGIN, area.y + MARGIN, area.w - 2 * MARGIN, area.h - 2 * MARGIN
    ).contains(rect)


@pytest.mark.parametrize("area", [SCALE_1, SCALE_2], ids=["scale1", "scale2"])
@pytest.mark.parametrize("pane", [0, PANE], ids=["no-pane", "pane"])
def test_the_palette_fits_the_available_area(area: Rect, pane: int) -> None:
    rect = palette_geometry(area, pane_width=pane)
    assert inside_with_margin(area, rect)
    assert rect.centre_x == pytest.approx(area.centre_x, abs=1)


def test_at_scale_1_the_palette_keeps_its_size_and_the_pane_adds_its_width() -> None:
    without = palette_geometry(SCALE_1)
    with_pane = palette_geometry(SCALE_1, pane_width=PANE)
    assert (without.w, without.h) == PALETTE_SIZE
    assert (with_pane.w, with_pane.h) == (PALETTE_SIZE[0] + PANE, PALETTE_SIZE[1])
    assert without.y == SCALE_1.y + SCALE_1.h // 4  # a quarter of the way down


def test_at_scale_2_the_reported_bug_is_gone() -> None:
    """Reported: 720x460 (logical) at y=125 on an 800x500 screen: the footer was off screen."""
    rect = palette_geometry(SCALE_2)
    assert rect.bottom <= SCALE_2.bottom - MARGIN
    assert rect.h >= 400  # shrunk to fit, not collapsed
    with_pane = palette_geometry(SCALE_2, pane_width=PANE)
    assert with_pane.right <= SCALE_2.right - MARGIN  # was 1070 wide
    assert with_pane.w - PANE >= 320  # the results keep a usable width next to the pane


def test_toggling_the_pane_keeps_the_placed_centre() -> None:
    placed = palette_geometry(SCALE_1)
    grown = palette_geometry(SCALE_1, pane_width=PANE, centre_x=placed.centre_x, top=placed.y)
    assert grown.centre_x == pytest.approx(placed.centre_x, abs=1)
    assert grown.y == placed.y
    shrunk = palette_geometry(SCALE_1, centre_x=grown.centre_x, top=grown.y)
    assert shrunk == placed


def test_a_centre_near_the_edge_shifts_only_as_far_as_needed() -> None:
    rect = palette_geometry(SCALE_1, pane_width=PANE, centre_x=SCALE_1.right - 100)
    assert rect.right == SCALE_1.right - MARGIN


def test_a_second_screen_with_an_offset_is_respected() -> None:
    area = Rect(1600, 0, 1280, 800)
    rect = palette_geometry(area, pane_width=PANE)
    assert inside_with_margin(area, rect)


def test_pick_screen_follows_the_setting() -> None:
    screens = [Rect(0, 0, 1600, 1000), Rect(1600, 0, 1280, 800)]
    on_second = (2000, 300)
    assert pick_screen(screens, 0, on_second, "cursor") == 1
    assert pick_screen(screens, 0, on_second, "primary") == 0
    assert pick_screen(screens, 1, (10, 10), "primary") == 1
    assert pick_screen(screens, 0, (-50, -50), "cursor") == 0  # off every screen: primary
    assert pick_screen(screens, 0, None, "cursor") == 0
