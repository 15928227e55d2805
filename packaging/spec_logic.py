"""Every decision of the PyInstaller spec, as plain Python, testable without PyInstaller.

``sessiondock-launcher.spec`` calls :func:`build_plan` for the host platform and feeds the result
to ``Analysis``/``EXE``/``COLLECT``/``BUNDLE``; ``tests/packaging/test_spec_logic.py`` calls it
for ``linux``, ``win32`` and ``darwin``, so a typo in a branch this machine never builds fails.

Inputs are computed from the source tree and the installed packages, not listed by hand:

- hidden imports: every module of our package (hotkey backends are imported at run time,
  per platform), the simulator (``--demo``), the keyring backends registered as entry points, and
  the uvicorn submodules whose own imports are installed (uvicorn picks loops/protocols by name);
- data files: the runtime globs of :data:`RUNTIME_DATA` under ``resources/``;
- Qt modules kept: the ones our code imports, QtDBus/QtSvg/QtNetwork, QtMultimedia when it is
  installed, closed over the Qt libraries each module links (QtMultimedia needs QtNetwork:
  docs/pitfalls.md §12); every other ``PySide6.Qt*`` module is excluded;
- excluded packages: the other Qt bindings, unused stdlib parts and every distribution that only
  the ``dev``/``package`` extras of ``pyproject.toml`` bring in.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from discovery import (
    dev_only_imports,
    importable_submodules,
    iter_modules,
    package_dir,
    qt_binding_modules,
    qt_linked_modules,
    qt_modules_imported,
    runtime_imports,
)
from os_metadata import DISPLAY_NAME, info_plist, windows_version_info

__all__ = [
    "APP_NAME",
    "BUNDLE_ID",
    "CTL_NAME",
    "DEBUG_ENV",
    "BuildPlan",
    "analysis_inputs",
    "build_plan",
    "normalize_platform",
    "qt_linked_modules",
    "qt_modules_imported",
    "read_version",
]

APP_NAME = "sessiondock-launcher"  # GUI executable, Linux app id (.desktop basename), icon name
CTL_NAME = "sessiondock-launcher-ctl"  # console executable for --toggle & co.
BUNDLE_ID = "com.sessiondock.launcher"  # same as the LaunchAgent label (desktop/autostart.py)
PACKAGE = "sessiondock_launcher"
PLATFORMS = ("linux", "win32", "darwin")
DEBUG_ENV = "SESSIONDOCK_BUNDLE_DEBUG"  # "1": console GUI + bootloader messages; "imports": + -v
SIMULATOR_FLAG = "--run-simulator"  # the frozen GUI binary runs the simulator (runner.py)
SELFCHECK_FLAG = "--bundle-selfcheck"  # the frozen GUI binary imports what it bundles, prints JSON
BUNDLE_INFO = "bundle_info.json"  # written at build time next to the runtime resources

# Qt modules never excluded, even where a scan of today's imports misses one: QtNetwork
# (QLocalServer), QtSvg (icons), QtDBus (D-Bus on Linux; libQt6DBus is linked by QtGui anyway).
QT_ALWAYS_KEEP = frozenset({"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtDBus", "QtNetwork"})
QT_OPTIONAL_KEEP = frozenset({"QtMultimedia"})  # kept (and bundled) whenever it is installed
OTHER_BINDINGS = ("PyQt5", "PyQt6", "PySide2", "shiboken2", "tkinter", "_tkinter")
# The build tool itself: named here, not only found among the installed extras, so the plan is
# the same whether or not PyInstaller is installed in the environment that computes it.
BUILD_TOOLS = ("PyInstaller",)
UNUSED_STDLIB = ("unittest", "pydoc", "doctest", "idlelib", "lib2to3", "ensurepip", "turtledemo")
# What the ctl executable may import besides the stdlib (it is Qt-free and must start fast).
CTL_THIRD_PARTY = frozenset({"platformdirs"})

# Files under resources/ the app reads at run time, per platform ("*" = every platform).
RUNTIME_DATA: Mapping[str, tuple[str, ...]] = {
    "*": ("icons/*.svg", "generated/tray/*.png"),
    "darwin": ("generated/macos/*Template*.png",),
}

# Hotkey backend modules that only make sense on some platforms; modules not named here (new
# backends included) are bundled everywhere, which is the safe default.
HOTKEY_PLATFORMS: Mapping[str, frozenset[str]] = {
    "windows": frozenset({"win32"}),
    "macos": frozenset({"darwin"}),
    "x11": frozenset({"linux"}),
    "portal": frozenset({"linux"}),
    "portal_bus": frozenset({"linux"}),
}
# keyring backends by module name; unnamed ones (chainer, fail, null, third-party) go everywhere.
KEYRING_PLATFORMS: Mapping[str, frozenset[str]] = {
    "Windows": frozenset({"win32"}),
    "macOS": frozenset({"darwin"}),
    "SecretService": frozenset({"linux"}),
    "libsecret": frozenset({"linux"}),
    "kwallet": frozenset({"linux"}),
}

SHIPPED_LANGUAGES = ("de",)  # our .qm files + Qt's qtbase_<lang>.qm (docs/translations.md)
# Qt payload a tray launcher never loads. Paths are the bundle-relative destinations with "/"
# separators; the Windows wheel has no "Qt/" level, hence "(Qt/)?".
_QT = r"PySide6/(?:Qt/)?"
DROP_COMMON = (
    _QT + rf"translations/(?!qtbase_(?:{'|'.join(SHIPPED_LANGUAGES)})\.qm$)",  # 7 MB of .qm
    _QT + r"plugins/generic/",  # evdev/tslib/tuio input for kiosk systems
    _QT + r"plugins/platforminputcontexts/[^/]*virtualkeyboard",  # pulls QtQuick + QtQml
    _QT + r"plugins/imageformats/[^/]*q(pdf|tga|wbmp|icns)\.",  # qpdf pulls QtPdf
    _QT + r"plugins/(tls|networkinformation)/",  # no TLS through Qt: HTTP goes through httpx
    _QT + r"plugins/(qmltooling|designer|sqldrivers|printsupport|texttospeech|webview)/",
    # rapidfuzz ships every C++ module twice, generic and AVX2 (5 MB): keep the generic build,
    # which runs on every x86-64 CPU; measured on 60k vocabulary words the AVX2 one saved
    # 0-1.6 ms per typed token (process.extract with OSA / LCSseq, packaging/README.md).
    r"(^|/)rapidfuzz/(.+/)?[^/]+_avx2\.[^/]+$",
)
DROP_BY_PLATFORM: Mapping[str, tuple[str, ...]] = {
    "linux": (
        _QT + r"plugins/platformthemes/libqgtk3",  # drags in GTK/cairo/pango from the build host
        _QT + r"plugins/platforms/libq(eglfs|linuxfb|minimal|minimalegl|vnc|vkkhrdisplay)\.so",
        _QT + r"plugins/egldeviceintegrations/",
        _QT + r"lib/libQt6EglFs",
    ),
    "win32": (
        r"(^|/)opengl32sw\.dll$",  # 20 MB software OpenGL; widgets paint with the raster engine
        _QT + r"plugins/platforms/q(minimal|direct2d)\.dll$",
    ),
    "darwin": (_QT + r"plugins/platforms/libqminimal\.dylib$",),
}
DROP_WHEN_NO_MULTIMEDIA = (_QT + r"plugins/multimedia/",)


def normalize_platform(platform: str) -> str:
    """``sys.platform`` → one of :data:`PLATFORMS` (``linux2`` → ``linux``)."""
    for known in PLATFORMS:
        if platform.startswith(known):
            return known
    raise ValueError(f"no bundle recipe for platform {platform!r}")


def read_version(root: Path) -> str:
    """``__version__`` from the package's ``__init__.py``, without importing it."""
    text = (root / "app" / PACKAGE / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if not match:
        raise ValueError("no __version__ in the package's __init__.py")
    return match.group(1)


def _platform_ok(module: str, table: Mapping[str, frozenset[str]], platform: str) -> bool:
    return all(platform in table.get(part, {platform}) for part in module.split("."))


def our_modules_all(root: Path) -> list[str]:
    """Every module of our package (``__main__`` modules left out: they run on import)."""
    modules = [PACKAGE, *iter_modules(root / "app" / PACKAGE, PACKAGE)]
    return [m for m in modules if not m.endswith(".__main__")]


def our_modules(root: Path, platform: str) -> list[str]:
    """Every module of our package, minus the hotkey backends of other platforms."""
    hotkeys = f"{PACKAGE}.desktop.hotkeys."
    return [
        m
        for m in our_modules_all(root)
        if not m.startswith(hotkeys)
        or _platform_ok(m.removeprefix(hotkeys), HOTKEY_PLATFORMS, platform)
    ]


def keyring_backends(platform: str, entry_points: Iterable[str] | None = None) -> list[str]:
    """Modules of the keyring backends registered as entry points, for ``platform``."""
    if entry_points is None:
        entry_points = [
            ep.value for ep in importlib.metadata.entry_points(group="keyring.backends")
        ]
    modules = sorted({value.split(":")[0].strip() for value in entry_points})
    return [m for m in modules if _platform_ok(m, KEYRING_PLATFORMS, platform)]


# --- Qt modules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QtSelection:
    available: frozenset[str]
    keep: frozenset[str]
    bundle_optional: frozenset[str]  # installed optional modules bundled as hidden imports

    @property
    def excluded(self) -> list[str]:
        return sorted(self.available - self.keep)


def select_qt_modules(root: Path, pyside_dir: Path | None) -> QtSelection:
    if pyside_dir is None:
        raise RuntimeError("PySide6 is not installed in the build environment")
    extensions = qt_binding_modules(pyside_dir)
    available = frozenset(extensions)
    optional = frozenset(QT_OPTIONAL_KEEP & available)
    wanted = (qt_modules_imported(root / "app" / PACKAGE) | QT_ALWAYS_KEEP | optional) & available
    keep, todo = set(wanted), list(wanted)
    while todo:  # close over linked libraries: QtMultimedia → QtNetwork, QtGui, QtCore
        for dep in qt_linked_modules(extensions[todo.pop()], available):
            if dep not in keep:
                keep.add(dep)
                todo.append(dep)
    return QtSelection(available, frozenset(keep), optional)


# --- resources -------------------------------------------------------------------------------


def runtime_datas(root: Path, platform: str) -> list[tuple[str, str]]:
    """``(source file, bundle folder)`` pairs: the runtime files under ``resources/``."""
    resources = root / "resources"
    pairs: list[tuple[str, str]] = []
    for pattern in (*RUNTIME_DATA["*"], *RUNTIME_DATA.get(platform, ())):
        matches = sorted(resources.glob(pattern))
        if not matches:
            raise FileNotFoundError(f"resources/{pattern} matches nothing")
        pairs.extend(
            (str(path), f"resources/{path.parent.relative_to(resources).as_posix()}")
            for path in matches
        )
    qms = [root / "app" / PACKAGE / "translations" / f"{PACKAGE}_{x}.qm" for x in SHIPPED_LANGUAGES]
    if missing := [str(qm) for qm in qms if not qm.is_file()]:
        raise FileNotFoundError(f"{missing} missing: run `make translations`")
    return pairs + [(str(qm), f"{PACKAGE}/translations") for qm in qms]  # i18n.QM_DIR


def generated_icon(root: Path, platform: str) -> Path | None:
    """The executable/bundle icon: .ico on Windows, .icns on macOS, none on Linux."""
    generated = root / "resources" / "generated"
    icon = {
        "win32": generated / "windows" / f"{APP_NAME}.ico",
        "darwin": generated / "macos" / f"{APP_NAME}.icns",
    }.get(platform)
    if icon is not None and not icon.is_file():
        raise FileNotFoundError(f"{icon} is missing: run resources/build_icons.py")
    return icon


# --- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildPlan:
    """Everything the spec needs; :meth:`gui_analysis`/:meth:`ctl_analysis` are Analysis kwargs."""

    platform: str
    root: Path
    version: str
    debug: str  # "" | "1" | "imports"
    gui_script: Path
    ctl_script: Path
    pathex: list[str]
    datas: list[tuple[str, str]]
    hiddenimports: list[str]
    excludes: list[str]
    ctl_excludes: list[str]
    qt: QtSelection
    drop_patterns: list[str]
    icon: Path | None
    strip: bool
    prune_unreferenced_libs: bool
    bundle: dict[str, Any] | None = None
    version_files: dict[str, str] = field(default_factory=dict)  # exe name → VSVersionInfo text

    @property
    def console_gui(self) -> bool:
        return bool(self.debug)

    @property
    def python_options(self) -> list[tuple[str, None, str]]:
        return [("v", None, "OPTION")] if self.debug == "imports" else []

    def gui_analysis(self) -> dict[str, Any]:
        return {
            "scripts": [str(self.gui_script)],
            "pathex": self.pathex,
            "datas": self.datas,
            "hiddenimports": self.hiddenimports,
            "excludes": self.excludes,
        }

    def ctl_analysis(self) -> dict[str, Any]:
        return {
            "scripts": [str(self.ctl_script)],
            "pathex": self.pathex,
            "datas": [],
            "hiddenimports": [f"{PACKAGE}.ctl"],
            "excludes": self.ctl_excludes,
        }

    def summary(self) -> str:
        return (
            f"{APP_NAME} {self.version} for {self.platform}: "
            f"{len(self.hiddenimports)} hidden imports, {len(self.datas)} data files, "
            f"Qt kept {sorted(self.qt.keep)}, {len(self.qt.excluded)} Qt modules excluded, "
            f"{len(self.excludes)} excludes, debug={self.debug or 'off'}"
        )

    def bundle_info(self) -> dict[str, Any]:
        """Written into the bundle; the frozen ``--bundle-selfcheck`` imports these modules."""
        return {
            "name": APP_NAME,
            "version": self.version,
            "platform": self.platform,
            "qt_modules": sorted(self.qt.keep),
            "keyring_backends": [m for m in self.hiddenimports if m.startswith("keyring.backends")],
        }


def drop_patterns(platform: str, qt: QtSelection) -> list[str]:
    patterns = [*DROP_COMMON, *DROP_BY_PLATFORM[platform]]
    if "QtMultimedia" not in qt.keep:
        patterns += DROP_WHEN_NO_MULTIMEDIA
    return patterns


def build_plan(
    platform: str,
    root: Path,
    environ: Mapping[str, str] | None = None,
    pyside_dir: Path | None = None,
) -> BuildPlan:
    """The whole recipe for ``platform`` (``linux``, ``win32``, ``darwin``) from ``root``."""
    platform = normalize_platform(platform)
    env = os.environ if environ is None else environ
    debug = env.get(DEBUG_ENV, "").strip().lower()
    if debug in ("0", "false", "no"):
        debug = ""
    if debug not in ("", "1", "true", "yes", "imports"):
        raise ValueError(f"{DEBUG_ENV} must be 1 or imports, not {debug!r}")
    debug = "1" if debug in ("true", "yes") else debug
    version = read_version(root)
    qt = select_qt_modules(root, pyside_dir or package_dir("PySide6"))
    ours = our_modules(root, platform)
    excludes = sorted(
        {
            *OTHER_BINDINGS,
            *BUILD_TOOLS,
            *UNUSED_STDLIB,
            *dev_only_imports(root),
            *(f"PySide6.{m}" for m in qt.excluded),
            # create_backend() imports every backend lazily; drop the other platforms' ones
            *(m for m in our_modules_all(root) if m not in ours),
        }
    )
    hidden = [
        *ours,
        *keyring_backends(platform),
        *importable_submodules("uvicorn"),
        *(f"PySide6.{m}" for m in sorted(qt.bundle_optional)),
    ]
    ctl_excludes = sorted(
        {*excludes, *(m for m in runtime_imports(root) if m not in CTL_THIRD_PARTY)}
        | {"PySide6", "shiboken6"}
    )
    packaging = root / "packaging"
    version_files = {}
    if platform == "win32":
        version_files = {
            APP_NAME: windows_version_info(version, DISPLAY_NAME, f"{APP_NAME}.exe"),
            CTL_NAME: windows_version_info(
                version, f"{DISPLAY_NAME} remote control", f"{CTL_NAME}.exe"
            ),
        }
    bundle = None
    if platform == "darwin":
        bundle = {
            "name": f"{DISPLAY_NAME}.app",
            "bundle_identifier": BUNDLE_ID,
            "version": version,
            "info_plist": info_plist(version),
        }
    return BuildPlan(
        platform=platform,
        root=root,
        version=version,
        debug=debug,
        gui_script=packaging / "entry_gui.py",
        ctl_script=packaging / "entry_ctl.py",
        pathex=[str(root / "app")],
        datas=runtime_datas(root, platform),
        hiddenimports=list(dict.fromkeys(hidden)),
        excludes=excludes,
        ctl_excludes=ctl_excludes,
        qt=qt,
        drop_patterns=drop_patterns(platform, qt),
        icon=generated_icon(root, platform),
        # strip(1) only where it is safe: macOS binaries are signed, Windows has no strip.
        strip=platform == "linux",
        prune_unreferenced_libs=platform == "linux",  # verified here; not yet on Windows/macOS
        bundle=bundle,
        version_files=version_files,
    )


def analysis_inputs(platform: str, root: Path) -> dict[str, Any]:
    """Analysis keyword arguments for the GUI executable (see :func:`build_plan`)."""
    return build_plan(platform, root).gui_analysis()
