"""``closing`` and ``adopt_async_generators``: a half-read async generator is closed on the
loop, its cleanup's awaits included, under a loop that installs no async-generator hooks (the
app's qasync loop)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
from collections.abc import AsyncIterator

import pytest

from sessiondock_launcher.aio import adopt_async_generators, closing


class Listing:
    """One item, then a fetch that never answers; a cleanup that awaits, as ``read_ahead``'s."""

    def __init__(self) -> None:
        self.cleaned_up = False
        self.fetch_cancelled = False

    async def items(self) -> AsyncIterator[int]:
        fetch = asyncio.ensure_future(asyncio.Event().wait())
        try:
            yield 1
            await fetch
        finally:
            fetch.cancel()
            try:
                await fetch  # the awaiting cleanup a synchronous finalization cannot run
            except asyncio.CancelledError:
                self.fetch_cancelled = True
            self.cleaned_up = True


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(repr(u.exc_value)))
    return seen


def _as_under_qasync() -> None:
    sys.set_asyncgen_hooks(firstiter=None, finalizer=None)


@pytest.mark.parametrize("ending", ["error", "cancelled"])
def test_closing_closes_the_source_before_the_caller_hears_why_the_loop_ended(
    unraisable: list[str], ending: str
) -> None:
    listing = Listing()

    async def consume() -> None:
        async with closing(listing.items()) as items:
            async for _item in items:
                if ending == "error":
                    raise ValueError("the store failed")
                await asyncio.Event().wait()

    async def main() -> bool:
        _as_under_qasync()
        task = asyncio.create_task(consume())
        await asyncio.sleep(0.01)
        task.cancel()
        with contextlib.suppress(ValueError, asyncio.CancelledError):
            await task
        return listing.cleaned_up

    assert asyncio.run(main()), "the source was left to the garbage collector"
    assert listing.fetch_cancelled
    gc.collect()
    assert unraisable == []


def test_closing_a_plain_async_iterable_is_fine() -> None:
    class Plain:
        def __aiter__(self) -> Plain:
            return self

        async def __anext__(self) -> int:
            raise StopAsyncIteration

    async def main() -> list[int]:
        async with closing(Plain()) as items:
            return [item async for item in items]

    assert asyncio.run(main()) == []


def test_without_adoption_a_dropped_generator_fails_in_the_garbage_collector(
    unraisable: list[str],
) -> None:
    """What the platform does, so the test below means something: no hooks, no cleanup."""
    listing = Listing()

    async def main() -> None:
        _as_under_qasync()
        items = listing.items()
        await anext(items)
        del items  # dropped half-read
        gc.collect()

    asyncio.run(main())
    assert not listing.cleaned_up
    assert any("ignored GeneratorExit" in u for u in unraisable)


def test_an_adopted_loop_closes_a_dropped_generator_on_the_loop(unraisable: list[str]) -> None:
    listing = Listing()

    async def main() -> None:
        _as_under_qasync()
        adopt_async_generators(asyncio.get_running_loop())
        items = listing.items()
        await anext(items)
        del items
        gc.collect()
        for _ in range(5):  # the close runs as a task of its own
            await asyncio.sleep(0)

    asyncio.run(main())
    assert listing.cleaned_up and listing.fetch_cancelled
    assert unraisable == []


def test_after_the_loop_closed_a_dropped_generator_is_left_alone(
    unraisable: list[str],
) -> None:
    before = sys.get_asyncgen_hooks()
    loop = asyncio.new_event_loop()
    adopt_async_generators(loop)
    try:

        async def start() -> AsyncIterator[int]:
            yield 1

        items = start()
        loop.run_until_complete(anext(items))
    finally:
        loop.close()
    try:
        del items
        gc.collect()
        assert unraisable == []  # no "Event loop is closed" from the finalizer
    finally:
        sys.set_asyncgen_hooks(*before)
