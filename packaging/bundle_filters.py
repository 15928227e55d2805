"""Trimming PyInstaller's collected payload: drop what a tray launcher never loads, then prune.

Entries are PyInstaller TOC tuples ``(destination, source, typecode)``. Both functions are plain
Python so tests can run them on made-up tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePath

TocEntry = tuple[str, str, str]  # (destination, source, typecode)


def drop_payload(entries: Iterable[TocEntry], patterns: Iterable[str]) -> list[TocEntry]:
    """Entries whose destination matches none of ``patterns``."""
    regex = re.compile("|".join(f"(?:{p})" for p in patterns))
    return [e for e in entries if not regex.search(e[0].replace("\\", "/"))]


def is_root_binary(dest: str, typecode: str = "BINARY") -> bool:
    """Binaries loaded by name at run time (extensions, Qt plugins, libpython): always kept."""
    dest = dest.replace("\\", "/")
    name = dest.rsplit("/", 1)[-1]
    return (
        typecode == "EXTENSION"
        or "/plugins/" in dest
        or name.startswith("libpython")
        or re.search(r"\.(cpython-\d+[^/]*|abi3)\.so$|\.pyd$", name) is not None
        or "/lib-dynload/" in dest
    )


def prune_unreferenced(
    binaries: list[TocEntry], get_imports: Callable[[str], Iterable[str]]
) -> list[TocEntry]:
    """Keep root binaries and the shared libraries they (transitively) link; drop the rest.

    After :func:`drop_payload` removed e.g. the GTK theme plugin, the GTK/cairo/pango libraries it
    pulled in are left behind: nothing links them any more. ``get_imports(path)`` returns the
    names (or paths) of the libraries a binary links (PyInstaller's ``bindepend.get_imports``).
    Symbolic links are kept when their target is kept.
    """
    by_name: dict[str, list[TocEntry]] = {}
    for entry in binaries:
        by_name.setdefault(entry[0].replace("\\", "/").rsplit("/", 1)[-1], []).append(entry)
    keep_names: set[str] = set()
    todo = [e for e in binaries if is_root_binary(e[0], e[2]) and e[2] != "SYMLINK"]
    seen_sources: set[str] = set()
    while todo:
        entry = todo.pop()
        if entry[1] in seen_sources:
            continue
        seen_sources.add(entry[1])
        for linked in get_imports(entry[1]):
            name = PurePath(linked).name
            if name in by_name and name not in keep_names:
                keep_names.add(name)
                todo.extend(e for e in by_name[name] if e[2] != "SYMLINK")
    kept = []
    for entry in binaries:
        name = entry[0].replace("\\", "/").rsplit("/", 1)[-1]
        if (
            is_root_binary(entry[0], entry[2])
            or name in keep_names
            or (entry[2] == "SYMLINK" and PurePath(entry[1]).name in keep_names)
        ):
            kept.append(entry)
    return kept
