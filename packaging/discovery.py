"""Finding modules, Qt libraries and distributions without importing them (for spec_logic.py)."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import importlib.util
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# --- discovering modules without importing them ----------------------------------------------


def package_dir(name: str) -> Path | None:
    """Directory of an installed top-level package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def iter_modules(directory: Path, prefix: str) -> list[str]:
    """Dotted names of every module and package below ``directory`` (sorted, no imports)."""
    names: list[str] = []
    for path in sorted(directory.iterdir()):
        if path.is_dir() and (path / "__init__.py").is_file():
            names.append(f"{prefix}.{path.name}")
            names += iter_modules(path, f"{prefix}.{path.name}")
        elif path.suffix == ".py" and path.stem != "__init__" and path.stem.isidentifier():
            names.append(f"{prefix}.{path.stem}")
    return names


def top_level_imports(source: str) -> set[str]:
    """Top-level package names imported unconditionally at module level (not in try/if)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def importable_submodules(
    package: str, is_installed: Callable[[str], bool] | None = None
) -> list[str]:
    """Submodules of ``package`` whose module-level imports are all installed.

    uvicorn imports its loop/protocol implementations by name; the ones for packages that are
    not installed (websockets, uvloop, gunicorn workers, …) are left out instead of becoming
    "missing module" noise.
    """
    installed = is_installed or (lambda name: importlib.util.find_spec(name) is not None)
    directory = package_dir(package)
    if directory is None:
        return []
    found = []
    for name in iter_modules(directory, package):
        if name.endswith(".__main__"):
            continue
        relative = name.split(".")[1:]
        path = directory.joinpath(*relative)
        source_file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        imports = top_level_imports(source_file.read_text(encoding="utf-8"))
        third_party = {i for i in imports if i not in sys.stdlib_module_names and i != package}
        if all(installed(i) for i in third_party):
            found.append(name)
    return found


# --- Qt modules ------------------------------------------------------------------------------


_QT_LIB_PATTERNS = (
    re.compile(rb"libQt6(\w+?)\.so\.6"),  # Linux
    re.compile(rb"Qt6(\w+?)\.dll"),  # Windows
    re.compile(rb"Qt(\w+?)\.framework"),  # macOS
)


def qt_binding_modules(pyside_dir: Path) -> dict[str, Path]:
    """``{"QtCore": <extension file>, …}`` for the installed PySide6."""
    found: dict[str, Path] = {}
    for path in sorted(pyside_dir.iterdir()):
        name = path.name.split(".")[0]
        if name.startswith("Qt") and path.suffix in (".so", ".pyd") and name.isidentifier():
            found[name] = path
    return found


def qt_linked_modules(extension: Path, available: Iterable[str]) -> set[str]:
    """Qt modules whose library the extension links (the names are in its dynamic section)."""
    data = extension.read_bytes()
    wanted = set(available)
    linked = set()
    for pattern in _QT_LIB_PATTERNS:
        for match in pattern.finditer(data):
            module = "Qt" + match.group(1).decode("ascii", "replace")
            if module in wanted:
                linked.add(module)
    return linked


def qt_modules_imported(source_root: Path) -> set[str]:
    """``PySide6.Qt*`` modules imported anywhere in our source (by AST, any nesting)."""
    used: set[str] = set()
    for path in source_root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "PySide6" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            used.update(n.split(".")[1] for n in names if re.match(r"PySide6\.Qt\w+", n))
    return used


# --- distributions only the dev/package extras bring in --------------------------------------


def _requirement_names(requirements: Iterable[str]) -> set[str]:
    names = set()
    for requirement in requirements:
        if re.search(r"\bextra\s*==", requirement):  # only with an extra of that dependency
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        if match:
            names.add(_canonical(match.group(1)))
    return names


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _closure(names: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    todo = [_canonical(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        todo.extend(_requirement_names(requires) - seen)
    return seen


@functools.cache
def _packages_distributions() -> Mapping[str, list[str]]:
    return importlib.metadata.packages_distributions()


def dev_only_imports(root: Path) -> list[str]:
    """Import names of the distributions that only the optional extras pull in."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _closure(_requirement_names(project.get("dependencies", [])))
    extras = [r for group in project.get("optional-dependencies", {}).values() for r in group]
    dev_only = _closure(_requirement_names(extras)) - runtime
    imports = set()
    for module, dists in _packages_distributions().items():
        canonical = {_canonical(d) for d in dists}
        if canonical <= dev_only and module.isidentifier() and not module.startswith("_distutils"):
            imports.add(module)
    return sorted(imports - set(sys.stdlib_module_names))


def runtime_imports(root: Path) -> list[str]:
    """Import names of the runtime distributions (what the ctl executable must not pull in)."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _closure(_requirement_names(project.get("dependencies", [])))
    imports = set()
    for module, dists in _packages_distributions().items():
        if {_canonical(d) for d in dists} <= runtime and module.isidentifier():
            imports.add(module)
    return sorted(imports - set(sys.stdlib_module_names))
