"""What each API error says to the user, in one place, marked for translation.

Every sentence is ``QT_TRANSLATE_NOOP("Messages", …)`` (``tr_noop.py``): English here and in the
logs, translated where the UI shows it (``ui/common/i18n.py`` ``tr_message``). Placeholders are
filled by :mod:`sessiondock_launcher.api.errors`; ``{url}``, ``{message}`` (SessionDock's own
words) and ``{status}`` are shown as they are.
"""

from __future__ import annotations

from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP

SOMETHING_WRONG = QT_TRANSLATE_NOOP("Messages", "Something went wrong talking to SessionDock.")
INVALID_BASE_URL = QT_TRANSLATE_NOOP(
    "Messages",
    "The SessionDock address {url} is not valid ({reason}). Use the address "
    "shown in SessionDock → Settings → Local API, e.g. http://127.0.0.1:18432/api/v1.",
)
INSECURE_HOST = QT_TRANSLATE_NOOP(
    "Messages",
    "The launcher will not send your SessionDock token to {url} ({reason}). "
    "Use http://127.0.0.1:18432/api/v1, or allow that host (https only) in Settings.",
)
MISSING_TOKEN = QT_TRANSLATE_NOOP(
    "Messages",
    "No SessionDock token is set. Copy it from SessionDock → Settings → Local API "
    "into the launcher's Settings.",
)
CLIENT_CLOSED = QT_TRANSLATE_NOOP(
    "Messages",
    "The connection to SessionDock was closed. Restart the launcher if this persists.",
)
NOT_RUNNING = QT_TRANSLATE_NOOP(
    "Messages", "SessionDock isn't running — start it, or check the address in Settings."
)
TIMEOUT = QT_TRANSLATE_NOOP(
    "Messages",
    "SessionDock is not responding. Wait a moment and try again; if it stays busy, "
    "restart SessionDock.",
)
CONNECTION_LOST = QT_TRANSLATE_NOOP(
    "Messages",
    "The connection to SessionDock was interrupted. Try again; if it keeps happening, "
    "restart SessionDock or check the address in Settings.",
)
INVALID_RESPONSE = QT_TRANSLATE_NOOP(
    "Messages",
    "The launcher could not understand SessionDock's answer. Make sure the address in "
    "Settings points at SessionDock's Local API (…/api/v1) and that SessionDock is up to date.",
)
RESPONSE_TOO_LARGE = QT_TRANSLATE_NOOP(
    "Messages",
    "SessionDock sent an answer far larger than any real one; the launcher stopped reading "
    "it and kept what it had. Check the address in Settings; restarting SessionDock may help.",
)
UNSENDABLE_TEXT = QT_TRANSLATE_NOOP(
    "Messages",
    "This can't be sent to SessionDock: the text contains a character that is not allowed "
    "(a control character or a broken Unicode character). Edit the text, or rename the "
    "session in SessionDock.",
)
DOWNLOAD_TOO_LARGE = QT_TRANSLATE_NOOP("Messages", "That preview file is too large to load.")
REFUSED = QT_TRANSLATE_NOOP("Messages", "SessionDock refused the request: {message}")
REJECTED = QT_TRANSLATE_NOOP("Messages", "SessionDock rejected the request: {message}")
OPEN_FAILED = QT_TRANSLATE_NOOP(
    "Messages",
    "SessionDock could not open the session: {message}. Check that the project "
    "file still exists and its drive is connected.",
)
FOCUS_FAILED = QT_TRANSLATE_NOOP(
    "Messages",
    "SessionDock could not show the session ({message}). Bring SessionDock's "
    "window up, or use Open instead.",
)
UNAUTHORIZED = QT_TRANSLATE_NOOP(
    "Messages",
    "Token rejected — update it in Settings (copy it from SessionDock → Settings → Local API).",
)
READ_ONLY = QT_TRANSLATE_NOOP(
    "Messages",
    "This needs Full Automation: SessionDock → Settings → Local API → Full Automation.",
)
NOT_FOUND = QT_TRANSLATE_NOOP(
    "Messages", "That session no longer exists in SessionDock. Refresh the list."
)
UNAVAILABLE = QT_TRANSLATE_NOOP(
    "Messages", "This isn't available in the running SessionDock: {message}"
)
FOCUS_UNAVAILABLE = QT_TRANSLATE_NOOP(
    "Messages", "This SessionDock cannot focus sessions. Use Open instead."
)
SERVER_ERROR = QT_TRANSLATE_NOOP(
    "Messages",
    "SessionDock hit an internal error (HTTP {status}). Try again; if it keeps "
    "happening, restart SessionDock.",
)
