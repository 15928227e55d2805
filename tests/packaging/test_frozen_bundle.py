"""The built bundle, run for real: ``--version``, ``--smoke --demo`` offscreen, the ctl, the layout.

Skipped unless ``SESSIONDOCK_TEST_BUNDLE`` names a built onedir bundle (``make package`` makes
``dist/sessiondock-launcher``); CI builds it first and sets the variable (packaging/README.md).
Every run fails on stderr lines that are not in :data:`ALLOWED_STDERR`: the app's own INFO lines
and Qt's known offscreen noise. A WARNING or a traceback is a failure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.processes import LineReader, stop
from tests.support.xvfb import require_xvfb, xvfb_display

BUNDLE_ENV = "SESSIONDOCK_TEST_BUNDLE"
GUI = "sessiondock-launcher"
ENTRY = "com.sessiondock.Launcher.desktop"  # the app id (desktop/app_id.py)
CTL = "sessiondock-launcher-ctl"
RUN_TIMEOUT = 90.0

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(not os.environ.get(BUNDLE_ENV), reason=f"{BUNDLE_ENV} is not set"),
    pytest.mark.skipif(sys.platform == "win32", reason="the Linux/macOS onedir layout"),
]

ALLOWED_STDERR = tuple(
    re.compile(p)
    for p in (
        # the app's own log lines below WARNING (logs.py FORMAT)
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO) +[\w.]+: ",
        # Qt's offscreen platform plugin has no window manager and no tray
        r"^This plugin does not support (propagateSizeHints|raise|requestActivate|grabbing the "
        r"keyboard|setParent)\(\)$",
        r"^qt\.core\.qobject\.connect: QObject::connect: No such signal "
        r"QPlatformNativeInterface::systemTrayWindowChanged\(QScreen\*\)$",
        # QtMultimedia probes for PipeWire and falls back to PulseAudio
        r"^qt\.multimedia\.symbolsresolver: Couldn't (load|resolve) pipewire-0\.3 "
        r"(library|symbols)$",
    )
)


def unexpected(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if line.strip() and not any(rx.search(line) for rx in ALLOWED_STDERR)
    ]


@pytest.fixture(scope="module")
def bundle() -> Path:
    path = Path(os.environ[BUNDLE_ENV]).resolve()
    if sys.platform == "darwin" and path.suffix == ".app":
        path = path / "Contents" / "MacOS"
    assert (path / GUI).is_file(), f"{BUNDLE_ENV}={path} holds no {GUI}: run make package"
    return path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SESSIONDOCK_", "PYTHON", "QT_"))
    }
    environ.update(
        QT_QPA_PLATFORM="offscreen",
        SESSIONDOCK_LAUNCHER_HOME=str(tmp_path / "home"),
    )
    return environ


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
    )


def test_version_answers_without_qt(bundle: Path, env: dict[str, str]) -> None:
    from sessiondock_launcher import __version__

    result = run([str(bundle / GUI), "--version"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{GUI} {__version__}"
    assert unexpected(result.stderr) == []


def test_smoke_demo_offscreen(bundle: Path, env: dict[str, str]) -> None:
    """Start, start the simulator (the frozen binary itself), connect, sync, search, quit."""
    result = run([str(bundle / GUI), "--smoke", "--demo"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^smoke ok: [1-9]\d* sessions synced, [1-9]\d* results", result.stdout, re.M)
    assert unexpected(result.stderr) == []
    log = Path(env["SESSIONDOCK_LAUNCHER_HOME"]) / "logs" / "launcher.log"
    assert "Shut down cleanly" in log.read_text(encoding="utf-8")


@pytest.mark.xvfb
def test_smoke_demo_on_a_real_x_server(bundle: Path, env: dict[str, str]) -> None:
    """The xcb platform plugin and the libraries it links survived the payload pruning."""
    require_xvfb()
    with xvfb_display() as display:
        result = run(
            [str(bundle / GUI), "--smoke", "--demo"],
            env | {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("smoke ok: ")
    assert unexpected(result.stderr) == []


def test_selfcheck_imports_every_bundled_qt_module_and_keyring_backend(
    bundle: Path, env: dict[str, str]
) -> None:
    """Over-eager excludes fail here, not in a user's hands (QtMultimedia needs QtNetwork)."""
    result = run([str(bundle / GUI), "--bundle-selfcheck"], env)
    report = json.loads(result.stdout)
    assert report["ok"], report["failures"]
    assert result.returncode == 0
    info = json.loads(next(bundle.rglob("bundle_info.json")).read_text(encoding="utf-8"))
    assert {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork"} <= set(info["qt_modules"])
    assert report["imported"] == len(info["qt_modules"]) + len(info["keyring_backends"])
    # keyring.get_keyring() needs the entry points (jaraco/keyring#324: NoKeyringError frozen)
    native = {"linux": "SecretService", "darwin": "macOS", "win32": "Windows"}
    assert native[info["platform"]] in report["keyring_entry_points"]
    assert report["keyring_backends"]
    assert unexpected(result.stderr) == []


def test_ctl_without_a_running_app(bundle: Path, env: dict[str, str]) -> None:
    result = run([str(bundle / CTL), "--toggle"], env)
    assert result.returncode == 1
    assert "not running" in result.stderr
    usage = run([str(bundle / CTL), "--help"], env)
    assert usage.returncode == 0 and "--toggle" in usage.stdout


@pytest.fixture
def running_app(
    bundle: Path, env: dict[str, str]
) -> Iterator[tuple[subprocess.Popen[str], LineReader]]:
    app = subprocess.Popen(
        [str(bundle / GUI), "--demo", "--demo-size", "300"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert app.stderr is not None
    reader = LineReader(app.stderr)
    try:
        yield app, reader
    finally:
        stop(app)
        reader.drain()
        app.stderr.close()


def test_frozen_ctl_toggles_the_frozen_app(
    bundle: Path, env: dict[str, str], running_app: tuple[subprocess.Popen[str], LineReader]
) -> None:
    app, stderr = running_app
    stderr.wait_for(r"Listening for commands on ", timeout=RUN_TIMEOUT)
    stderr.wait_for(r"Connected to SessionDock", timeout=RUN_TIMEOUT)
    toggle = run([str(bundle / CTL), "--toggle"], env)
    assert toggle.returncode == 0, toggle.stderr
    stderr.wait_for(r"Command received: toggle")
    stderr.wait_for(r"Palette shown")
    again = run([str(bundle / GUI), "--toggle"], env)  # the GUI binary forwards it too
    assert again.returncode == 0, again.stderr
    stderr.wait_for(r"Command received: toggle", timeout=RUN_TIMEOUT)
    quit_ = run([str(bundle / CTL), "--quit"], env)
    assert quit_.returncode == 0, quit_.stderr
    assert app.wait(RUN_TIMEOUT) == 0
    stderr.wait_for(r"Shut down cleanly")
    assert unexpected("\n".join(stderr.drain())) == []


def test_ctl_archive_carries_no_qt(bundle: Path) -> None:
    """The console tool must start fast: nothing of Qt, httpx or the app in its archive."""
    readers = pytest.importorskip("PyInstaller.archive.readers")
    archive = readers.CArchiveReader(str(bundle / CTL))
    pyz_name = next(name for name in archive.toc if name.endswith(".pyz") or name == "PYZ.pyz")
    pyz = archive.open_embedded_archive(pyz_name)
    modules = set(pyz.toc)
    assert "sessiondock_launcher.ctl" in modules
    heavy = {m for m in modules if m.split(".")[0] in {"PySide6", "shiboken6", "qasync", "httpx"}}
    assert heavy == set()
    assert not any(m.startswith("sessiondock_launcher.ui") for m in modules)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux wheels carry ICU")
def test_icu_data_is_trimmed_and_still_serves_qt(bundle: Path, env: dict[str, str]) -> None:
    """The rebuilt libicudata holds en/de/root only, and Qt's ICU users still work with it."""
    icudata = next((bundle / "_internal").rglob("libicudata.so.*"))
    assert icudata.stat().st_size < 8 * 2**20  # 31 MiB untrimmed
    result = run([str(bundle / GUI), "--bundle-selfcheck"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["icu"] == {
        "collation_de": True,
        "upper_de": "STRASSE",
        "time_zone": "Europe/Berlin",
    }


def test_bundle_leaves_out_what_it_should(bundle: Path) -> None:
    internal = bundle / "_internal"
    if not internal.is_dir():  # macOS .app: Contents/Frameworks
        internal = bundle.parent / "Frameworks"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    qt_translations = {n for n in names if n.startswith("PySide6/Qt/translations/")}
    assert qt_translations <= {"PySide6/Qt/translations", "PySide6/Qt/translations/qtbase_de.qm"}
    assert "sessiondock_launcher/translations/sessiondock_launcher_de.qm" in names
    assert not any(re.search(r"PySide6/Qt(Qml|Quick|WebEngine\w*|Pdf)\.", n) for n in names)
    assert not any("libqgtk3" in n or "virtualkeyboard" in n for n in names)
    assert not any(
        n.split("/")[0] in {"PyInstaller", "pytest", "_pytest", "hypothesis"} for n in names
    )
    assert any(re.match(r"keyring-[^/]+\.dist-info/entry_points\.txt$", n) for n in names)
    assert "resources/icons/sessiondock-launcher.svg" in names


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux layout")
def test_linux_layout_is_an_appdir_with_menu_entry_and_icons(bundle: Path) -> None:
    assert (bundle / "AppRun").resolve() == (bundle / GUI).resolve()
    desktop = bundle / "share" / "applications" / ENTRY
    assert (bundle / ENTRY).resolve() == desktop.resolve()
    text = desktop.read_text(encoding="utf-8")
    icon = re.search(r"^Icon=(.+)$", text, re.M)
    assert icon is not None and icon.group(1) == GUI
    hicolor = bundle / "share" / "icons" / "hicolor"
    for size in (16, 32, 48, 128, 256, 512):
        assert (hicolor / f"{size}x{size}" / "apps" / f"{GUI}.png").is_file()
    assert (hicolor / "scalable" / "apps" / f"{GUI}.svg").is_file()
    assert (bundle / ".DirIcon").resolve().is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux layout")
def test_install_user_script_installs_and_removes(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
    result = subprocess.run(
        ["sh", str(bundle / "install-user.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (home / ".local/bin" / GUI).resolve() == (bundle / GUI).resolve()
    assert (home / ".local/bin" / CTL).resolve() == (bundle / CTL).resolve()
    entry = (home / ".local/share/applications" / ENTRY).read_text(encoding="utf-8")
    assert f'Exec="{bundle}/{GUI}"' in entry
    assert f'Exec="{bundle}/{CTL}" --toggle' in entry
    assert f"TryExec={bundle}/{GUI}" in entry
    assert (home / ".local/share/icons/hicolor/48x48/apps" / f"{GUI}.png").is_file()
    removed = subprocess.run(
        ["sh", str(bundle / "install-user.sh"), "--remove"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert removed.returncode == 0, removed.stderr
    assert not (home / ".local/bin" / GUI).exists()
    assert not (home / ".local/share/applications" / ENTRY).exists()
