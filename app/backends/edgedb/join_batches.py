"""Joins that arrive while another batch of joins is in flight go to EdgeDB together.

A join inserts a participant and a day for each day of its meeting's range; most of its cost on
the server is the statement itself, not the rows. Joins that queue up while a batch is being
inserted are inserted by the next statement together, for whichever meetings they are. The
statement answers with what it added and each meeting's version before it: a join whose caller
knew that version is answered with the growth; the others with one read of their meetings.
"""

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import edgedb
import orjson

from app.backends.edgedb.rounds import rounds
from app.errors import DateRangeNotSet, MeetingNotFound
from app.meetings.port import MeetingGrowth
from app.meetings.rules import name_key
from app.meetings.schemas import EntityId, MeetingState, ParticipantOut

Joined = tuple[EntityId, MeetingState | MeetingGrowth]


@dataclass(frozen=True, slots=True)
class JoinRequest:
    url_code: str
    name: str
    known_version: int | None
    done: "asyncio.Future[Joined]"

    @property
    def key(self) -> tuple[str, str]:
        return self.url_code, name_key(self.name)


@dataclass(frozen=True, slots=True)
class Inserted:
    url_code: str
    participant: ParticipantOut
    joined: int  # join order
    version_before: int  # the meeting's, before the statement that inserted it


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

    async def join(self, url_code: str, name: str, known_version: int | None) -> Joined:
        done: asyncio.Future[Joined] = asyncio.get_running_loop().create_future()
        self._queued.append(JoinRequest(url_code, name, known_version, done))
        if len(self._queued) == 1:
            # A task of its own: the batch must go on if this request is cancelled.
            task = asyncio.create_task(self._apply_queued())
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await done

    async def _apply_queued(self) -> None:
        async with self._turn:  # the previous batch is inserted
            requests, self._queued = self._queued, []
            if len(requests) == 1 and requests[0].known_version is None:
                await self._alone(requests[0])  # one statement adds and reads
                return
            grown: dict[tuple[str, str], tuple[EntityId, MeetingGrowth]] = {}
            alone: list[JoinRequest] = []
            try:
                for batch in rounds(requests, key=lambda request: request.key):
                    try:
                        grown.update(_growths(await self.insert(json_rows(batch))))
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
        await self._answer([request for request in requests if request not in alone], grown)

    async def _alone(self, request: JoinRequest) -> None:
        try:
            joined = await self.join_one(request.url_code, request.name)
        except Exception as error:
            _fail(request, error)
            return
        if not request.done.done():
            request.done.set_result(joined)

    async def _answer(
        self,
        requests: list[JoinRequest],
        grown: dict[tuple[str, str], tuple[EntityId, MeetingGrowth]],
    ) -> None:
        unknown: list[JoinRequest] = []
        for request in requests:
            answer = grown.get(request.key)
            if answer is not None and answer[1].since == request.known_version:
                if not request.done.done():
                    request.done.set_result(answer)
            else:
                unknown.append(request)
        if not unknown:
            return
        try:
            states = await self.read(sorted({request.url_code for request in unknown}))
        except Exception as error:
            for request in unknown:
                _fail(request, error)
            return
        for request in unknown:
            state = states.get(request.url_code)
            answer = grown.get(request.key)
            if state is None:
                _fail(request, MeetingNotFound(request.url_code))
            elif answer is None:
                _fail(request, DateRangeNotSet())
            elif not request.done.done():
                request.done.set_result((answer[0], state))


def _growths(
    inserted: Sequence[Inserted],
) -> dict[tuple[str, str], tuple[EntityId, MeetingGrowth]]:
    """What one statement added, as each of its joins' growth of its meeting."""
    by_meeting: defaultdict[str, list[Inserted]] = defaultdict(list)
    for row in inserted:
        by_meeting[row.url_code].append(row)
    answers = {}
    for url_code, rows in by_meeting.items():
        rows.sort(key=lambda row: row.joined)
        since = rows[0].version_before
        growth = MeetingGrowth(since, since + len(rows), tuple(row.participant for row in rows))
        for row in rows:
            key = url_code, name_key(row.participant.name)
            answers[key] = row.participant.id, growth
    return answers


def json_rows(requests: list[JoinRequest]) -> str:
    return orjson.dumps([{"url_code": r.url_code, "name": r.name} for r in requests]).decode()


def _fail(request: JoinRequest, error: BaseException) -> None:
    if not request.done.done():
        request.done.set_exception(error)
