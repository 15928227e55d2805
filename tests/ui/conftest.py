"""Fixtures for the pytest-qt tests: the shared qasync loop (tests/support/qt_loop.py)."""

from __future__ import annotations

from tests.support.qt_loop import qloop, run_async

__all__ = ["qloop", "run_async"]
