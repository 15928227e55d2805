"""Keep PySide6's import hook from holding the source text of every module imported after it.

PySide6 (``shibokensupport.feature``, 6.x) looks at each module imported after it for
``from __feature__ import …``: it reads the module's whole source with ``inspect.getsource``, and
that leaves every line in :mod:`linecache` for the rest of the process. For the launcher's ~230
modules that is ~13 MB of text nobody reads again (idle RSS with a 1-session library: 117.7 →
104.1 MB, measured 2026-12-05). Freeing the cache later gives nothing back (the lines are spread
over the heap between the objects the imports made), so the lines go right after each check.

:func:`forget_scanned_sources` wraps PySide's check so that it keeps its answer and drops the lines
it loaded. Tracebacks still show source lines: linecache reads a file again when asked. It has to
run before the imports it is meant for: :mod:`sessiondock_launcher.lifecycle` imports this module
before anything else from Qt. A PySide6 without that private function is left alone (the check
is gone or renamed; ``tests/unit/test_start_imports.py`` then fails and says so).
"""

from __future__ import annotations

import linecache
import sys
from collections.abc import Callable
from types import ModuleType

import shiboken6  # noqa: F401  # installs PySide's import hook (shibokensupport.feature)

_HOOK_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


class _ForgetfulCheck:
    """PySide's check, unchanged in its answer, minus the source lines it leaves behind."""

    def __init__(self, check: Callable[[ModuleType], bool]) -> None:
        self.check = check

    def __call__(self, module: ModuleType) -> bool:
        filename = getattr(module, "__file__", None)
        was_cached = filename in linecache.cache
        try:
            return self.check(module)
        finally:
            if filename and not was_cached:
                linecache.cache.pop(filename, None)


def forget_scanned_sources() -> bool:
    """Make PySide's per-import source check drop the lines it read; ``True`` once installed."""
    feature = sys.modules.get(_HOOK_MODULE)
    check: Callable[[ModuleType], bool] | None = getattr(feature, _CHECK, None)
    if check is None:
        return False
    if not isinstance(check, _ForgetfulCheck):
        setattr(feature, _CHECK, _ForgetfulCheck(check))
    return True


INSTALLED = forget_scanned_sources()  # at import: the imports after this one are the point
