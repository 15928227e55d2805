"""``sessiondock-launcher --query`` in a fresh process with no instance: it answers from the index
file without importing the HTTP stack or Qt (their imports alone cost it ~0.3-1 s), and prints
exactly what ``answer_query`` prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.unit.core.store.store_support import MakeSessions

from sessiondock_launcher.core.store import answer_query, open_store, reconcile
from sessiondock_launcher.core.store.persisted import index_path

PROBE = """
import json, sys
from sessiondock_launcher import cli
code = cli.query_main(sys.argv[1:])
sys.stdout.flush()
heavy = sorted(m for m in ("PySide6", "qasync", "httpx", "httpcore", "anyio") if m in sys.modules)
sys.stderr.write(json.dumps({"code": code, "heavy": heavy}) + "\\n")
"""


def test_query_without_instance_uses_the_index_file_and_imports_no_http_or_qt(
    tmp_path: Path, make_sessions: MakeSessions
) -> None:
    path = tmp_path / "data" / "library.sqlite3"  # where SESSIONDOCK_LAUNCHER_HOME puts it
    store, _ = open_store(path)
    with store:
        reconcile(store, [make_sessions(400)])
    expected = answer_query(path, "mix", True)  # builds from the store, writes the index file
    assert expected[0] == 0
    assert index_path(path).is_file()
    written = index_path(path).stat().st_mtime_ns
    env = {
        "PATH": "/usr/bin:/bin",
        "SESSIONDOCK_LAUNCHER_HOME": str(tmp_path),  # a private address: no instance runs there
        "PYTHONPATH": str(Path(__file__).resolve().parents[4] / "app"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--query", "mix", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "heavy": []}
    assert done.stdout == expected[1]
    assert index_path(path).stat().st_mtime_ns == written  # loaded, not rebuilt and rewritten
