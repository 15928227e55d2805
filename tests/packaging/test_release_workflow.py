"""The release workflow says what the issue asks, and its Linux job mirrors .ci/run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps_text(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def test_runs_on_tags_and_on_demand() -> None:
    triggers = load()[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["tags"] == ["v*"]
    assert "workflow_dispatch" in triggers


def test_builds_and_runs_the_bundle_on_all_three_oses() -> None:
    job = load()["jobs"]["bundle"]
    oses = {entry["os"] for entry in job["strategy"]["matrix"]["include"]}
    assert oses == {"ubuntu-latest", "macos-latest", "windows-latest"}
    check = [s for s in job["steps"] if "frozen_check.py" in str(s.get("run", ""))]
    assert len(check) == 1 and "if" not in check[0]  # every OS runs the frozen app
    frozen_check = (ROOT / "packaging" / "frozen_check.py").read_text(encoding="utf-8")
    for flag in ('"--version"', '"--smoke", "--demo"', '"--toggle"'):
        assert flag in frozen_check


def test_uploads_the_right_archive_per_os() -> None:
    job = load()["jobs"]["bundle"]
    patterns = {e["os"]: e["artifact"] for e in job["strategy"]["matrix"]["include"]}
    assert patterns["windows-latest"].endswith("-windows-*.zip")
    assert patterns["macos-latest"].endswith("-macos-*.zip")  # the .app, zipped by ditto
    assert patterns["ubuntu-latest"].endswith("-linux-*.tar.gz")
    upload = [
        s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")
    ]
    assert upload[0]["with"]["if-no-files-found"] == "error"


def test_signing_is_present_but_skipped_without_secrets() -> None:
    job = load()["jobs"]["bundle"]
    signing = [s for s in job["steps"] if re.search(r"[Ss]ign|[Nn]otari", str(s.get("name", "")))]
    assert len(signing) >= 3
    for step in signing:
        assert "HAVE_" in step["if"]  # flags computed from the secrets at job level
    for flag in ("HAVE_MACOS_SIGNING", "HAVE_WINDOWS_SIGNING", "HAVE_MACOS_NOTARY"):
        assert "secrets." in job["env"][flag]


def apt_packages(script: str) -> set[str]:
    """The packages of the first ``apt-get install --no-install-recommends`` (lines joined)."""
    joined = re.sub(r"\\\n\s*", " ", script)
    match = re.search(r"--no-install-recommends (.+)", joined)
    assert match is not None
    return set(match[1].split(">", 1)[0].split())


def test_linux_job_mirrors_ci_run() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    text = steps_text(load()["jobs"]["bundle"])
    assert "pulseaudio" in apt_packages(ci)
    assert apt_packages(text) == apt_packages(ci)
    # Not SESSIONDOCK_CI_NO_SKIPS: the runner is not root, so the root-only disk tests skip there.
    for line in ("source .ci/null-audio-sink.sh", "start_null_audio_sink"):
        assert line in ci and line in text
    assert "make package" in ci and "make package" in text
    command = (
        'SESSIONDOCK_TEST_BUNDLE="$PWD/dist/sessiondock-launcher" '
        'PYTEST_ARGS="--durations=30" make check'
    )
    assert command in ci
    assert command in text
