"""The spec's decisions for every OS, evaluated without running PyInstaller.

``packaging/spec_logic.py`` is what the .spec executes; these tests run it for linux, win32 and
darwin on this machine, so a typo in a branch CI never builds still fails here.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
PLATFORMS = ("linux", "win32", "darwin")


def load(name: str) -> ModuleType:
    """Import a module from packaging/ (not a package: ``packaging`` is also a PyPI name)."""
    if str(PACKAGING) not in sys.path:
        sys.path.insert(0, str(PACKAGING))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


spec_logic = load("spec_logic")
os_metadata = load("os_metadata")


@functools.cache
def plan_for(platform: str) -> Any:
    return spec_logic.build_plan(platform, ROOT, environ={})


@pytest.fixture(params=PLATFORMS)
def plan(request: pytest.FixtureRequest) -> Any:
    return plan_for(request.param)


def test_every_platform_has_a_plan_with_existing_inputs(plan: Any) -> None:
    for script in (plan.gui_script, plan.ctl_script):
        assert script.is_file()
    for source, dest in plan.datas:
        assert Path(source).is_file(), source
        assert dest.startswith("resources/") or dest == "sessiondock_launcher/translations"
    # the compiled translations go where ui/common/i18n.py looks: next to the package's modules
    assert (
        str(ROOT / "app/sessiondock_launcher/translations/sessiondock_launcher_de.qm"),
        "sessiondock_launcher/translations",
    ) in plan.datas
    inputs = plan.gui_analysis()
    assert set(inputs) == {"scripts", "pathex", "datas", "hiddenimports", "excludes"}
    assert plan.version == spec_logic.read_version(ROOT)


def test_the_svg_the_app_reads_at_run_time_is_bundled(plan: Any) -> None:
    bundled = {Path(src).name: dest for src, dest in plan.datas}
    assert bundled["sessiondock-launcher.svg"] == "resources/icons"  # resources.icon_svg()


def test_hidden_imports_name_real_modules(plan: Any) -> None:
    app = ROOT / "app"
    for name in plan.hiddenimports:
        if name.startswith("sessiondock_launcher"):
            path = app.joinpath(*name.split("."))
            assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), name
        elif not name.startswith("PySide6."):
            top = name.split(".")[0]
            assert importlib.util.find_spec(top) is not None, name
    assert not any(n.endswith(".__main__") for n in plan.hiddenimports)


def test_simulator_and_uvicorn_internals_are_hidden_imports(plan: Any) -> None:
    hidden = set(plan.hiddenimports)
    assert {"sessiondock_launcher.simulator.cli", "sessiondock_launcher.simulator.server"} <= hidden
    # uvicorn resolves these from strings ("h11_impl:H11Protocol", "auto:auto_loop_setup", …)
    assert {
        "uvicorn.protocols.http.h11_impl",
        "uvicorn.loops.auto",
        "uvicorn.lifespan.off",
    } <= hidden
    assert "uvicorn.workers" not in hidden  # needs gunicorn, which is not installed


@pytest.mark.parametrize(
    ("platform", "backend", "keyring_backend"),
    [
        ("linux", "x11", "keyring.backends.SecretService"),
        ("linux", "portal", "keyring.backends.SecretService"),
        ("win32", "windows", "keyring.backends.Windows"),
        ("darwin", "macos", "keyring.backends.macOS"),
    ],
)
def test_runtime_chosen_backends_follow_the_platform(
    platform: str, backend: str, keyring_backend: str
) -> None:
    plan = plan_for(platform)
    module = f"sessiondock_launcher.desktop.hotkeys.{backend}"
    assert module in plan.hiddenimports
    assert module not in plan.excludes
    assert keyring_backend in plan.hiddenimports
    others = {
        "linux": ("windows", "macos"),
        "win32": ("macos", "x11"),
        "darwin": ("windows", "x11"),
    }
    for other in others[platform]:
        name = f"sessiondock_launcher.desktop.hotkeys.{other}"
        assert name not in plan.hiddenimports
        assert name in plan.excludes


def test_every_hotkey_backend_module_is_classified() -> None:
    """A new backend file must be bundled somewhere (unknown names go everywhere)."""
    hotkeys = ROOT / "app" / "sessiondock_launcher" / "desktop" / "hotkeys"
    names = {p.stem for p in hotkeys.glob("*.py")} - {"__init__"}
    for name in names:
        module = f"sessiondock_launcher.desktop.hotkeys.{name}"
        assert any(module in plan_for(p).hiddenimports for p in PLATFORMS), module


def test_qt_modules_kept_are_what_the_code_uses_plus_their_dependencies(plan: Any) -> None:
    qt = plan.qt
    used = spec_logic.qt_modules_imported(ROOT / "app" / "sessiondock_launcher")
    assert used <= qt.keep
    assert {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtDBus", "QtNetwork"} <= qt.keep
    for module in qt.keep:
        assert f"PySide6.{module}" not in plan.excludes
    assert "PySide6.QtQml" in plan.excludes
    assert "PySide6.QtWebEngineCore" in plan.excludes or "QtWebEngineCore" not in qt.available


def test_qtmultimedia_keeps_qtnetwork_when_installed(plan: Any) -> None:
    """docs/pitfalls.md §12: excluding QtNetwork breaks ``import PySide6.QtMultimedia`` frozen."""
    if importlib.util.find_spec("PySide6.QtMultimedia") is None:
        pytest.skip("PySide6-Addons (QtMultimedia) is not installed")
    qt = plan.qt
    assert {"QtMultimedia", "QtNetwork"} <= qt.keep
    assert "PySide6.QtMultimedia" in plan.hiddenimports
    assert not any("plugins/multimedia" in p for p in plan.drop_patterns)


def test_linked_qt_libraries_are_read_from_the_extension(tmp_path: Path) -> None:
    fake = tmp_path / "QtMultimedia.abi3.so"
    fake.write_bytes(b"\0libQt6Multimedia.so.6\0libQt6Network.so.6\0libQt6Gui.so.6\0Qt6Core.dll\0")
    available = {"QtMultimedia", "QtNetwork", "QtGui", "QtCore", "QtQml"}
    assert spec_logic.qt_linked_modules(fake, available) == {
        "QtMultimedia",
        "QtNetwork",
        "QtGui",
        "QtCore",
    }


def test_other_bindings_dev_tools_and_pyinstaller_are_excluded(plan: Any) -> None:
    excludes = set(plan.excludes)
    assert {"PyQt5", "PyQt6", "PySide2", "tkinter"} <= excludes
    assert {"pytest", "hypothesis", "PyInstaller"} <= excludes
    runtime = {"httpx", "qasync", "rapidfuzz", "keyring", "platformdirs", "uvicorn", "starlette"}
    assert not runtime & excludes


def test_ctl_is_qt_free_but_keeps_what_ctl_imports(plan: Any) -> None:
    ctl = plan.ctl_analysis()
    assert {"PySide6", "shiboken6", "qasync", "httpx", "uvicorn", "keyring"} <= set(ctl["excludes"])
    assert "platformdirs" not in ctl["excludes"]  # ctl.py imports paths.py for Windows
    assert ctl["hiddenimports"] == ["sessiondock_launcher.ctl"]


def test_payload_drop_rules_keep_what_runs_and_drop_the_rest() -> None:
    plan = plan_for("linux")
    filters = load("bundle_filters")
    q = "PySide6/Qt/"
    entries = [
        (q + "translations/qtbase_de.qm", "x", "DATA"),
        (q + "translations/qtbase_fr.qm", "x", "DATA"),
        (q + "translations/qt_de.qm", "x", "DATA"),
        (q + "translations/qtmultimedia_de.qm", "x", "DATA"),
        (q + "plugins/platforms/libqxcb.so", "x", "BINARY"),
        (q + "plugins/platforms/libqoffscreen.so", "x", "BINARY"),
        (q + "plugins/platforms/libqwayland.so", "x", "BINARY"),
        (q + "plugins/platforms/libqeglfs.so", "x", "BINARY"),
        (q + "plugins/platformthemes/libqgtk3.so", "x", "BINARY"),
        (q + "plugins/platformthemes/libqxdgdesktopportal.so", "x", "BINARY"),
        (q + "plugins/imageformats/libqjpeg.so", "x", "BINARY"),
        (q + "plugins/imageformats/libqsvg.so", "x", "BINARY"),
        (q + "plugins/imageformats/libqpdf.so", "x", "BINARY"),
        (q + "plugins/iconengines/libqsvgicon.so", "x", "BINARY"),
        (q + "plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "x", "BINARY"),
        (q + "plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", "x", "BINARY"),
    ]
    kept = {e[0].rsplit("/", 1)[-1] for e in filters.drop_payload(entries, plan.drop_patterns)}
    assert kept == {
        "qtbase_de.qm",  # German ships: Qt's own dialog strings in German (the rest dropped)
        "libqxcb.so",
        "libqoffscreen.so",
        "libqwayland.so",
        "libqxdgdesktopportal.so",
        "libqjpeg.so",
        "libqsvg.so",
        "libqsvgicon.so",
        "libibusplatforminputcontextplugin.so",
    }


def test_windows_and_macos_drop_rules_match_their_wheel_layouts() -> None:
    filters = load("bundle_filters")
    win = plan_for("win32")
    entries = [
        ("PySide6\\opengl32sw.dll", "x", "BINARY"),
        ("PySide6\\translations\\qtbase_fr.qm", "x", "DATA"),
        ("PySide6\\plugins\\platforms\\qwindows.dll", "x", "BINARY"),
        ("PySide6\\plugins\\platforms\\qminimal.dll", "x", "BINARY"),
        ("PySide6\\Qt6Core.dll", "x", "BINARY"),
    ]
    kept = [e[0] for e in filters.drop_payload(entries, win.drop_patterns)]
    assert kept == ["PySide6\\plugins\\platforms\\qwindows.dll", "PySide6\\Qt6Core.dll"]
    mac = plan_for("darwin")
    entries = [
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", "x", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqminimal.dylib", "x", "BINARY"),
        ("PySide6/Qt/translations/qt_de.qm", "x", "DATA"),
    ]
    kept = [e[0] for e in filters.drop_payload(entries, mac.drop_patterns)]
    assert kept == ["PySide6/Qt/plugins/platforms/libqcocoa.dylib"]


def test_pruning_keeps_linked_libraries_and_drops_orphans() -> None:
    filters = load("bundle_filters")
    binaries = [
        ("PySide6/QtGui.abi3.so", "/s/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/s/libQt6XcbQpa.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libgtk-3.so.0", "/usr/lib/libgtk-3.so.0", "BINARY"),  # its plugin was dropped
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
    ]
    links = {
        "/s/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/s/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "/s/libQt6XcbQpa.so.6": ["/usr/lib/libxcb-cursor.so.0", "libQt6Gui.so.6"],
    }
    kept = filters.prune_unreferenced(binaries, lambda path: links.get(path, []))
    assert [e[0] for e in kept] == [
        "PySide6/QtGui.abi3.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libxcb-cursor.so.0",
        "libQt6Gui.so.6",
        "libpython3.11.so.1.0",
    ]


def test_macos_bundle_is_a_tray_only_app_with_the_package_version() -> None:
    plan = plan_for("darwin")
    assert plan.bundle is not None
    assert plan.bundle["bundle_identifier"] == "com.sessiondock.launcher"
    assert plan.bundle["name"] == "SessionDock Launcher.app"
    plist = plan.bundle["info_plist"]
    assert plist["LSUIElement"] is True
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleShortVersionString"] == plan.version
    assert plan.icon is not None and plan.icon.suffix == ".icns" and plan.icon.is_file()
    assert plan.strip is False  # strip(1) would invalidate the signed Qt frameworks


def test_bundle_id_matches_the_launch_agent_label() -> None:
    from sessiondock_launcher.desktop.autostart import LAUNCH_AGENT_LABEL

    assert spec_logic.BUNDLE_ID == LAUNCH_AGENT_LABEL


def test_windows_gets_an_ico_and_a_version_resource_for_both_executables() -> None:
    plan = plan_for("win32")
    assert plan.icon is not None and plan.icon.suffix == ".ico" and plan.icon.is_file()
    assert set(plan.version_files) == {spec_logic.APP_NAME, spec_logic.CTL_NAME}
    major, minor, patch = (int(x) for x in plan.version.split(".")[:3])
    for name, text in plan.version_files.items():
        assert f"filevers=({major}, {minor}, {patch}, 0)" in text
        assert f"'OriginalFilename', '{name}.exe'" in text
        ast.parse(text, mode="eval")  # PyInstaller eval()s it


def test_windows_version_text_matches_pyinstallers_classes() -> None:
    """Every call in the text names a class of PyInstaller's versioninfo with valid arguments.

    The module itself imports pywin32 and cannot load off Windows, so its source is read.
    """
    spec = importlib.util.find_spec("PyInstaller")
    if spec is None or spec.origin is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[package]')")
    source = Path(spec.origin).parent / "utils" / "win32" / "versioninfo.py"
    params: dict[str, list[str]] = {}
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    params[node.name] = [a.arg for a in item.args.args[1:]]
    text = plan_for("win32").version_files[spec_logic.APP_NAME]
    calls = [n for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Call)]
    assert {"VSVersionInfo", "FixedFileInfo", "StringTable", "StringStruct"} <= {
        c.func.id for c in calls if isinstance(c.func, ast.Name)
    }
    for call in calls:
        assert isinstance(call.func, ast.Name) and call.func.id in params, ast.dump(call.func)
        accepted = params[call.func.id]
        assert len(call.args) <= len(accepted), call.func.id
        assert {kw.arg for kw in call.keywords} <= set(accepted), call.func.id


def test_version_tuple_handles_pre_releases_and_local_versions() -> None:
    assert os_metadata.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert os_metadata.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert os_metadata.version_tuple("2.0+local.5") == (2, 0, 0, 0)


@pytest.mark.parametrize(
    ("value", "console", "options"),
    [
        ("", False, []),
        ("0", False, []),
        ("1", True, []),
        ("imports", True, [("v", None, "OPTION")]),
    ],
)
def test_debug_switch(value: str, console: bool, options: list[object]) -> None:
    plan = spec_logic.build_plan("win32", ROOT, environ={spec_logic.DEBUG_ENV: value})
    assert plan.console_gui is console
    assert plan.python_options == options


def test_debug_switch_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match=spec_logic.DEBUG_ENV):
        spec_logic.build_plan("linux", ROOT, environ={spec_logic.DEBUG_ENV: "verbose"})


def test_unknown_platform_is_refused() -> None:
    with pytest.raises(ValueError, match="no bundle recipe"):
        spec_logic.build_plan("aix", ROOT, environ={})


def test_frozen_simulator_flag_is_the_same_everywhere() -> None:
    from sessiondock_launcher.simulator.runner import FROZEN_SIMULATOR_FLAG

    entry = (PACKAGING / "entry_gui.py").read_text(encoding="utf-8")
    match = re.search(r'^SIMULATOR_FLAG = "([^"]+)"', entry, re.MULTILINE)
    assert match is not None
    assert match.group(1) == FROZEN_SIMULATOR_FLAG == spec_logic.SIMULATOR_FLAG


def test_simulator_command_uses_the_frozen_binary_when_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sessiondock_launcher.simulator import runner

    assert runner.simulator_command() == [sys.executable, "-m", "sessiondock_launcher.simulator"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/sd/sessiondock-launcher")
    assert runner.simulator_command() == ["/opt/sd/sessiondock-launcher", "--run-simulator"]
    process = runner.SimulatorProcess(size=3)
    assert process._argv[:2] == ["/opt/sd/sessiondock-launcher", "--run-simulator"]


def test_entry_point_dispatches_the_hidden_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = load("entry_gui")
    calls: list[tuple[str, list[str]]] = []
    from sessiondock_launcher import cli
    from sessiondock_launcher.simulator import cli as simulator_cli

    def fake_main(name: str) -> Any:
        def main(argv: list[str]) -> int:
            calls.append((name, argv))
            return 0

        return main

    monkeypatch.setattr(simulator_cli, "main", fake_main("sim"))
    monkeypatch.setattr(cli, "main", fake_main("app"))
    assert entry.main(["--run-simulator", "--port", "0"]) == 0
    assert entry.main(["--demo"]) == 0
    assert calls == [("sim", ["--port", "0"]), ("app", ["--demo"])]


def test_bundle_info_lists_what_the_selfcheck_imports(plan: Any) -> None:
    info = plan.bundle_info()
    json.dumps(info)
    assert info["qt_modules"] == sorted(plan.qt.keep)
    assert all(m.startswith("keyring.backends") for m in info["keyring_backends"])


@pytest.mark.parametrize("platform", PLATFORMS)
def test_rapidfuzz_keeps_its_generic_build_and_drops_the_avx2_twin(platform: str) -> None:
    filters = load("bundle_filters")
    toc = [
        ("rapidfuzz/fuzz_cpp.cpython-311-x86_64-linux-gnu.so", "/a", "EXTENSION"),
        ("rapidfuzz/fuzz_cpp_avx2.cpython-311-x86_64-linux-gnu.so", "/b", "EXTENSION"),
        ("rapidfuzz/distance/metrics_cpp_avx2.cp311-win_amd64.pyd", "/c", "EXTENSION"),
        ("rapidfuzz/distance/metrics_cpp.cp311-win_amd64.pyd", "/d", "EXTENSION"),
        ("rapidfuzz/process_cpp_impl.cpython-311-x86_64-linux-gnu.so", "/e", "EXTENSION"),
    ]
    kept = filters.drop_payload(toc, plan_for(platform).drop_patterns)
    assert [dest for dest, _, _ in kept] == [toc[0][0], toc[3][0], toc[4][0]]
