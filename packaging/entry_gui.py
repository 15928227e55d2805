"""Entry point of the frozen GUI executable ``sessiondock-launcher`` (PyInstaller's ``__main__``).

Besides the normal command line (:mod:`sessiondock_launcher.cli`) the frozen binary answers two
hidden first arguments, because in a bundle ``sys.executable`` is this binary, not a Python:

- ``--run-simulator ARGS…``: run the demo simulator's CLI (``SimulatorProcess`` starts
  ``[sys.executable, "--run-simulator", …]`` when ``sys.frozen`` is set);
- ``--bundle-selfcheck``: import every Qt module and keyring backend the bundle claims to carry
  (listed in ``bundle_info.json`` by the spec), check the resources, print one JSON line and exit
  0 only if all of it works. CI runs it to catch over-eager excludes (docs/pitfalls.md §12).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import sys
from pathlib import Path

SIMULATOR_FLAG = "--run-simulator"  # = simulator.runner.FROZEN_SIMULATOR_FLAG (a test pins it)
SELFCHECK_FLAG = "--bundle-selfcheck"
BUNDLE_INFO = "bundle_info.json"


def selfcheck() -> dict[str, object]:
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))
    info = json.loads((root / BUNDLE_INFO).read_text(encoding="utf-8"))
    failures: dict[str, str] = {}
    modules = [f"PySide6.{m}" for m in info["qt_modules"]] + list(info["keyring_backends"])
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001  # a self-check reports every failure, not the first
            failures[name] = f"{type(exc).__name__}: {exc}"
    try:  # keyring finds its backends through entry points: the dist-info must be bundled
        import keyring

        entry_points = sorted(
            ep.name for ep in importlib.metadata.entry_points(group="keyring.backends")
        )
        backends = sorted(type(b).__module__ for b in keyring.backend.get_all_keyring())
    except Exception as exc:  # noqa: BLE001  # keyring backends raise anything; report it
        failures["keyring"] = f"{type(exc).__name__}: {exc}"
        entry_points, backends = [], []
    try:
        from sessiondock_launcher.resources import icon_svg

        if not icon_svg().is_file():
            failures["resources"] = f"{icon_svg()} is missing"
    except Exception as exc:  # noqa: BLE001  # a self-check reports every failure
        failures["resources"] = f"{type(exc).__name__}: {exc}"
    icu = _icu_check(failures)
    return {
        "ok": not failures,
        "icu": icu,
        "version": info["version"],
        "imported": len(modules) - len(failures),
        "keyring_backends": backends,
        "keyring_entry_points": entry_points,
        "failures": failures,
    }


def _icu_check(failures: dict[str, str]) -> dict[str, object]:
    """Qt's ICU users on the (trimmed, on Linux) ICU data: collation, case mapping, time zones."""
    try:
        from PySide6.QtCore import (  # noqa: TID251  # the frozen GUI's self-check tests Qt itself
            QCollator,
            QLocale,
            QTimeZone,
        )

        german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
        return {
            "collation_de": QCollator(german).compare("ärger", "bahn") < 0,
            "upper_de": german.toUpper("straße"),
            "time_zone": bytes(QTimeZone(b"Europe/Berlin").id().data()).decode(),
        }
    except Exception as exc:  # noqa: BLE001  # a self-check reports every failure
        failures["icu"] = f"{type(exc).__name__}: {exc}"
        return {}


def main(argv: list[str]) -> int:
    if argv[:1] == [SIMULATOR_FLAG]:
        from sessiondock_launcher.simulator.cli import main as simulator_main

        return simulator_main(argv[1:])
    if argv[:1] == [SELFCHECK_FLAG]:
        report = selfcheck()
        print(json.dumps(report, sort_keys=True), flush=True)
        return 0 if report["ok"] else 1
    from sessiondock_launcher.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
