"""Render every icon the app and the bundles need from the one SVG source.

Usage (from the repository root, with the project's venv)::

    .venv/bin/python resources/build_icons.py          # (re)generate resources/generated/
    .venv/bin/python resources/build_icons.py --check  # exit 1 if generated/ is stale or edited

Source: ``resources/icons/sessiondock-launcher.svg``. Output, all under ``resources/generated/``:

- ``hicolor/<n>x<n>/apps/sessiondock-launcher.png`` (16–512 px): the Linux icon theme set;
- ``hicolor/symbolic/apps/sessiondock-launcher-symbolic.svg``: the monochrome glyph (GNOME
  symbolic icons are recoloured by the desktop);
- ``tray/tray-light-<n>.png`` / ``tray/tray-dark-<n>.png``: the glyph alone, dark for light
  panels and white for dark panels;
- ``macos/sessiondock-launcherTemplate.png`` (+ ``@2x``): the menu-bar template image (black +
  alpha; macOS tints it itself); ``macos/sessiondock-launcher.icns``: the app icon;
- ``windows/sessiondock-launcher.ico``: 16–256 px, PNG-compressed entries;
- ``MANIFEST.json``: the sha256 of the source SVG, of this script's code and of every output.

The glyph variants are derived from the same SVG by dropping the tile (every element filled with
a gradient) and recolouring the white strokes, then cropping the view box to the glyph. Only
PySide6 (QtSvg + QtGui, offscreen) and the standard library are used: ICO and ICNS are written
by hand (both are a header plus PNG blobs).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import struct
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "icons" / "sessiondock-launcher.svg"
OUT = HERE / "generated"
ICON_NAME = "sessiondock-launcher"

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
TRAY_SIZES = (16, 22, 24, 32, 48, 64)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# ICNS element types holding PNG data: (type, pixel size). 16/32 px use the "icp" types.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic13", 256),
    (b"ic08", 256),
    (b"ic14", 512),
    (b"ic09", 512),
    (b"ic10", 1024),
)
TEMPLATE_POINTS = 18  # menu-bar icons are drawn at about 18 pt
GLYPH_COLORS = {"light": "#1d1f24", "dark": "#ffffff", "template": "#000000"}
SYMBOLIC_COLOR = "#2e3436"  # the GNOME symbolic palette's foreground
GLYPH_MARGIN = 0.06  # share of the glyph box added on each side

SVG_NS = "http://www.w3.org/2000/svg"


# --- hashes ----------------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def generator_digest(script: Path = Path(__file__)) -> str:
    """sha256 of this script's code (its AST): reformatting or comments do not make icons stale."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    return sha256(ast.dump(tree, include_attributes=False).encode("utf-8"))


# --- SVG variants ----------------------------------------------------------------------------


def glyph_svg(
    source: bytes, color: str, view_box: tuple[float, float, float, float] | None
) -> bytes:
    """The source without its tile, its white shapes in ``color``, optionally re-framed."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(source)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.get("fill", "").startswith("url("):
                parent.remove(child)
    if not any("url(" in value for element in root.iter() for value in element.attrib.values()):
        for parent in list(root.iter()):  # gradients nothing refers to any more
            for child in list(parent):
                if child.tag == f"{{{SVG_NS}}}defs":
                    parent.remove(child)
    for element in root.iter():
        for attribute in ("fill", "stroke"):
            if element.get(attribute, "").lower() in ("#fff", "#ffffff", "white"):
                element.set(attribute, color)
    if view_box is not None:
        root.set("viewBox", " ".join(f"{v:g}" for v in view_box))
        root.set("width", f"{view_box[2]:g}")
        root.set("height", f"{view_box[3]:g}")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return data + b"\n"


# --- rendering (Qt) --------------------------------------------------------------------------


class Renderer:
    """Rasterises SVG bytes to PNG bytes with QSvgRenderer on an offscreen QGuiApplication.

    (A build tool, not an app layer: the TID251 layer ban on PySide6 does not apply here.)
    """

    def __init__(self) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication  # noqa: TID251

        self._app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])

    def image(self, svg: bytes, size: int) -> object:
        from PySide6.QtCore import QByteArray, QRectF, Qt  # noqa: TID251
        from PySide6.QtGui import QImage, QPainter  # noqa: TID251
        from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

        renderer = QSvgRenderer(QByteArray(svg))
        if not renderer.isValid():
            raise ValueError("invalid SVG")
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        return image.convertToFormat(QImage.Format.Format_ARGB32)

    def png(self, svg: bytes, size: int) -> bytes:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice  # noqa: TID251

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.image(svg, size).save(buffer, "PNG"):  # type: ignore[attr-defined]
            raise RuntimeError("PNG encoding failed")
        buffer.close()
        return bytes(data.data())

    def alpha_box(self, svg: bytes, size: int) -> tuple[int, int, int, int]:
        """Bounding box (x, y, w, h) of the non-transparent pixels at ``size`` px."""
        image = self.image(svg, size)
        xs: list[int] = []
        ys: list[int] = []
        for y in range(size):
            for x in range(size):
                if image.pixelColor(x, y).alpha() > 8:  # type: ignore[attr-defined]
                    xs.append(x)
                    ys.append(y)
        if not xs:
            raise ValueError("the glyph is empty")
        return min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def square_view_box(
    box: tuple[int, int, int, int], probe_size: int, svg_size: float
) -> tuple[float, float, float, float]:
    """A square view box (SVG units) around a pixel box found at ``probe_size`` px, plus margin."""
    x, y, w, h = (v * svg_size / probe_size for v in box)
    side = max(w, h) * (1 + 2 * GLYPH_MARGIN)
    cx, cy = x + w / 2, y + h / 2
    return (round(cx - side / 2, 2), round(cy - side / 2, 2), round(side, 2), round(side, 2))


# --- containers ------------------------------------------------------------------------------


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (Windows Vista+ reads them at every size)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns_bytes(elements: list[tuple[bytes, bytes]]) -> bytes:
    """An ICNS file: ``icns`` + total length, then (type, length, PNG data) elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


# --- the build -------------------------------------------------------------------------------


def plan(source: bytes, renderer: Renderer) -> dict[str, bytes]:
    """Every output file (path relative to ``generated/``) and its bytes."""
    files: dict[str, bytes] = {}
    color_png: dict[int, bytes] = {}

    def color(size: int) -> bytes:
        if size not in color_png:
            color_png[size] = renderer.png(source, size)
        return color_png[size]

    for size in HICOLOR_SIZES:
        files[f"hicolor/{size}x{size}/apps/{ICON_NAME}.png"] = color(size)

    root = ET.fromstring(source)
    svg_size = float(root.get("viewBox", "0 0 256 256").split()[2])
    probe = 512
    box = renderer.alpha_box(glyph_svg(source, "#000000", None), probe)
    view_box = square_view_box(box, probe, svg_size)

    def glyph(variant: str) -> bytes:
        return glyph_svg(source, GLYPH_COLORS[variant], view_box)

    files[f"hicolor/symbolic/apps/{ICON_NAME}-symbolic.svg"] = glyph_svg(
        source, SYMBOLIC_COLOR, view_box
    )
    for variant in ("light", "dark"):
        for size in TRAY_SIZES:
            files[f"tray/tray-{variant}-{size}.png"] = renderer.png(glyph(variant), size)
    template = glyph("template")
    files[f"macos/{ICON_NAME}Template.png"] = renderer.png(template, TEMPLATE_POINTS)
    files[f"macos/{ICON_NAME}Template@2x.png"] = renderer.png(template, 2 * TEMPLATE_POINTS)
    files[f"macos/{ICON_NAME}.icns"] = icns_bytes(
        [(kind, color(size)) for kind, size in ICNS_TYPES]
    )
    files[f"windows/{ICON_NAME}.ico"] = ico_bytes({size: color(size) for size in ICO_SIZES})
    return files


def manifest(source: bytes, files: dict[str, bytes]) -> dict[str, object]:
    return {
        "source": SOURCE.relative_to(HERE).as_posix(),
        "source_sha256": sha256(source),
        "generator_sha256": generator_digest(),
        "files": {path: sha256(data) for path, data in sorted(files.items())},
    }


def write(out: Path, files: dict[str, bytes], meta: dict[str, object]) -> None:
    old = out / "MANIFEST.json"
    if old.is_file():  # remove what a previous version generated and this one does not
        previous = json.loads(old.read_text(encoding="utf-8")).get("files", {})
        for path in set(previous) - set(files):
            (out / path).unlink(missing_ok=True)
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    old.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def stale_reasons(out: Path = OUT, source_path: Path = SOURCE) -> list[str]:
    """Why ``generated/`` does not match the source and this script (empty list: up to date)."""
    manifest_path = out / "MANIFEST.json"
    if not manifest_path.is_file():
        return [f"{manifest_path} is missing"]
    meta = json.loads(manifest_path.read_text(encoding="utf-8"))
    reasons = []
    if meta.get("source_sha256") != sha256(source_path.read_bytes()):
        reasons.append(f"{source_path.name} changed since the icons were generated")
    if meta.get("generator_sha256") != generator_digest():
        reasons.append("build_icons.py changed since the icons were generated")
    for path, digest in meta.get("files", {}).items():
        target = out / path
        if not target.is_file():
            reasons.append(f"{path} is missing")
        elif sha256(target.read_bytes()) != digest:
            reasons.append(f"{path} was edited by hand")
    return reasons


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check generated/ is current")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: generated/)")
    args = parser.parse_args(argv)
    if args.check:
        reasons = stale_reasons(args.out)
        for reason in reasons:
            echo(f"stale: {reason}")
        if reasons:
            echo("run: .venv/bin/python resources/build_icons.py")
        return 1 if reasons else 0
    source = SOURCE.read_bytes()
    files = plan(source, Renderer())
    write(args.out, files, manifest(source, files))
    echo(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
