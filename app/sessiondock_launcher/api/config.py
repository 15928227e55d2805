"""Where the client connects and with which token: settings, URL validation and host policy.

``SESSIONDOCK_BASE_URL`` and ``SESSIONDOCK_TOKEN`` are the variable names SessionDock's own docs
use. The token may only travel to this computer (127.0.0.0/8, ::1, ``localhost``) unless a host
is explicitly allowed *and* the address uses https.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit

from sessiondock_launcher.api.errors import InsecureHostError, InvalidBaseUrl

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "ENV_BASE_URL",
    "ENV_TOKEN",
    "ClientSettings",
    "Deadlines",
    "check_token_destination",
    "from_env",
    "is_loopback_host",
    "normalize_base_url",
    "origin_of",
    "same_origin",
]

DEFAULT_BASE_URL = "http://127.0.0.1:18432/api/v1"
ENV_BASE_URL = "SESSIONDOCK_BASE_URL"
ENV_TOKEN = "SESSIONDOCK_TOKEN"
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""Cap of one API answer: ~60x a full 500-session page with long notes (~0.5 MB)."""
_API_PATH = "/api/v1"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _split(url: str) -> SplitResult:
    """Split and check an http(s) URL; raise :class:`InvalidBaseUrl` if it cannot work."""
    shown = url.strip()
    try:
        parts = urlsplit(shown)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as exc:
        raise InvalidBaseUrl(shown, f"it cannot be parsed: {exc}") from None
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise InvalidBaseUrl(shown, "it must start with http:// or https://")
    if not parts.hostname:
        raise InvalidBaseUrl(shown, "it has no host name")
    if parts.username is not None or parts.password is not None:
        # Do not echo credentials back into error text.
        raise InvalidBaseUrl(
            f"{parts.scheme}://{parts.hostname}", "it must not contain a user name"
        )
    return parts


def normalize_base_url(url: str) -> str:
    """Validate a SessionDock API base URL and return it in canonical form.

    Surrounding whitespace and trailing slashes are dropped, scheme and host are lower-cased,
    and a bare origin (``http://127.0.0.1:18432``) gets the standard ``/api/v1`` path.

    Raises:
        InvalidBaseUrl: The URL is not http(s), has no host, carries credentials, a query or a
            fragment, or has an invalid port.
    """
    parts = _split(url)
    if parts.query or parts.fragment:
        raise InvalidBaseUrl(url.strip(), "it must not contain '?' or '#'")
    path = parts.path.rstrip("/") or _API_PATH
    netloc = parts.netloc.lower()
    return f"{parts.scheme.lower()}://{netloc}{path}"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL (the part previews and downloads are resolved against)."""
    parts = _split(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def same_origin(first: str, second: str) -> bool:
    """Whether two http(s) URLs share scheme, host and port (default ports made explicit)."""
    a, b = _split(first), _split(second)
    a_scheme, b_scheme = a.scheme.lower(), b.scheme.lower()
    return (
        a_scheme == b_scheme
        and a.hostname == b.hostname
        and (a.port or _DEFAULT_PORTS[a_scheme]) == (b.port or _DEFAULT_PORTS[b_scheme])
    )


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` is this computer: ``localhost``, 127.0.0.0/8 or ::1 (also IPv4-mapped)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def check_token_destination(url: str, allow_remote_hosts: Collection[str] = ()) -> None:
    """Raise unless the token may be sent to ``url``.

    Loopback hosts are always fine. Any other host must be listed in ``allow_remote_hosts``
    (case-insensitive) and be reached over https.

    Raises:
        InvalidBaseUrl: ``url`` is not an http(s) URL with a host.
        InsecureHostError: The host is not loopback and not allowed over https.
    """
    parts = _split(url)
    host = parts.hostname or ""
    if is_loopback_host(host):
        return
    shown = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    allowed = {h.strip().strip("[]").lower() for h in allow_remote_hosts}
    if host not in allowed:
        raise InsecureHostError(shown, "it is not this computer and not an allowed host")
    if parts.scheme.lower() != "https":
        raise InsecureHostError(shown, "an allowed remote host must use https")


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Overall deadline of each kind of request, in seconds, from sending to the last byte.

    httpx's read timeout restarts with every byte, so a server trickling one byte a second holds
    a request forever; these bound the whole exchange and raise
    :class:`~.errors.RequestTimeout`.

    Attributes:
        health: ``GET /health``: short, so an unresponsive server is reported and retried soon.
        page: One page of ``GET /sessions`` (up to 500 sessions).
        call: Every other API call (one session, tags, notes, focus, open, import...).
        download: One preview asset (artwork, audio).
    """

    health: float = 8.0
    page: float = 30.0
    call: float = 15.0
    download: float = 30.0

    def __post_init__(self) -> None:
        for name in ("health", "page", "call", "download"):
            value = getattr(self, name)
            if not value > 0:
                raise ValueError(f"deadline {name} must be positive, not {value!r}")


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Connection settings for :class:`~sessiondock_launcher.api.SessionDockClient`.

    Attributes:
        base_url: Validated, canonical API base URL.
        token: Bearer token, or ``None`` when not configured. Hidden from ``repr``.
        allow_remote_hosts: Non-loopback hosts the token may go to (https only).
        max_response_bytes: Largest API answer accepted; a bigger one raises
            :class:`~.errors.ResponseTooLarge` (read no further than that).
        deadlines: Overall deadline of each kind of request.
    """

    base_url: str = DEFAULT_BASE_URL
    token: str | None = field(default=None, repr=False)
    allow_remote_hosts: tuple[str, ...] = ()
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    deadlines: Deadlines = field(default_factory=Deadlines)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", normalize_base_url(self.base_url))
        token = self.token.strip() if self.token else ""
        object.__setattr__(self, "token", token or None)
        if self.max_response_bytes < 1:
            raise ValueError(f"max_response_bytes must be positive, not {self.max_response_bytes}")


def from_env(environ: Mapping[str, str] = os.environ) -> ClientSettings:
    """Read ``SESSIONDOCK_BASE_URL`` / ``SESSIONDOCK_TOKEN`` (empty values count as unset).

    Raises:
        InvalidBaseUrl: ``SESSIONDOCK_BASE_URL`` is set but not a usable URL.
    """
    base_url = environ.get(ENV_BASE_URL, "").strip() or DEFAULT_BASE_URL
    return ClientSettings(base_url=base_url, token=environ.get(ENV_TOKEN) or None)
