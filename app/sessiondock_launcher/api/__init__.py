"""Qt-free async client for the SessionDock Local API: client, settings, models and errors.

Typical use::

    settings = from_env()
    async with SessionDockClient.from_settings(settings) as client:
        health = await client.health()
        async for session in client.iter_sessions():
            ...
"""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING, Any

# httpx's package imports its command-line tool (``httpx._main``: click, rich, pygments) whenever
# those are installed (uvicorn brings click, the test tools the rest): ~6 MB of modules that the
# launcher never runs. Marked missing here, before anything imports httpx, its ``main`` is the
# stub httpx keeps for an install without them. Set only if nobody imported the tool already.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
# httpcore asks for sniffio (trio or asyncio?) on every lock it sets up, i.e. on each request;
# when it is not installed each ask scans sys.path again: ~200 failed imports and ~1,000 stat
# calls on the UI thread per 10,000-session sync. Not installed: marked missing once (httpcore and
# anyio treat the ModuleNotFoundError as asyncio, as they do for a missing module).
if importlib.util.find_spec("sniffio") is None:
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

from sessiondock_launcher.api.config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    ENV_BASE_URL,
    ENV_TOKEN,
    ClientSettings,
    Deadlines,
    check_token_destination,
    from_env,
    is_loopback_host,
    normalize_base_url,
)
from sessiondock_launcher.api.errors import (
    ERROR_CODES,
    ApiError,
    ClientClosed,
    ConfigurationError,
    ConnectionLost,
    DownloadTooLarge,
    FocusFailed,
    FocusUnavailable,
    InsecureHostError,
    InvalidBaseUrl,
    InvalidRequest,
    InvalidResponse,
    MissingToken,
    NetworkError,
    NotFound,
    NotRunning,
    OpenFailed,
    ReadOnly,
    RequestTimeout,
    ResponseTooLarge,
    ServerError,
    ServiceUnavailable,
    SessionDockError,
    Unauthorized,
    UnknownApiError,
    UnsendableText,
)
from sessiondock_launcher.api.models import (
    ActionResult,
    DeleteResult,
    Health,
    ImportItem,
    ImportResult,
    Preview,
    PreviewInfo,
    RequestRecord,
    Session,
    SessionPage,
    TagCount,
    Waveform,
    WaveformNote,
    WaveformNotes,
)

if TYPE_CHECKING:
    from sessiondock_launcher.api.client import DEFAULT_MAX_DOWNLOAD_BYTES, SessionDockClient


def __getattr__(name: str) -> Any:
    """The client (and httpx under it) is imported on first use: ``--query`` answered from the
    stored library reads ``api.models`` only, and importing httpx costs it ~0.3-1 s."""
    if name in {"SessionDockClient", "DEFAULT_MAX_DOWNLOAD_BYTES"}:
        from sessiondock_launcher.api import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_DOWNLOAD_BYTES",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "ENV_BASE_URL",
    "ENV_TOKEN",
    "ERROR_CODES",
    "ActionResult",
    "ApiError",
    "ClientClosed",
    "ClientSettings",
    "ConfigurationError",
    "ConnectionLost",
    "Deadlines",
    "DeleteResult",
    "DownloadTooLarge",
    "FocusFailed",
    "FocusUnavailable",
    "Health",
    "ImportItem",
    "ImportResult",
    "InsecureHostError",
    "InvalidBaseUrl",
    "InvalidRequest",
    "InvalidResponse",
    "MissingToken",
    "NetworkError",
    "NotFound",
    "NotRunning",
    "OpenFailed",
    "Preview",
    "PreviewInfo",
    "ReadOnly",
    "RequestRecord",
    "RequestTimeout",
    "ResponseTooLarge",
    "ServerError",
    "ServiceUnavailable",
    "Session",
    "SessionDockClient",
    "SessionDockError",
    "SessionPage",
    "TagCount",
    "Unauthorized",
    "UnknownApiError",
    "UnsendableText",
    "Waveform",
    "WaveformNote",
    "WaveformNotes",
    "check_token_destination",
    "from_env",
    "is_loopback_host",
    "normalize_base_url",
]
