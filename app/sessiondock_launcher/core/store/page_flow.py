"""How a listing's pages flow into a reconcile: one page ahead, each stamped before its request."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from typing import TypeVar

from sessiondock_launcher.aio import closing

__all__ = ["read_ahead", "stamped_pages"]

_T = TypeVar("_T")


async def read_ahead(source: AsyncIterable[_T]) -> AsyncIterator[_T]:
    """``source``, one item ahead: while the caller works on an item, the next is under way.

    For a listing that means the next page is requested (and parsed, off the loop) while this
    one is written to the store, so a full sync takes about as long as paging alone. Only one
    ``anext`` of ``source`` runs at a time; an error of ``source`` reaches the caller at the item
    it failed on; when the caller stops early, the fetch under way is cancelled and ``source``
    closed.
    """
    iterator = aiter(source)
    pending: asyncio.Future[_T] = asyncio.ensure_future(anext(iterator))
    try:
        while True:
            try:
                item = await pending
            except StopAsyncIteration:
                return
            pending = asyncio.ensure_future(anext(iterator))
            yield item
    finally:
        if not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await pending
        elif not pending.cancelled():
            pending.exception()  # retrieved: an item fetched for nobody is simply dropped
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()


async def stamped_pages(
    pages: AsyncIterable[_T], stamp: Callable[[], Awaitable[float]]
) -> AsyncIterator[tuple[_T, float]]:
    """Each page with a write stamp taken just before it was asked for (a pager requests the
    next page when asked for it: ``iter_pages`` is lazy). Closes ``pages`` however it ends."""
    async with closing(pages) as iterator:
        while True:
            requested_at = await stamp()
            try:
                page = await anext(iterator)
            except StopAsyncIteration:
                return
            yield page, requested_at
