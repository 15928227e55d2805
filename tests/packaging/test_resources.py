"""resources/: the generated icon set is current, well-formed, and the .desktop file is right."""

from __future__ import annotations

import configparser
import importlib.util
import json
import struct
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
GENERATED = RESOURCES / "generated"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def load_build_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_icons", RESOURCES / "build_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_icons = load_build_icons()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_generated_icons_are_up_to_date_with_the_svg_and_the_script() -> None:
    reasons = build_icons.stale_reasons()
    assert reasons == [], "run .venv/bin/python resources/build_icons.py: " + "; ".join(reasons)


def test_check_mode_reports_a_changed_source(tmp_path: Path) -> None:
    source = tmp_path / "icon.svg"
    source.write_bytes(build_icons.SOURCE.read_bytes().replace(b"#5b6cff", b"#000000"))
    reasons = build_icons.stale_reasons(GENERATED, source)
    assert any("changed since" in r for r in reasons)


def test_committed_pngs_match_a_fresh_render(qapp: Any) -> None:
    """Pixel-compare a few outputs with today's renderer (small tolerance: Qt versions differ)."""
    from PySide6.QtGui import QImage

    source = build_icons.SOURCE.read_bytes()
    renderer = build_icons.Renderer()
    fresh = build_icons.plan(source, renderer)
    for path in (
        "hicolor/32x32/apps/sessiondock-launcher.png",
        "hicolor/256x256/apps/sessiondock-launcher.png",
        "tray/tray-light-22.png",
        "macos/sessiondock-launcherTemplate@2x.png",
    ):
        committed = QImage(str(GENERATED / path))
        rendered = QImage.fromData(fresh[path])
        assert committed.size() == rendered.size(), path
        worst = 0
        for y in range(committed.height()):
            for x in range(committed.width()):
                a, b = committed.pixelColor(x, y), rendered.pixelColor(x, y)
                worst = max(
                    worst,
                    abs(a.red() - b.red()),
                    abs(a.green() - b.green()),
                    abs(a.blue() - b.blue()),
                    abs(a.alpha() - b.alpha()),
                )
        assert worst <= 8, f"{path} differs from a fresh render by {worst}/255"


def test_manifest_lists_every_generated_file() -> None:
    meta = json.loads((GENERATED / "MANIFEST.json").read_text(encoding="utf-8"))
    on_disk = {
        p.relative_to(GENERATED).as_posix()
        for p in GENERATED.rglob("*")
        if p.is_file() and p.name != "MANIFEST.json"
    }
    assert set(meta["files"]) == on_disk


def test_hicolor_pngs_have_their_nominal_size() -> None:
    for size in build_icons.HICOLOR_SIZES:
        data = (GENERATED / f"hicolor/{size}x{size}/apps/sessiondock-launcher.png").read_bytes()
        assert png_size(data) == (size, size)


def test_ico_holds_16_to_256_px_png_entries() -> None:
    data = (GENERATED / "windows" / "sessiondock-launcher.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        size = width or 256
        assert (width, planes, bits) == (height, 1, 32)
        assert png_size(data[offset : offset + length]) == (size, size)
        sizes.append(size)
    assert min(sizes) == 16 and max(sizes) == 256
    assert {16, 24, 32, 48, 256} <= set(sizes)


def test_icns_is_well_formed_up_to_1024_px() -> None:
    data = (GENERATED / "macos" / "sessiondock-launcher.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    offset, found = 8, {}
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        found[kind] = png_size(data[offset + 8 : offset + length])[0]
        offset += length
    assert offset == len(data)
    assert found == {kind: size for kind, size in build_icons.ICNS_TYPES}
    assert found[b"ic10"] == 1024


def test_template_images_are_black_with_alpha(qapp: Any) -> None:
    """macOS tints menu-bar template images itself: only the alpha channel may carry the shape."""
    from PySide6.QtGui import QImage

    for name, size in (
        ("sessiondock-launcherTemplate.png", 18),
        ("sessiondock-launcherTemplate@2x.png", 36),
    ):
        image = QImage(str(GENERATED / "macos" / name))
        assert (image.width(), image.height()) == (size, size)
        opaque = 0
        for y in range(size):
            for x in range(size):
                color = image.pixelColor(x, y)
                if color.alpha():
                    opaque += 1
                    assert (color.red(), color.green(), color.blue()) == (0, 0, 0), name
        assert opaque > size * size // 10, f"{name} is nearly empty"


def test_symbolic_svg_is_the_glyph_without_the_tile() -> None:
    svg = (GENERATED / "hicolor/symbolic/apps/sessiondock-launcher-symbolic.svg").read_text()
    assert "url(" not in svg and "linearGradient" not in svg
    assert build_icons.SYMBOLIC_COLOR in svg
    assert "#ffffff" not in svg.lower()


def test_desktop_file_matches_the_portal_app_id_and_the_icon_name() -> None:
    spec = importlib.util.spec_from_file_location(
        "linux_layout", ROOT / "packaging/linux_layout.py"
    )
    assert spec is not None and spec.loader is not None
    linux_layout = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(linux_layout)

    from sessiondock_launcher.desktop.app_id import APP_ID, ICON_NAME
    from sessiondock_launcher.desktop.autostart import DESKTOP_FILE_NAME
    from sessiondock_launcher.desktop.hotkeys.portal import APP_ID as PORTAL_APP_ID

    assert PORTAL_APP_ID == APP_ID == linux_layout.APP_ID
    assert ICON_NAME == linux_layout.ICON_NAME
    path = RESOURCES / "linux" / f"{APP_ID}.desktop"
    assert path.is_file()
    assert path.name == DESKTOP_FILE_NAME
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Icon"] == ICON_NAME
    assert entry["Exec"].split()[0] == "sessiondock-launcher"
    assert entry["Categories"].endswith(";")
    assert (GENERATED / f"hicolor/48x48/apps/{entry['Icon']}.png").is_file()
    for action in entry["Actions"].strip(";").split(";"):
        section = parser[f"Desktop Action {action}"]
        assert section["Name"] and section["Exec"].startswith("sessiondock-launcher")


def test_the_app_resolves_its_svg_from_resources() -> None:
    from sessiondock_launcher.resources import icon_svg

    assert icon_svg().resolve() == build_icons.SOURCE.resolve()


@pytest.mark.parametrize("variant", ["light", "dark"])
def test_tray_variants_exist_for_every_size(variant: str) -> None:
    for size in build_icons.TRAY_SIZES:
        data = (GENERATED / f"tray/tray-{variant}-{size}.png").read_bytes()
        assert png_size(data) == (size, size)
