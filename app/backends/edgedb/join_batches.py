"""Joins that arrive while another batch of joins is in flight go to EdgeDB together.

A join inserts a participant and a day for each day of its meeting's range; most of its cost on
the server is the statement itself, not the rows. Joins that queue up while a batch is being
inserted are inserted by the next statement together, for whichever meetings they are, and one
read of those meetings answers them all.
"""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import edgedb
import orjson

from app.backends.edgedb.rounds import rounds
from app.errors import DateRangeNotSet, MeetingNotFound
from app.meetings.rules import name_key
from app.meetings.schemas import EntityId, MeetingState

Joined = tuple[EntityId, MeetingState]


@dataclass(frozen=True, slots=True)
class JoinRequest:
    url_code: str
    name: str
    done: "asyncio.Future[Joined]"

    @property
    def key(self) -> tuple[str, str]:
        return self.url_code, name_key(self.name)


@dataclass(frozen=True, slots=True)
class Inserted:
    url_code: str
    name: str
    participant_id: EntityId


# Inserts the joins of one round in one statement (raises ConstraintViolationError when a name
# is taken); adds one join by itself (raising the contract's errors); reads meetings.
InsertRound = Callable[[str], Awaitable[Sequence[Inserted]]]
JoinOne = Callable[[str, str], Awaitable[Joined]]
ReadStates = Callable[[list[str]], Awaitable[dict[str, MeetingState]]]


class JoinBatches:
    def __init__(self, insert: InsertRound, join_one: JoinOne, read: ReadStates) -> None:
        self.insert = insert
        self.join_one = join_one
        self.read = read
        self._turn = asyncio.Lock()
        self._queued: list[JoinRequest] = []
        self._running: set[asyncio.Task[None]] = set()

    async def join(self, url_code: str, name: str) -> Joined:
        done: asyncio.Future[Joined] = asyncio.get_running_loop().create_future()
        self._queued.append(JoinRequest(url_code, name, done))
        if len(self._queued) == 1:
            # A task of its own: the batch must go on if this request is cancelled.
            task = asyncio.create_task(self._apply_queued())
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await done

    async def _apply_queued(self) -> None:
        async with self._turn:  # the previous batch is inserted
            requests, self._queued = self._queued, []
            if len(requests) == 1:
                await self._alone(requests[0])
                return
            inserted: dict[tuple[str, str], EntityId] = {}
            alone: list[JoinRequest] = []
            try:
                for batch in rounds(requests, key=lambda request: request.key):
                    rows = json_rows(batch)
                    try:
                        for row in await self.insert(rows):
                            inserted[row.url_code, name_key(row.name)] = row.participant_id
                    except edgedb.ConstraintViolationError:
                        alone.extend(batch)  # a name is taken: each finds out by itself
            except BaseException as error:
                for request in requests:
                    _fail(request, error)
                if not isinstance(error, Exception):
                    raise
                return
        for request in alone:
            await self._alone(request)
        await self._answer_inserted([r for r in requests if r not in alone], inserted)

    async def _alone(self, request: JoinRequest) -> None:
        try:
            joined = await self.join_one(request.url_code, request.name)
        except Exception as error:
            _fail(request, error)
            return
        if not request.done.done():
            request.done.set_result(joined)

    async def _answer_inserted(
        self, requests: list[JoinRequest], inserted: dict[tuple[str, str], EntityId]
    ) -> None:
        if not requests:
            return
        try:
            states = await self.read(sorted({request.url_code for request in requests}))
        except Exception as error:
            for request in requests:
                _fail(request, error)
            return
        for request in requests:
            state = states.get(request.url_code)
            participant_id = inserted.get(request.key)
            if state is None:
                _fail(request, MeetingNotFound(request.url_code))
            elif participant_id is None:
                _fail(request, DateRangeNotSet())
            elif not request.done.done():
                request.done.set_result((participant_id, state))


def json_rows(requests: list[JoinRequest]) -> str:
    return orjson.dumps([{"url_code": r.url_code, "name": r.name} for r in requests]).decode()


def _fail(request: JoinRequest, error: BaseException) -> None:
    if not request.done.done():
        request.done.set_exception(error)
