"""Back-off, give-up and reset for failed assets (core/retry_book.py)."""

from __future__ import annotations

from sessiondock_launcher.core.retry_book import RetryBook


def test_back_off_then_give_up_until_reset() -> None:
    book: RetryBook[str] = RetryBook((2.0, 10.0))
    assert book.may_try("a", 0.0)
    assert book.failed("a", 0.0) == 2.0
    assert not book.may_try("a", 1.9) and book.may_try("a", 2.0)
    assert book.failed("a", 2.0) == 10.0
    assert not book.may_try("a", 11.9) and book.may_try("a", 12.0)
    assert book.failed("a", 12.0) is None and book.given_up("a")
    assert not book.may_try("a", 1e9)
    book.reset()  # the link came back
    assert book.may_try("a", 0.0) and not book.given_up("a")


def test_success_forgets_the_failures() -> None:
    book: RetryBook[str] = RetryBook((2.0,))
    book.failed("a", 0.0)
    book.succeeded("a")
    assert book.may_try("a", 0.0) and book.failed("a", 0.0) == 2.0
