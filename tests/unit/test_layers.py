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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _internal_imports(path: Path, known: set[str]) -> set[str]:
    """Package modules ``path`` imports, at any level (lazy and TYPE_CHECKING ones count too)."""
    found: set[str] = set()
    package = _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = (package or _module_name(path)).split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for imported in names:
            name = imported
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def test_no_import_cycles_anywhere_in_the_package() -> None:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(paths)
    # A package's __init__ importing its own submodules is not a cycle worth flagging.
    graph = {
        name: {
            dep
            for dep in _internal_imports(path, known)
            if dep != name
            and not (path.name == "__init__.py" and dep.startswith(name + "."))
            and not name.startswith(dep + ".")
        }
        for name, path in paths.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert cycles == []


def test_no_async_for_leaves_a_fresh_generator_to_the_garbage_collector() -> None:
    """``async for x in make()`` stopped by an error or a cancellation leaves ``make()``'s
    generator half-read; the app's loop (qasync) installs no async-generator hooks, so it is
    finalized later by the garbage collector, where its cleanup cannot await ("async generator
    ignored GeneratorExit", a CI failure). Iterate ``async with closing(make()) as items``
    (``sessiondock_launcher.aio``) instead."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.AsyncFor) and isinstance(node.iter, ast.Call)
    ]
    assert offenders == []
