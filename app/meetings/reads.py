"""Reads of one meeting that are asked for together, made once for all who asked."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class NextReads(Generic[T]):
    """Per key, callers share a read that starts after they asked. A caller that finds a read of
    its key under way waits for the next one, which starts as soon as that one ends and answers
    everyone who asked meanwhile. Joining the read under way instead could miss a change that
    committed after it started and before the caller asked (made by another process, say): an
    answer here is always read after its caller asked. Many clients asking for one meeting at
    once cost two reads, not one each."""

    def __init__(self) -> None:
        self._under_way: dict[str, asyncio.Future[T]] = {}
        self._next: dict[str, asyncio.Future[T]] = {}

    def __len__(self) -> int:
        """Keys with a read under way or waiting to start."""
        return len(self._under_way.keys() | self._next.keys())

    async def read(self, key: str, read: Callable[[str], Awaitable[T]]) -> T:
        shared = self._next.get(key)
        if shared is None:
            ahead = self._under_way.get(key)
            shared = self._next[key] = asyncio.ensure_future(self._after(ahead, key, read))
            shared.add_done_callback(lambda done: self._forget(key, done))
        # One caller going away does not cancel the read the others wait for.
        return await asyncio.shield(shared)

    async def _after(
        self, ahead: asyncio.Future[T] | None, key: str, read: Callable[[str], Awaitable[T]]
    ) -> T:
        if ahead is not None:
            await asyncio.wait([ahead])  # its outcome is for its own callers
        this = asyncio.current_task()
        assert this is not None and self._next.get(key) is this
        # Starting now: whoever asks from here on waits for the next read.
        del self._next[key]
        self._under_way[key] = this
        return await read(key)

    def _forget(self, key: str, done: asyncio.Future[T]) -> None:
        if self._under_way.get(key) is done:
            del self._under_way[key]
        if self._next.get(key) is done:  # cancelled before it started
            del self._next[key]
        if not done.cancelled():
            done.exception()  # seen by its callers, or by nobody if they all went away
