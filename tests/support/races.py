"""The one known library race the suite tolerates, named once.

Stopping a server, replacing a client or shutting down while a request is still connecting can
leave a TCP connection that anyio created as its task was cancelled; asyncio closes it at GC with a
``ResourceWarning`` that pytest reports as an unraisable exception on whichever test's teardown
collects it. It shows as one of two objects, depending on how far the connect got: the bare
``socket.socket``, or the asyncio ``_SelectorSocketTransport`` already wrapping it. Only those
two are ignored: any other unraisable exception (another ``__del__`` that fails, an unclosed file
or event loop) still fails the test. Leaked sockets are measured by bench/soak.py instead
(/proc/self/fd at the start and the end), where they stay at the baseline.
"""

from __future__ import annotations

import pytest

SOCKET_RACE_FILTER = (
    r"ignore:Exception ignored in. <(socket\.socket fd=|function _SelectorTransport\.__del__ )"
    ":pytest.PytestUnraisableExceptionWarning"
)
ignore_socket_race = pytest.mark.filterwarnings(SOCKET_RACE_FILTER)
