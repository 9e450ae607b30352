"""Paintings of one meeting that arrive while another is in flight go to the database together.

As with EdgeDB's day changes (edgedb.day_batches): within a process the paintings of one
meeting are written one batch after another, and those that queue up meanwhile are written by
the next batch at once (each participant's paintings overlaid in order, each painting logged
at its own version). Every painting of a batch is answered with all the batch's entries: the
meeting after it holds each one's change. A batch that cannot be written whole (a participant
left, the slots changed meanwhile) is written one painting at a time, so that only those that
cannot be are refused.
"""

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.changes.entries import ChangeEntry
from app.meetings.locks import KeyedLock
from app.times.answers import Painting
from app.times.port import SlotsKey

# A participant's key in one database (an int in MySQL, a UUID in EdgeDB).
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class PaintRequest(Generic[K]):
    participant_id: K
    slots: SlotsKey  # what the painting was worked out from
    painting: Painting
    actor: str  # as the log stores them
    change: str


# Writes paintings of one meeting, all worked out from the same slots, in one query, if the
# meeting is at the given version (None: any); answers the entries, none when nothing changed.
WriteBatch = Callable[
    [str, Sequence[PaintRequest[K]], int | None], Awaitable[tuple[ChangeEntry, ...]]
]


@dataclass(frozen=True, slots=True)
class _Queued(Generic[K]):
    request: PaintRequest[K]
    done: "asyncio.Future[tuple[ChangeEntry, ...]]"


class PaintBatches(Generic[K]):
    def __init__(self, write: WriteBatch[K], writers: KeyedLock) -> None:
        self.write = write
        self.writers = writers
        self._queued: dict[str, list[_Queued[K]]] = {}
        self._running: set[asyncio.Task[None]] = set()

    async def paint(self, url_code: str, request: PaintRequest[K]) -> tuple[ChangeEntry, ...]:
        """The entries of the batch that wrote the painting; none when it could not be."""
        done: asyncio.Future[tuple[ChangeEntry, ...]] = asyncio.get_running_loop().create_future()
        queue = self._queued.setdefault(url_code, [])
        queue.append(_Queued(request, done))
        if len(queue) == 1:
            # A task of its own: the batch must go on if this request is cancelled.
            task = asyncio.create_task(self._write_queued(url_code))
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await done

    async def paint_at(
        self, url_code: str, request: PaintRequest[K], if_version: int
    ) -> tuple[ChangeEntry, ...]:
        """A painting on condition of the meeting's version: alone, in turn with the batches."""
        async with self.writers(url_code):
            return await self.write(url_code, [request], if_version)

    async def _write_queued(self, url_code: str) -> None:
        queued: list[_Queued[K]] = []
        try:
            async with self.writers(url_code):  # the meeting's previous batch is done
                queued = self._queued.pop(url_code)
                for batch in _of_same_slots(queued):
                    entries = await self.write(url_code, [q.request for q in batch], None)
                    if entries or len(batch) == 1:
                        for q in batch:
                            _answer(q, entries)
                        continue
                    for q in batch:
                        _answer(q, await self.write(url_code, [q.request], None))
        except BaseException as error:
            for q in queued:
                if not q.done.done():
                    q.done.set_exception(error)
            if not isinstance(error, Exception):
                raise  # cancelled: the server is stopping


def _of_same_slots(queued: list[_Queued[K]]) -> Iterator[list[_Queued[K]]]:
    """The queue in runs of paintings worked out from the same slots, in order."""
    for _, run in itertools.groupby(queued, key=lambda q: q.request.slots):
        yield list(run)


def _answer(queued: "_Queued[K]", entries: tuple[ChangeEntry, ...]) -> None:
    if not queued.done.done():  # done already: its request went away (the client hung up)
        queued.done.set_result(entries)
