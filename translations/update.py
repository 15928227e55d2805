"""``make translations``: extract every translatable text into ``translations/*.ts`` and compile
the ``.qm`` files the package ships (docs/translations.md).

``pyside6-lupdate`` reads ``tr`` / ``QCoreApplication.translate`` / ``QT_TRANSLATE_NOOP`` calls in
the package (the simulator is a test double, not UI) and merges them into each ``.ts``: existing
translations are kept, new texts come in as *unfinished*, texts no longer in the code are dropped.
``pyside6-lrelease`` then compiles each ``.ts`` into ``app/sessiondock_launcher/translations``.

``--check`` extracts into a temporary copy instead and exits 1 when a ``.ts`` in the repo is out of
date with the code (new, changed or vanished texts) or a ``.qm`` is out of date with its ``.ts``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "app" / "sessiondock_launcher"
TS_DIR = ROOT / "translations"
QM_DIR = PACKAGE / "translations"
CATALOGUE = "sessiondock_launcher"
LANGUAGES = ("de",)
"""Shipped translations. English is the source language: it needs no file (``i18n.Plurals``
words English plurals when no translation answers)."""


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else name


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "simulator" not in p.parts)


def ts_files(directory: Path) -> dict[str, Path]:
    return {lang: directory / f"{CATALOGUE}_{lang}.ts" for lang in LANGUAGES}


def lupdate(ts: Path, language: str) -> None:
    args = [_tool("pyside6-lupdate"), *map(str, sources()), "-no-obsolete", "-locations", "none"]
    # a bare "de" loses the plural forms on the next merge ("target language has less forms")
    target = {"de": "de_DE"}.get(language, language)
    args += ["-source-language", "en", "-target-language", target, "-ts", str(ts)]
    subprocess.run(args, check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path) -> None:
    args = [_tool("pyside6-lrelease"), "-removeidentical", str(ts), "-qm", str(qm)]
    subprocess.run(args, check=True, capture_output=True, text=True)


def update() -> None:
    QM_DIR.mkdir(exist_ok=True)
    for language, ts in ts_files(TS_DIR).items():
        lupdate(ts, language)
        lrelease(ts, QM_DIR / ts.with_suffix(".qm").name)
        print(f"{ts.relative_to(ROOT)}: {unfinished(ts)} unfinished")


def unfinished(ts: Path) -> int:
    return ts.read_text(encoding="utf-8").count('type="unfinished"')


def check() -> list[str]:
    """What is out of date, one line each (empty: all current)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for language, ts in ts_files(TS_DIR).items():
            fresh = Path(tmp) / ts.name
            shutil.copy(ts, fresh)
            lupdate(fresh, language)
            if fresh.read_bytes() != ts.read_bytes():
                problems.append(f"{ts.name} is out of date with the code: run `make translations`")
            qm = Path(tmp) / ts.with_suffix(".qm").name
            lrelease(ts, qm)
            shipped = QM_DIR / qm.name
            if not shipped.exists() or shipped.read_bytes() != qm.read_bytes():
                problems.append(f"{shipped.name} is out of date with {ts.name}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report what is out of date")
    if parser.parse_args().check:
        problems = check()
        print("\n".join(problems) or "translations are up to date")
        return 1 if problems else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
