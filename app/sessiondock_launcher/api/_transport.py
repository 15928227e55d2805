"""HTTP plumbing of the client: one httpx.AsyncClient, auth, envelopes and error translation.

This is the only module where foreign exceptions are handled: httpx errors are translated into
the :mod:`~sessiondock_launcher.api.errors` tree in :meth:`ApiConnection._translating`, and JSON
decoding failures are caught only in :func:`_parse_json`.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import threading
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx

# httpcore imports its async backend (anyio's asyncio backend, ~20 modules) on the first request,
# i.e. inside one event-loop step of a running UI (40-85 ms stall). Pay that at import instead.
import anyio._backends._asyncio  # noqa: F401  # isort: skip
import httpcore._backends.anyio  # noqa: F401  # isort: skip

from sessiondock_launcher import __version__
from sessiondock_launcher.aio import closing
from sessiondock_launcher.api._wire import QueryParams
from sessiondock_launcher.api.config import (
    DEFAULT_MAX_RESPONSE_BYTES,
    Deadlines,
    check_token_destination,
    origin_of,
    same_origin,
)
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
    ResponseTooLarge,
    UnsendableText,
)
from sessiondock_launcher.api.models import resolve_url

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=2.0, read=10.0, write=10.0, pool=5.0)
DEFAULT_LIMITS = httpx.Limits(max_connections=8, max_keepalive_connections=4, keepalive_expiry=30.0)
_ERROR_BODY_LIMIT = 64 * 1024
_MIN_REDACTED_TOKEN = 8
_REDACTED = "[token]"
_NOT_JSON: Any = object()
_T = TypeVar("_T")
Body = bytes | bytearray

THREAD_DECODE_MIN_BYTES = 256 * 1024
"""Answers at least this large are decoded (and built) in a worker thread: ~3 ms of parsing."""


class ApiConnection:
    """Sends authenticated requests to one SessionDock API and unwraps ``{"data": ...}``.

    Every answer is read as a stream up to a byte cap (never whole), every request runs under an
    overall deadline (httpx's read timeout restarts with each byte), and large answers are
    decoded in a worker thread so the event loop keeps breathing.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        allow_remote_hosts: Collection[str],
        transport: httpx.AsyncBaseTransport | None,
        timeout: httpx.Timeout | float | None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        deadlines: Deadlines | None = None,
    ) -> None:
        check_token_destination(base_url, allow_remote_hosts)
        self.base_url = base_url
        self.origin = origin_of(base_url)
        self._token = token.strip() if token and token.strip() else None
        self.closed = False
        self.max_response_bytes = max_response_bytes
        self.deadlines = deadlines or Deadlines()
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
        deadline: float | None = None,
    ) -> Any:
        """Send a request to ``base_url + path``; return the ``data`` of the answer.

        Returns ``None`` for a 204 answer. ``body`` (when not ``None``) is sent as JSON.
        ``deadline`` (seconds, default ``deadlines.call``) bounds the whole exchange.
        """
        return await self.fetch(method, path, _data_of, params=params, body=body, deadline=deadline)

    async def fetch(
        self,
        method: str,
        path: str,
        build: Callable[[dict[str, Any] | None], _T],
        *,
        params: QueryParams | None = None,
        body: Any = None,
        deadline: float | None = None,
    ) -> _T:
        """Like :meth:`call` but return ``build(envelope)`` (``None`` for a 204 answer).

        ``build`` runs where the body is decoded: in a worker thread for large answers, so it
        must not touch the event loop (pure parsing only).
        """
        request = self._request(
            method, path, params=params, body=body, headers=self._headers("application/json")
        )
        limit = self.deadlines.call if deadline is None else deadline
        with self._translating(method, path):
            async with asyncio.timeout(limit):
                status, content = await self._exchange(request, self.max_response_bytes)
        if len(content) < THREAD_DECODE_MIN_BYTES:
            return build(_envelope(content, status))
        return await asyncio.to_thread(_decode_and_build, content, status, build)

    async def download(self, url: str, *, max_bytes: int, deadline: float | None) -> bytes:
        """GET an asset on the API origin with the token; at most ``max_bytes`` of it."""
        absolute = resolve_url(url, self.origin) or ""
        if not self._on_origin(absolute):
            shown = ascii(absolute.split("?", 1)[0][:200])[1:-1]
            raise InsecureHostError(shown, f"downloads are only fetched from {self.origin}")
        request = self._request(
            "GET", absolute, params=None, body=None, headers=self._headers("*/*")
        )
        with self._translating("GET", absolute):
            async with asyncio.timeout(deadline or self.deadlines.download):
                _, content = await self._exchange(request, max_bytes, download=True)
        return bytes(content)

    async def _exchange(
        self, request: httpx.Request, limit: int, *, download: bool = False
    ) -> tuple[int, Body]:
        """Send ``request``; return the status and at most ``limit`` bytes of a success's body."""
        started = time.perf_counter()
        response = await self._http.send(request, stream=True)
        try:
            self._log(request.method, response, started)
            if not response.is_success:
                content, _ = await _read_upto(response, _ERROR_BODY_LIMIT, truncate=True)
                raise self._api_error(response, content)
            content, over = await _read_upto(response, limit)
            if over:
                if download:
                    raise DownloadTooLarge(limit)
                raise ResponseTooLarge(limit, response.status_code)
            return response.status_code, content
        finally:
            await response.aclose()

    def _request(
        self,
        method: str,
        target: str,
        *,
        params: QueryParams | None,
        body: Any,
        headers: dict[str, str],
    ) -> httpx.Request:
        """Build the request, refusing text no request can carry with a typed error.

        A lone surrogate (valid in JSON, so a server may send one) cannot be UTF-8 encoded; a NUL
        or another control character is not allowed in a URL; NaN is not JSON.
        """
        try:
            return self._http.build_request(
                method, target, params=tuple(params) if params else None, json=body, headers=headers
            )
        except httpx.InvalidURL as exc:
            raise UnsendableText(f"{method} {target[:200]!a}", str(exc)) from None
        except ValueError as exc:  # UnicodeEncodeError of a lone surrogate, NaN in a JSON body
            raise UnsendableText(f"{method} {target[:200]!a}", ascii(str(exc))) from None

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
        except TimeoutError as exc:  # the request's overall deadline (asyncio.timeout)
            logger.debug("%s %s: over its deadline", method, ascii(target[:200]))
            raise RequestTimeout(self.origin) from exc
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

    def _api_error(self, response: httpx.Response, content: Body) -> ApiError:
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


async def _read_upto(
    response: httpx.Response, limit: int, *, truncate: bool = False
) -> tuple[Body, bool]:
    """Read a streamed (decoded) body, never more than ``limit`` bytes plus one chunk.

    Returns the body (not copied: json.loads takes a bytearray) and ``False``, or, for a longer
    body, its first ``limit`` bytes when ``truncate`` (else nothing) and ``True``. Unless
    ``truncate``, a declared ``Content-Length`` over the limit stops before reading anything.
    """
    declared = response.headers.get("Content-Length", "")
    if not truncate and declared.isdigit() and int(declared) > limit:
        return b"", True
    chunks = bytearray()
    async with closing(response.aiter_bytes()) as body:
        async for chunk in body:
            chunks += chunk
            if len(chunks) > limit:
                # Only a truncated error body is of use; an over-cap answer is dropped.
                return (bytes(chunks[:limit]) if truncate else b""), True
    return chunks, False


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _data_of(envelope: dict[str, Any] | None) -> Any:
    return None if envelope is None else envelope["data"]


def _identity(obj: dict[str, Any]) -> dict[str, Any]:
    return obj


def _parse_json(content: Body, *, yielding: bool = False) -> Any:
    """Decode a JSON body, or return ``_NOT_JSON`` (the only place JSON errors are handled).

    ``yielding``: call a (trivial) Python hook per JSON object. The C decoder never lets go of
    the GIL by itself; entering Python code lets the event loop's thread take it back at the
    interpreter's switch interval, so decoding a large page in a worker thread does not stall it.
    """
    if not content or content.isspace():
        return _NOT_JSON
    try:
        if yielding:
            return json.loads(content, object_hook=_identity)
        return json.loads(content)
    except (ValueError, RecursionError):
        # JSONDecodeError and UnicodeDecodeError are ValueErrors; so are integers past Python's
        # 4,300-digit limit; nesting deeper than the parser's recursion limit is RecursionError.
        return _NOT_JSON


def _envelope(content: Body, status: int, *, yielding: bool = False) -> dict[str, Any] | None:
    """The ``{"data": ...}`` envelope of a success (``None`` for 204), or InvalidResponse."""
    if status == 204:
        return None
    payload = _parse_json(content, yielding=yielding)
    if payload is _NOT_JSON:
        raise InvalidResponse("the answer is not valid JSON (truncated or not JSON)", status)
    if not isinstance(payload, dict) or "data" not in payload:
        raise InvalidResponse("the answer is not a SessionDock data envelope", status)
    return payload


def _decode_and_build(
    content: Body, status: int, build: Callable[[dict[str, Any] | None], _T]
) -> _T:
    """Worker-thread half of :meth:`ApiConnection.fetch` for large answers.

    The cyclic GC is held off while it runs: a collection triggered by this thread's allocations
    would run here, and could free Qt objects of the UI thread on the wrong thread
    (docs/pitfalls.md §14).
    """
    with _GC_HOLD:
        return build(_envelope(content, status, yielding=True))


class _GcHold:
    """Holds the cyclic GC off while any worker is inside (reentrant across threads).

    Restores only what it changed: a GC already off (a sync's pause, tests) is left off.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._disabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._inside == 0 and gc.isenabled():
                gc.disable()
                self._disabled = True
            self._inside += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0 and self._disabled:
                self._disabled = False
                gc.enable()


_GC_HOLD = _GcHold()
