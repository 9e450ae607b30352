"""Joins that arrive while another batch of joins is in flight go to EdgeDB together.

A join inserts a participant and a day for each day of its meeting's range; most of its cost on
the server is the statement itself, not the rows. Joins that queue up while a batch is being
inserted are inserted by the next statement together, for whichever meetings they are, each
logged at the version it made. Every join is answered with its participant's id and the entries
the statement appended to its meeting. A join the statement left out (an unknown meeting, one
without a range, or a full one) is tried again alone, which says why.
"""

import asyncio
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import edgedb
import orjson

from app.backends.edgedb.rounds import rounds
from app.changes.entries import Changed, ChangeEntry
from app.kernel.ids import EntityId
from app.meetings.rules import name_key

Joined = tuple[EntityId, Changed]


@dataclass(frozen=True, slots=True)
class JoinRequest:
    url_code: str
    name: str
    token_digest: str
    max_participants: int

    @property
    def key(self) -> tuple[str, str]:
        return self.url_code, name_key(self.name)


@dataclass(frozen=True, slots=True)
class Queued:
    request: JoinRequest
    done: "asyncio.Future[Joined]"


@dataclass(frozen=True, slots=True)
class Inserted:
    """What one statement added: each participant's id by (meeting, name key), and each
    meeting's entries."""

    participants: dict[tuple[str, str], EntityId]
    entries: dict[str, list[ChangeEntry]]


# Inserts the joins of one round in one statement (raises ConstraintViolationError when a name
# is taken); adds one join by itself (raising the contract's errors).
InsertRound = Callable[[str], Awaitable[Inserted]]
JoinOne = Callable[[JoinRequest], Awaitable[Joined]]


class JoinBatches:
    def __init__(self, insert: InsertRound, join_one: JoinOne) -> None:
        self.insert = insert
        self.join_one = join_one
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
            if len(queued) == 1:
                await self._alone(queued[0])  # one statement adds and says why not
                return
            joined: list[tuple[Queued, EntityId]] = []
            entries: defaultdict[str, list[ChangeEntry]] = defaultdict(list)
            alone: list[Queued] = []
            try:
                for batch in rounds(queued, key=lambda join: join.request.key):
                    try:
                        inserted = await self.insert(json_rows(batch))
                    except edgedb.ConstraintViolationError:
                        alone.extend(batch)  # a name is taken: each finds out by itself
                        continue
                    for join in batch:  # one join per name and meeting in a round
                        participant_id = inserted.participants.get(join.request.key)
                        if participant_id is None:
                            alone.append(join)
                        else:
                            joined.append((join, participant_id))
                    for url_code, appended in inserted.entries.items():
                        entries[url_code].extend(appended)
            except BaseException as error:
                for join in queued:
                    _fail(join, error)
                if not isinstance(error, Exception):
                    raise
                return
        for join, participant_id in joined:
            if not join.done.done():
                appended = sorted(entries[join.request.url_code], key=lambda e: e.version)
                join.done.set_result((participant_id, Changed(tuple(appended))))
        for join in alone:
            await self._alone(join)

    async def _alone(self, join: Queued) -> None:
        try:
            joined = await self.join_one(join.request)
        except Exception as error:
            _fail(join, error)
            return
        if not join.done.done():
            join.done.set_result(joined)


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
