"""Day changes to one meeting that arrive while another is in flight go to EdgeDB together.

Every change updates the meeting's version, so the changes of one meeting are applied one after
another. Rather than one query each, the changes that queue up meanwhile are applied by the next
query as one batch (the version grows by the number of days changed), and the state read after
it answers all of them: it holds each one's change, and everything committed before.
"""

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import orjson

from app.backends.edgedb.rounds import rounds
from app.errors import MeetingNotFound, ParticipantDateNotFound
from app.meetings.locks import KeyedLock
from app.meetings.rules import DayFlags
from app.meetings.schemas import EntityId, MeetingState


@dataclass(frozen=True, slots=True)
class DayChange:
    day_id: uuid.UUID
    requested_id: EntityId
    flags: DayFlags
    done: "asyncio.Future[MeetingState]"


@dataclass(frozen=True, slots=True)
class BatchResult:
    meeting_found: bool
    changed: frozenset[uuid.UUID]


# Applies changes (each day at most once) to a meeting in one query.
ApplyBatch = Callable[[str, str], Awaitable[BatchResult]]
ReadState = Callable[[str], Awaitable[MeetingState]]


def as_json(changes: Iterable[tuple[uuid.UUID, DayFlags]]) -> str:
    """The $changes of change_days.edgeql."""
    rows = []
    for day_id, flags in changes:
        row: dict[str, object] = {"id": str(day_id)}
        if flags.enabled is not None:
            row["enabled"] = flags.enabled
        if flags.starred is not None:
            row["starred"] = flags.starred
        rows.append(row)
    return orjson.dumps(rows).decode()


class DayBatches:
    def __init__(self, apply: ApplyBatch, read: ReadState, writers: KeyedLock) -> None:
        self.apply = apply
        self.read = read
        self.writers = writers
        self._queued: dict[str, list[DayChange]] = {}
        self._running: set[asyncio.Task[None]] = set()

    async def change(
        self, url_code: str, day_id: uuid.UUID, requested_id: EntityId, flags: DayFlags
    ) -> MeetingState:
        done: asyncio.Future[MeetingState] = asyncio.get_running_loop().create_future()
        queue = self._queued.setdefault(url_code, [])
        queue.append(DayChange(day_id, requested_id, flags, done))
        if len(queue) == 1:
            # A task of its own: the batch must go on if this request is cancelled.
            task = asyncio.create_task(self._apply_queued(url_code))
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await done

    async def _apply_queued(self, url_code: str) -> None:
        changes: list[DayChange] = []
        try:
            async with self.writers(url_code):  # the meeting's previous batch is done
                changes = self._queued.pop(url_code)
                changed: set[uuid.UUID] = set()
                found = True
                for batch in rounds(changes, key=lambda change: change.day_id):
                    result = await self.apply(url_code, as_json((c.day_id, c.flags) for c in batch))
                    found = result.meeting_found
                    if not found:
                        break
                    changed |= result.changed
            state = await self.read(url_code) if found else None
        except BaseException as error:
            for change in changes:
                _fail(change, error)
            if not isinstance(error, Exception):
                raise  # cancelled: the server is stopping
            return
        for change in changes:
            if state is None:
                _fail(change, MeetingNotFound(url_code))
            elif change.day_id in changed:
                _answer(change, state)
            else:
                _fail(change, ParticipantDateNotFound(change.requested_id, url_code))


def _answer(change: DayChange, state: MeetingState) -> None:
    if not change.done.done():  # done already: its request went away (the client hung up)
        change.done.set_result(state)


def _fail(change: DayChange, error: BaseException) -> None:
    if not change.done.done():
        change.done.set_exception(error)
