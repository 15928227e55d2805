"""The layer rules of DESIGN.md, checked on the real import graph (ruff's TID251 is the first line;
this also covers lazy imports, app.py and the ctl path)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "sessiondock_launcher"
QT = ("PySide6", "qasync", "shiboken6")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(*parts: str) -> list[Path]:
    return sorted((PACKAGE.joinpath(*parts)).rglob("*.py"))


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


@pytest.mark.parametrize("layer", ["api", "core", "simulator"])
def test_qt_free_layers_import_no_qt(layer: str) -> None:
    offenders = {p.name: _top(_imports(p)) & set(QT) for p in _modules(layer)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_api_imports_httpx() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "httpx" in _top(_imports(p)) and p.parent.name != "api"
    ]
    assert offenders == []


def test_core_does_not_reach_up_into_ui_or_desktop() -> None:
    for path in _modules("core") + _modules("api"):
        up = {
            n
            for n in _imports(path)
            if n.startswith(
                (
                    "sessiondock_launcher.ui",
                    "sessiondock_launcher.desktop",
                    "sessiondock_launcher.app",
                )
            )
        }
        assert up == set(), path


def test_cli_entry_imports_no_qt_at_module_level() -> None:
    # --version/--help must answer without loading Qt
    assert _top(_imports(PACKAGE / "cli.py")) & set(QT) == set()
