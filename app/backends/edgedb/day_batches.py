"""Day changes to one meeting that arrive while another is in flight go to EdgeDB together.

Every change updates the meeting's version, so the changes of one meeting are applied one after
another. Rather than one query each, the changes that queue up meanwhile are applied by the next
query as one batch (the version grows by the number of days changed, each logged at its own),
and every change of the batch is answered with all the batch's entries: the meeting after it
holds each one's change.
"""

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from app.backends.edgedb.rounds import rounds
from app.changes.entries import Changed, ChangeEntry, DayEntry
from app.errors import MeetingNotFound, ParticipantDateNotFound
from app.kernel.ids import EntityId
from app.kernel.roles import Role
from app.meetings.locks import KeyedLock
from app.meetings.rules import DayFlags


@dataclass(frozen=True, slots=True)
class DayChange:
    day_id: uuid.UUID
    requested_id: EntityId
    flags: DayFlags
    by: Role
    done: "asyncio.Future[Changed]"


@dataclass(frozen=True, slots=True)
class BatchResult:
    meeting_found: bool
    entries: tuple[ChangeEntry, ...]

    @property
    def changed(self) -> frozenset[uuid.UUID]:
        """The days the batch changed."""
        return frozenset(
            uuid.UUID(str(entry.change.participant_date_id))
            for entry in self.entries
            if isinstance(entry, DayEntry)
        )


# A day to change, how, and whose token admitted it.
DayRequest = tuple[uuid.UUID, DayFlags, Role]

# Applies changes (each day at most once) to a meeting, in one query when every day is found.
ApplyBatch = Callable[[str, Sequence[DayRequest]], Awaitable[BatchResult]]


class DayBatches:
    def __init__(self, apply: ApplyBatch, writers: KeyedLock) -> None:
        self.apply = apply
        self.writers = writers
        self._queued: dict[str, list[DayChange]] = {}
        self._running: set[asyncio.Task[None]] = set()

    async def change(
        self, url_code: str, day_id: uuid.UUID, requested_id: EntityId, flags: DayFlags, by: Role
    ) -> Changed:
        done: asyncio.Future[Changed] = asyncio.get_running_loop().create_future()
        queue = self._queued.setdefault(url_code, [])
        queue.append(DayChange(day_id, requested_id, flags, by, done))
        if len(queue) == 1:
            # A task of its own: the batch must go on if this request is cancelled.
            task = asyncio.create_task(self._apply_queued(url_code))
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await done

    async def _apply_queued(self, url_code: str) -> None:
        changes: list[DayChange] = []
        entries: list[ChangeEntry] = []
        changed: set[uuid.UUID] = set()
        found = True
        try:
            async with self.writers(url_code):  # the meeting's previous batch is done
                changes = self._queued.pop(url_code)
                for batch in rounds(changes, key=lambda change: change.day_id):
                    result = await self.apply(url_code, [(c.day_id, c.flags, c.by) for c in batch])
                    found = result.meeting_found
                    if not found:
                        break
                    entries.extend(result.entries)
                    changed |= result.changed
        except BaseException as error:
            for change in changes:
                _fail(change, error)
            if not isinstance(error, Exception):
                raise  # cancelled: the server is stopping
            return
        for change in changes:
            if change.day_id in changed:
                _answer(change, Changed(tuple(entries)))
            elif not found:
                _fail(change, MeetingNotFound(url_code))
            else:
                _fail(change, ParticipantDateNotFound(change.requested_id, url_code))


def _answer(change: DayChange, changed: Changed) -> None:
    if not change.done.done():  # done already: its request went away (the client hung up)
        change.done.set_result(changed)


def _fail(change: DayChange, error: BaseException) -> None:
    if not change.done.done():
        change.done.set_exception(error)
