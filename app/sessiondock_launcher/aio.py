"""Async iteration that always ends its source: ``async with closing(source) as items``.

The app's event loop (qasync) installs no async-generator hooks (``sys.set_asyncgen_hooks``),
so an async generator that an ``async for`` left half-read is not closed by the loop: the
garbage collector finalizes it later, synchronously, where its cleanup cannot await. A cleanup
that awaits (cancelling a fetch under way, closing the generator it reads from) then raises
"async generator ignored GeneratorExit" into ``sys.unraisablehook``, and the request under way is
never cancelled. Every ``async for`` over a generator that may stop early (an error or a
cancellation in its body) therefore goes through :func:`closing`, which closes the source on
the loop, before the error reaches the caller. ``tests/unit/test_layers.py`` checks that no
``async for`` iterates a fresh call directly.

Generators of libraries (httpx's streams) are not ours to wrap: :func:`adopt_async_generators`
gives the running loop the finalizer asyncio's own loops install, so those too are closed on the
loop, by ``aclose``, when they are dropped half-read.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = ["adopt_async_generators", "closing"]

_T = TypeVar("_T")


class closing(Generic[_T]):
    """Iterate ``source`` in the block; when the block ends, however it ends, close it (its
    ``aclose``, when it has one: an async generator does, a plain async iterable need not)."""

    def __init__(self, source: AsyncIterable[_T]) -> None:
        self._iterator = aiter(source)

    async def __aenter__(self) -> AsyncIterator[_T]:
        return self._iterator

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        aclose = getattr(self._iterator, "aclose", None)
        if aclose is not None:
            await aclose()


def adopt_async_generators(loop: asyncio.AbstractEventLoop) -> None:
    """Have this thread's dropped, half-read async generators closed on ``loop``.

    What asyncio's ``run_forever`` does (``sys.set_asyncgen_hooks``) and qasync's does not:
    without it the garbage collector closes them synchronously, and a cleanup that awaits fails
    ("async generator ignored GeneratorExit"). Call it on the loop's thread, while it runs.
    Once the loop is closed a generator is left to the collector, as before.
    """

    def finalizer(generator: AsyncGenerator[Any, Any]) -> None:
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.create_task, generator.aclose())

    sys.set_asyncgen_hooks(finalizer=finalizer)
