"""The control protocol bounds a ``search`` text, not only the message size (64 KiB)."""

from __future__ import annotations

import json

import pytest

from sessiondock_launcher import ctl
from sessiondock_launcher._ctl_protocol import MAX_SEARCH_CHARS


def test_a_search_text_at_the_bound_is_accepted_both_ways() -> None:
    text = "é" * MAX_SEARCH_CHARS
    line = ctl.encode_request("search", {"text": text})
    assert ctl.parse_request(line) == ("search", {"text": text})


def test_a_longer_search_text_is_not_encoded() -> None:
    with pytest.raises(ValueError, match=f"over {MAX_SEARCH_CHARS} characters"):
        ctl.encode_request("search", {"text": "x" * (MAX_SEARCH_CHARS + 1)})


def test_a_longer_search_text_from_another_client_is_refused() -> None:
    # Well under the 64 KiB message limit, so only the text bound can refuse it.
    line = json.dumps({"v": 1, "cmd": "search", "args": {"text": "x" * 60_000}}).encode()
    assert len(line) < ctl.MAX_MESSAGE_BYTES
    with pytest.raises(ctl.ProtocolError, match="over 256 characters"):
        ctl.parse_request(line)


def test_the_command_line_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert ctl.main(["--search", "x" * 1_000]) == 2
    assert f"over {MAX_SEARCH_CHARS} characters" in capsys.readouterr().err
