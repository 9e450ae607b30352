"""Joins that arrive while another batch of joins is in flight go to EdgeDB together.

A join inserts a participant and a day for each day of its meeting's range; most of its cost on
the server is the statement itself, not the rows. Joins that queue up while a batch is being
inserted are inserted by the next statement together, for whichever meetings they are. The
statement answers with what it added and each meeting's version before it: a join whose caller
knew that version is answered with the growth; the others with one read of their meetings.
"""

import asyncio
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import edgedb
import orjson

from app.backends.edgedb.rounds import rounds
from app.errors import DateRangeNotSet, MeetingFull, MeetingNotFound
from app.meetings.port import MeetingGrowth
from app.meetings.rules import name_key
from app.meetings.schemas import EntityId, MeetingState, ParticipantOut

Joined = tuple[EntityId, MeetingState | MeetingGrowth]


@dataclass(frozen=True, slots=True)
class JoinRequest:
    url_code: str
    name: str
    token_digest: str
    max_participants: int
    known_version: int | None

    @property
    def key(self) -> tuple[str, str]:
        return self.url_code, name_key(self.name)


@dataclass(frozen=True, slots=True)
class Queued:
    request: JoinRequest
    done: "asyncio.Future[Joined]"


@dataclass(frozen=True, slots=True)
class Inserted:
    url_code: str
    participant: ParticipantOut
    joined: int  # join order
    version_before: int  # the meeting's, before the statement that inserted it


# Inserts the joins of one round in one statement (raises ConstraintViolationError when a name
# is taken); adds one join by itself (raising the contract's errors); reads meetings.
InsertRound = Callable[[str], Awaitable[Sequence[Inserted]]]
JoinOne = Callable[[JoinRequest], Awaitable[Joined]]
ReadStates = Callable[[list[str]], Awaitable[dict[str, MeetingState]]]


class JoinBatches:
    def __init__(self, insert: InsertRound, join_one: JoinOne, read: ReadStates) -> None:
        self.insert = insert
        self.join_one = join_one
        self.read = read
        self._turn = asyncio.Lock()
        self._queued: list[Queued] = []
        self._running: set[asyncio.Task[None]] = set()

    async def join(self, request: JoinRequest) -> Joined:
        done: asyncio.Future[Joined] = asyncio.get_running_loop().create_future()
        self._queued.append(Queued(request, done))
        if len(self._queued) == 1:
            # A task of its own: the batch must go on if this request is cancelled.
            task = asyncio.create_task(self._apply_queued())
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await done

    async def _apply_queued(self) -> None:
        async with self._turn:  # the previous batch is inserted
            queued, self._queued = self._queued, []
            if len(queued) == 1 and queued[0].request.known_version is None:
                await self._alone(queued[0])  # one statement adds and reads
                return
            grown: dict[tuple[str, str], tuple[EntityId, MeetingGrowth]] = {}
            alone: list[Queued] = []
            try:
                for batch in rounds(queued, key=lambda join: join.request.key):
                    try:
                        grown.update(_growths(await self.insert(json_rows(batch))))
                    except edgedb.ConstraintViolationError:
                        alone.extend(batch)  # a name is taken: each finds out by itself
            except BaseException as error:
                for join in queued:
                    _fail(join, error)
                if not isinstance(error, Exception):
                    raise
                return
        for join in alone:
            await self._alone(join)
        await self._answer([join for join in queued if join not in alone], grown)

    async def _alone(self, join: Queued) -> None:
        try:
            joined = await self.join_one(join.request)
        except Exception as error:
            _fail(join, error)
            return
        if not join.done.done():
            join.done.set_result(joined)

    async def _answer(
        self,
        queued: list[Queued],
        grown: dict[tuple[str, str], tuple[EntityId, MeetingGrowth]],
    ) -> None:
        unknown: list[Queued] = []
        for join in queued:
            answer = grown.get(join.request.key)
            if answer is not None and answer[1].since == join.request.known_version:
                if not join.done.done():
                    join.done.set_result(answer)
            else:
                unknown.append(join)
        if not unknown:
            return
        try:
            states = await self.read(sorted({join.request.url_code for join in unknown}))
        except Exception as error:
            for join in unknown:
                _fail(join, error)
            return
        for join in unknown:
            request = join.request
            state = states.get(request.url_code)
            answer = grown.get(request.key)
            if state is None:
                _fail(join, MeetingNotFound(request.url_code))
            elif answer is None and (state.start_date is None or state.end_date is None):
                _fail(join, DateRangeNotSet())
            elif answer is None:  # what else the statement leaves out: a full meeting
                _fail(join, MeetingFull(request.max_participants))
            elif not join.done.done():
                join.done.set_result((answer[0], state))


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


def json_rows(batch: list[Queued]) -> str:
    """The $joins of join_many.edgeql: each request, and how many of the batch's requests for
    the same meeting come before it."""
    ahead: Counter[str] = Counter()
    rows = []
    for join in batch:
        request = join.request
        rows.append(
            {
                "url_code": request.url_code,
                "name": request.name,
                "token_digest": request.token_digest,
                "ahead": ahead[request.url_code],
                "max_participants": request.max_participants,
            }
        )
        ahead[request.url_code] += 1
    return orjson.dumps(rows).decode()


def _fail(join: Queued, error: BaseException) -> None:
    if not join.done.done():
        join.done.set_exception(error)
