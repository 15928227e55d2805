"""Suite-wide fixtures and guards.

Qt runs offscreen unless the caller chose a platform (``xvfb-run`` sets ``QT_QPA_PLATFORM=xcb``).
The cyclic GC only runs on the main thread between tests: a Qt object freed by the GC on a
uvicorn or pytest-timeout thread leaves a dangling timer that crashes later (docs/pitfalls.md §14).

logfail (qutebrowser's habit): a test fails when anything logs at ERROR or above while it runs,
unless it says it expects that with ``@pytest.mark.log_errors(r"pattern", ...)`` (only records
whose message matches one of the patterns are allowed; no pattern allows any). Python warnings
already fail every test (``filterwarnings = error`` in pyproject.toml).

With ``SESSIONDOCK_CI_NO_SKIPS=1`` (set by .ci/run) a skipped test fails instead: CI has every
tool a test needs, so a skip there means a test that silently stopped testing.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from collections.abc import Generator, Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite must never talk to a real SessionDock or pick up a developer's token.
for _name in ("SESSIONDOCK_BASE_URL", "SESSIONDOCK_TOKEN"):
    os.environ.pop(_name, None)

import pytest  # noqa: E402  (after the environment is prepared)

NO_SKIPS_ENV = "SESSIONDOCK_CI_NO_SKIPS"
_ERROR_RECORDS = pytest.StashKey["ErrorRecords"]()


class ErrorRecords(logging.Handler):
    """Collects every ERROR (and worse) record logged anywhere during one test."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.reported = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def pytest_configure(config: pytest.Config) -> None:
    gc.disable()
    config.addinivalue_line(
        "markers",
        "log_errors(*patterns): the test expects ERROR log records (only those whose message "
        "matches a pattern, or any without patterns); logfail lets them pass",
    )


@pytest.fixture(autouse=True)
def _gc_on_main_thread() -> Iterator[None]:
    yield
    gc.unfreeze()  # the app freezes its synced library; tests must not pile objects up
    gc.collect()


def pytest_runtest_setup(item: pytest.Item) -> None:
    handler = ErrorRecords()
    item.stash[_ERROR_RECORDS] = handler
    logging.getLogger().addHandler(handler)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    handler = item.stash.get(_ERROR_RECORDS, None)
    if handler is not None and report.when in ("call", "teardown"):
        if report.when == "teardown":
            logging.getLogger().removeHandler(handler)
        unexpected = _unexpected(item, handler.records[handler.reported :])
        handler.reported = len(handler.records)
        if unexpected and report.passed:
            report.outcome = "failed"
            report.longrepr = (
                "logfail: unexpected ERROR log records during the test:\n"
                + "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in unexpected)
            )
    no_skips = os.environ.get(NO_SKIPS_ENV)
    if no_skips and report.skipped and not hasattr(report, "wasxfail") and call.excinfo:
        reason = call.excinfo.value
        report.outcome = "failed"
        report.longrepr = f"skipped on CI ({NO_SKIPS_ENV}=1), where every test must run: {reason}"
    return report


def _unexpected(item: pytest.Item, records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    marker = item.get_closest_marker("log_errors")
    if marker is None:
        return records
    if not marker.args:
        return []
    patterns = [re.compile(p) for p in marker.args]
    return [r for r in records if not any(p.search(r.getMessage()) for p in patterns)]
