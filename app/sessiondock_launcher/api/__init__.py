"""Qt-free async client for the SessionDock Local API: client, settings, models and errors.

Typical use::

    settings = from_env()
    async with SessionDockClient.from_settings(settings) as client:
        health = await client.health()
        async for session in client.iter_sessions():
            ...
"""

from __future__ import annotations

from sessiondock_launcher.api.client import DEFAULT_MAX_DOWNLOAD_BYTES, SessionDockClient
from sessiondock_launcher.api.config import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    ENV_TOKEN,
    ClientSettings,
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
    ServerError,
    ServiceUnavailable,
    SessionDockError,
    Unauthorized,
    UnknownApiError,
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

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_DOWNLOAD_BYTES",
    "ENV_BASE_URL",
    "ENV_TOKEN",
    "ERROR_CODES",
    "ActionResult",
    "ApiError",
    "ClientClosed",
    "ClientSettings",
    "ConfigurationError",
    "ConnectionLost",
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
    "ServerError",
    "ServiceUnavailable",
    "Session",
    "SessionDockClient",
    "SessionDockError",
    "SessionPage",
    "TagCount",
    "Unauthorized",
    "UnknownApiError",
    "Waveform",
    "WaveformNote",
    "WaveformNotes",
    "check_token_destination",
    "from_env",
    "is_loopback_host",
    "normalize_base_url",
]
