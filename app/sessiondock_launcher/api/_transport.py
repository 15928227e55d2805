"""HTTP plumbing of the client: one httpx.AsyncClient, auth, envelopes and error translation.

This is the only module where foreign exceptions are handled: httpx errors are translated into
the :mod:`~sessiondock_launcher.api.errors` tree in :meth:`ApiConnection._translating`, and JSON
decoding failures are caught only in :func:`_parse_json`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

# httpcore imports its async backend (anyio's asyncio backend, ~20 modules) on the first request,
# i.e. inside one event-loop step of a running UI (40-85 ms stall). Pay that at import instead.
import anyio._backends._asyncio  # noqa: F401  # isort: skip
import httpcore._backends.anyio  # noqa: F401  # isort: skip

from sessiondock_launcher import __version__
from sessiondock_launcher.api._wire import QueryParams
from sessiondock_launcher.api.config import check_token_destination, origin_of, same_origin
from sessiondock_launcher.api.errors import (
    ApiError,
    ClientClosed,
    ConnectionLost,
    DownloadTooLarge,
    InsecureHostError,
    InvalidBaseUrl,
    InvalidResponse,
    MissingToken,
    NotRunning,
    RequestTimeout,
)
from sessiondock_launcher.api.models import resolve_url

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=2.0, read=10.0, write=10.0, pool=5.0)
DEFAULT_LIMITS = httpx.Limits(max_connections=8, max_keepalive_connections=4, keepalive_expiry=30.0)
_ERROR_BODY_LIMIT = 64 * 1024
_MIN_REDACTED_TOKEN = 8
_REDACTED = "[token]"
_NOT_JSON: Any = object()


class ApiConnection:
    """Sends authenticated requests to one SessionDock API and unwraps ``{"data": ...}``."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        allow_remote_hosts: Collection[str],
        transport: httpx.AsyncBaseTransport | None,
        timeout: httpx.Timeout | float | None,
    ) -> None:
        check_token_destination(base_url, allow_remote_hosts)
        self.base_url = base_url
        self.origin = origin_of(base_url)
        self._token = token.strip() if token and token.strip() else None
        self.closed = False
        self._http = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            limits=DEFAULT_LIMITS,
            # Proxy variables would otherwise hijack 127.0.0.1 (docs/pitfalls.md §2).
            trust_env=False,
            follow_redirects=False,
            headers={"User-Agent": f"sessiondock-launcher/{__version__}"},
            # Plain-http base URLs never do TLS (assets on other origins are refused), so skip
            # loading the CA bundle: ~3 MB of RSS for nothing. https keeps full verification.
            verify=base_url.lower().startswith("https://"),
        )

    @property
    def has_token(self) -> bool:
        return self._token is not None

    async def aclose(self) -> None:
        self.closed = True
        await self._http.aclose()

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        body: Any = None,
    ) -> Any:
        """Send a request to ``base_url + path``; return the ``data`` of the answer.

        Returns ``None`` for a 204 answer. ``body`` (when not ``None``) is sent as JSON.
        """
        envelope = await self.call_envelope(method, path, params=params, body=body)
        return None if envelope is None else envelope["data"]

    async def call_envelope(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        body: Any = None,
    ) -> dict[str, Any] | None:
        """Like :meth:`call` but return the whole envelope (``data`` plus e.g. ``meta``)."""
        headers = self._headers("application/json")
        started = time.perf_counter()
        with self._translating(method, path):
            response = await self._http.request(
                method, path, params=tuple(params or ()), json=body, headers=headers
            )
        self._log(method, response, started)
        if not response.is_success:
            raise self._api_error(response, response.content)
        if response.status_code == 204:
            return None
        payload = _parse_json(response.content)
        status = response.status_code
        if payload is _NOT_JSON:
            raise InvalidResponse("the answer is not valid JSON (truncated or not JSON)", status)
        if not isinstance(payload, dict) or "data" not in payload:
            raise InvalidResponse("the answer is not a SessionDock data envelope", status)
        return payload

    async def download(self, url: str, *, max_bytes: int) -> bytes:
        """GET an asset on the API origin with the token; at most ``max_bytes`` of it."""
        absolute = resolve_url(url, self.origin) or ""
        if not self._on_origin(absolute):
            shown = absolute.split("?", 1)[0][:200]
            raise InsecureHostError(shown, f"downloads are only fetched from {self.origin}")
        headers = self._headers("*/*")
        started = time.perf_counter()
        with self._translating("GET", absolute):
            async with self._http.stream("GET", absolute, headers=headers) as response:
                self._log("GET", response, started)
                if not response.is_success:
                    content = await _read_capped(response, _ERROR_BODY_LIMIT, truncate=True)
                    raise self._api_error(response, content)
                return await _read_capped(response, max_bytes, truncate=False)

    def _on_origin(self, url: str) -> bool:
        if not url.lower().startswith(("http://", "https://")):
            return False
        try:
            return same_origin(url, self.origin)
        except InvalidBaseUrl:  # no host, bad port...: certainly not our origin
            return False

    def _headers(self, accept: str) -> dict[str, str]:
        if self.closed:
            raise ClientClosed()
        if self._token is None:
            raise MissingToken()
        return {"Authorization": f"Bearer {self._token}", "Accept": accept}

    @contextmanager
    def _translating(self, method: str, target: str) -> Iterator[None]:
        """Turn httpx/json failures into the client's error tree (the only such place)."""
        try:
            yield
        except httpx.TimeoutException as exc:
            logger.debug("%s %s timed out (%s)", method, target, type(exc).__name__)
            raise RequestTimeout(self.origin) from exc
        except httpx.ConnectError as exc:
            logger.debug("%s %s: cannot connect (%s)", method, target, type(exc).__name__)
            raise NotRunning(self.origin) from exc
        except httpx.DecodingError as exc:
            raise InvalidResponse("the answer's content encoding is broken") from exc
        except httpx.TransportError as exc:
            logger.debug("%s %s: connection lost (%s)", method, target, type(exc).__name__)
            raise ConnectionLost(self.origin) from exc

    def _api_error(self, response: httpx.Response, content: bytes) -> ApiError:
        """Map an error answer; a body without an envelope (HTML, text) maps by status alone."""
        payload = _parse_json(content)
        envelope = payload.get("error") if isinstance(payload, dict) else None
        error = envelope if isinstance(envelope, dict) else {}
        code, message = _text(error.get("code")), _text(error.get("message"))
        if not message:
            reason = response.reason_phrase or "error"
            message = f"HTTP {response.status_code} {reason}"
        return ApiError.from_response(response.status_code, code, self._redact(message))

    def _redact(self, text: str) -> str:
        # A server (or a proxy in between) might echo the Authorization header back. Tokens too
        # short to be real are not redacted: replacing them would garble ordinary words.
        if self._token and len(self._token) >= _MIN_REDACTED_TOKEN:
            return text.replace(self._token, _REDACTED)
        return text

    @staticmethod
    def _log(method: str, response: httpx.Response, started: float) -> None:
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug(
            "%s %s -> %d in %.1f ms",
            method,
            response.request.url.raw_path.decode("ascii", "replace"),
            response.status_code,
            elapsed_ms,
        )


async def _read_capped(response: httpx.Response, limit: int, *, truncate: bool) -> bytes:
    """Read a streamed body up to ``limit`` bytes: truncate, or raise DownloadTooLarge."""
    declared = response.headers.get("Content-Length", "")
    if not truncate and declared.isdigit() and int(declared) > limit:
        raise DownloadTooLarge(limit)
    chunks = bytearray()
    async for chunk in response.aiter_bytes():
        chunks += chunk
        if len(chunks) > limit:
            if truncate:
                return bytes(chunks[:limit])
            raise DownloadTooLarge(limit)
    return bytes(chunks)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _parse_json(content: bytes) -> Any:
    """Decode a JSON body, or return ``_NOT_JSON`` (the only place JSON errors are handled)."""
    if not content.strip():
        return _NOT_JSON
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        # JSONDecodeError and UnicodeDecodeError are ValueErrors; so are integers past Python's
        # 4,300-digit limit; nesting deeper than the parser's recursion limit is RecursionError.
        return _NOT_JSON
