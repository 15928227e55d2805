"""The suite's own guards (tests/conftest.py): logfail and "no skips on CI" can really fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SAMPLE = """
import logging
import pytest

log = logging.getLogger("sample")

def test_error_record_fails():
    log.error("disk on fire")

@pytest.mark.log_errors(r"disk on fire")
def test_expected_error_passes():
    log.error("disk on fire")

@pytest.mark.log_errors(r"disk on fire")
def test_other_error_still_fails():
    log.error("something else broke")

def test_warning_record_passes():
    log.warning("only a warning")

def test_skip():
    pytest.skip("no tool here")
"""


def _run(tmp_path: Path, no_skips: bool) -> str:
    shutil.copy(Path(__file__).parents[1] / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nfilterwarnings = error\nasyncio_default_fixture_loop_scope = function\n"
    )
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    env = {k: v for k, v in os.environ.items() if k != "SESSIONDOCK_CI_NO_SKIPS"}
    if no_skips:
        env["SESSIONDOCK_CI_NO_SKIPS"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout


def test_logfail_fails_on_unexpected_error_records(tmp_path: Path) -> None:
    out = _run(tmp_path, no_skips=False)
    assert "FAILED test_sample.py::test_error_record_fails" in out
    assert "PASSED test_sample.py::test_expected_error_passes" in out
    assert "FAILED test_sample.py::test_other_error_still_fails" in out
    assert "PASSED test_sample.py::test_warning_record_passes" in out
    assert "SKIPPED" in out and "no tool here" in out
    assert "disk on fire" in out


def test_skips_fail_when_ci_says_every_test_must_run(tmp_path: Path) -> None:
    out = _run(tmp_path, no_skips=True)
    assert "FAILED test_sample.py::test_skip" in out
    assert "skipped on CI" in out
