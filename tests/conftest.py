"""Suite-wide fixtures and guards.

Qt runs offscreen unless the caller chose a platform (``xvfb-run`` sets ``QT_QPA_PLATFORM=xcb``).
The cyclic GC only runs on the main thread between tests: a Qt object freed by the GC on a
uvicorn or pytest-timeout thread leaves a dangling timer that crashes later (docs/pitfalls.md §14).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite must never talk to a real SessionDock or pick up a developer's token.
for _name in ("SESSIONDOCK_BASE_URL", "SESSIONDOCK_TOKEN"):
    os.environ.pop(_name, None)

import pytest  # noqa: E402  (after the environment is prepared)


def pytest_configure(config: pytest.Config) -> None:
    gc.disable()


@pytest.fixture(autouse=True)
def _gc_on_main_thread() -> Iterator[None]:
    yield
    gc.unfreeze()  # the app freezes its synced library; tests must not pile objects up
    gc.collect()
