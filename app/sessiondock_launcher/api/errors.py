"""The one exception tree of the SessionDock API client.

Everything the client raises on purpose derives from :class:`SessionDockError`; foreign errors
(httpx, json) are translated in one place (``_transport.ApiConnection``). Every error has a
``user_message`` that tells the user what to do, and no error text ever contains the token.

Our exception hierarchy:

* SessionDockError
  + ConfigurationError
    - InvalidBaseUrl (also a ValueError)
    - InsecureHostError
    - MissingToken
  + ClientClosed
  + NetworkError
    - NotRunning
    - RequestTimeout
    - ConnectionLost
  + InvalidResponse
    - ResponseTooLarge
  + UnsendableText (also a ValueError)
  + DownloadTooLarge
  + ApiError (status, code, message)
    - InvalidRequest      400 ``invalid_json``
    - OpenFailed          400 ``open_failed``
    - FocusFailed         400 ``focus_failed``
    - Unauthorized        401 ``unauthorized``
    - ReadOnly            403 ``read_only``
    - NotFound            404 ``not_found``
    - ServiceUnavailable  501 (any code not listed)
      · FocusUnavailable  501 ``focus_unavailable``
    - ServerError         other 5xx
    - UnknownApiError     any other status with an unknown code

How a server error becomes an exception (:meth:`ApiError.from_response`): a documented
``error.code`` picks its class (see :data:`ERROR_CODES`); otherwise, including when the body has
no ``{"error": ...}`` envelope, the HTTP status decides: 401 → Unauthorized, 404 → NotFound,
501 → ServiceUnavailable, other 5xx → ServerError, anything else → UnknownApiError.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from sessiondock_launcher.api import wording

__all__ = [
    "ERROR_CODES",
    "ApiError",
    "ClientClosed",
    "ConfigurationError",
    "ConnectionLost",
    "DownloadTooLarge",
    "FocusFailed",
    "FocusUnavailable",
    "InsecureHostError",
    "InvalidBaseUrl",
    "InvalidRequest",
    "InvalidResponse",
    "MissingToken",
    "NetworkError",
    "NotFound",
    "NotRunning",
    "OpenFailed",
    "ReadOnly",
    "RequestTimeout",
    "ResponseTooLarge",
    "ServerError",
    "ServiceUnavailable",
    "SessionDockError",
    "Unauthorized",
    "UnknownApiError",
    "UnsendableText",
]


class SessionDockError(Exception):
    """Base class of every error the SessionDock client raises."""

    _user_message: ClassVar[str] = wording.SOMETHING_WRONG

    @property
    def user_message(self) -> str:
        """A sentence for the user saying what happened and what they can do about it."""
        return self._user_message


# --- configuration ---------------------------------------------------------------------------


class ConfigurationError(SessionDockError):
    """The client is configured in a way that cannot work or is not safe."""


class InvalidBaseUrl(ConfigurationError, ValueError):
    """The SessionDock address is not a usable http(s) URL."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"Invalid SessionDock address {url!r}: {reason}")

    @property
    def user_message(self) -> str:
        return wording.INVALID_BASE_URL.format(url=repr(self.url), reason=self.reason)


class InsecureHostError(ConfigurationError):
    """Refused to send the token somewhere other than this computer or an allowed https host."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"Refusing to send the SessionDock token to {url!r}: {reason}")

    @property
    def user_message(self) -> str:
        return wording.INSECURE_HOST.format(url=repr(self.url), reason=self.reason)


class MissingToken(ConfigurationError):
    """No token is configured, so no request can be made."""

    _user_message = wording.MISSING_TOKEN

    def __init__(self) -> None:
        super().__init__("No SessionDock API token configured (Settings or SESSIONDOCK_TOKEN)")


class ClientClosed(SessionDockError):
    """The client was closed; create a new one."""

    _user_message = wording.CLIENT_CLOSED

    def __init__(self) -> None:
        super().__init__("The SessionDock client is closed")


# --- transport -------------------------------------------------------------------------------


class NetworkError(SessionDockError):
    """The request did not get a complete answer from SessionDock."""

    def __init__(self, origin: str, detail: str) -> None:
        self.origin = origin
        super().__init__(f"{detail} ({origin})")


class NotRunning(NetworkError):
    """Nothing accepts connections at the configured address (connection refused)."""

    _user_message = wording.NOT_RUNNING

    def __init__(self, origin: str) -> None:
        super().__init__(origin, "Could not connect to SessionDock")


class RequestTimeout(NetworkError):
    """SessionDock did not answer in time."""

    _user_message = wording.TIMEOUT

    def __init__(self, origin: str) -> None:
        super().__init__(origin, "SessionDock did not answer in time")


class ConnectionLost(NetworkError):
    """The connection broke during the request (server closed it, protocol error)."""

    _user_message = wording.CONNECTION_LOST

    def __init__(self, origin: str) -> None:
        super().__init__(origin, "The connection to SessionDock was lost during the request")


class InvalidResponse(SessionDockError):
    """The answer was not the JSON envelope SessionDock sends (HTML, truncated, not JSON...)."""

    _user_message = wording.INVALID_RESPONSE

    def __init__(self, reason: str, status: int | None = None) -> None:
        self.reason = reason
        self.status = status
        suffix = f" (HTTP {status})" if status is not None else ""
        super().__init__(f"Unexpected response from SessionDock: {reason}{suffix}")


class ResponseTooLarge(InvalidResponse):
    """An API answer exceeded the size cap; it was not read further and nothing was changed."""

    _user_message = wording.RESPONSE_TOO_LARGE

    def __init__(self, limit: int, status: int | None = None) -> None:
        self.limit = limit
        super().__init__(f"the answer exceeds the limit of {limit} bytes", status)


class UnsendableText(SessionDockError, ValueError):
    """Request text (often from the server: an id, a URL) holds a NUL/control in a URL or a lone
    surrogate (valid in JSON, not in UTF-8); refused before anything is sent."""

    _user_message = wording.UNSENDABLE_TEXT

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"Cannot send {where} to SessionDock: {reason}")


class DownloadTooLarge(SessionDockError):
    """A preview download exceeded the size cap."""

    _user_message = wording.DOWNLOAD_TOO_LARGE

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"Download exceeds the limit of {limit} bytes")


# --- server envelopes ------------------------------------------------------------------------


class ApiError(SessionDockError):
    """SessionDock answered with an error (``{"error": {"status", "code", "message"}}``).

    Attributes:
        status: The HTTP status code.
        code: The machine-readable ``error.code`` ("" when the body had none).
        message: The server's human-readable ``error.message`` (or a description of the status).
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        label = f"HTTP {status}, {code}" if code else f"HTTP {status}"
        super().__init__(f"{message} ({label})")

    @property
    def user_message(self) -> str:
        return wording.REFUSED.format(message=self.message)

    @staticmethod
    def from_response(status: int, code: str, message: str) -> ApiError:
        """Build the exception for an error response (see the module docstring for the rules)."""
        cls = ERROR_CODES.get(code) or _class_for_status(status)
        return cls(status, code, message)


class InvalidRequest(ApiError):
    """``invalid_json``: the request body was malformed or rejected."""

    @property
    def user_message(self) -> str:
        return wording.REJECTED.format(message=self.message)


class OpenFailed(ApiError):
    """``open_failed``: SessionDock could not open the session (e.g. project path missing)."""

    @property
    def user_message(self) -> str:
        return wording.OPEN_FAILED.format(message=self.message)


class FocusFailed(ApiError):
    """``focus_failed``: SessionDock could not bring the session forward."""

    @property
    def user_message(self) -> str:
        return wording.FOCUS_FAILED.format(message=self.message)


class Unauthorized(ApiError):
    """``unauthorized``: the token is missing or was rejected (e.g. regenerated)."""

    _user_message = wording.UNAUTHORIZED

    @property
    def user_message(self) -> str:
        return self._user_message


class ReadOnly(ApiError):
    """``read_only``: a write was attempted while the Local API is read-only."""

    _user_message = wording.READ_ONLY

    @property
    def user_message(self) -> str:
        return self._user_message


class NotFound(ApiError):
    """``not_found``: the session (or route) does not exist."""

    _user_message = wording.NOT_FOUND

    @property
    def user_message(self) -> str:
        return self._user_message


class ServiceUnavailable(ApiError):
    """501: the feature is unavailable in SessionDock's current runtime."""

    @property
    def user_message(self) -> str:
        return wording.UNAVAILABLE.format(message=self.message)


class FocusUnavailable(ServiceUnavailable):
    """``focus_unavailable``: focusing sessions is not supported by this SessionDock."""

    _user_message = wording.FOCUS_UNAVAILABLE

    @property
    def user_message(self) -> str:
        return self._user_message


class ServerError(ApiError):
    """A 5xx other than 501: SessionDock failed internally."""

    @property
    def user_message(self) -> str:
        return wording.SERVER_ERROR.format(status=self.status)


class UnknownApiError(ApiError):
    """An error code (or status) this client does not know; code/status/message are kept."""


ERROR_CODES: Mapping[str, type[ApiError]] = MappingProxyType(
    {
        "invalid_json": InvalidRequest,
        "open_failed": OpenFailed,
        "focus_failed": FocusFailed,
        "unauthorized": Unauthorized,
        "read_only": ReadOnly,
        "not_found": NotFound,
        "focus_unavailable": FocusUnavailable,
    }
)
"""Documented ``error.code`` values and the exception each one raises."""


def _class_for_status(status: int) -> type[ApiError]:
    if status == 401:
        return Unauthorized
    if status == 404:
        return NotFound
    if status == 501:
        return ServiceUnavailable
    if 500 <= status <= 599:
        return ServerError
    return UnknownApiError
