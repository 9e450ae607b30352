"""MeetingStore on MySQL/MariaDB through Tortoise's connection layer.

Every write transaction locks the meeting row first (the version bump), so writers of one
meeting queue up instead of deadlocking, and each version counts exactly one change.
The nested state is one JOIN, read after commit.
"""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import pymysql
from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.transactions import in_transaction

from app.backends.mysql.config import tortoise_config
from app.errors import (
    DateRangeNotSet,
    MeetingNotFound,
    ParticipantDateNotFound,
    ParticipantNameTaken,
    ParticipantNotFound,
)
from app.meetings.port import UrlCodeTaken
from app.meetings.rules import NEW_DAY_ENABLED, NEW_DAY_STARRED, DateRange, DayFlags, name_key
from app.meetings.schemas import EntityId, MeetingState, ParticipantDateOut, ParticipantOut
from app.settings import Settings

T = TypeVar("T")
Row = dict[str, Any]

DEADLOCK_ERRORS = {1205, 1213}  # lock wait timeout, deadlock: the transaction is retried
WRITE_ATTEMPTS = 3

_READ_STATE = """
SELECT m.url_code, m.title, m.location, m.start_date, m.end_date, m.version,
       p.id AS participant_id, p.name, d.id AS date_id, d.date, d.enabled, d.starred
FROM meeting m
LEFT JOIN participant p ON p.meeting_id = m.id
LEFT JOIN participant_date d ON d.participant_id = p.id
WHERE m.{key} = %s
ORDER BY p.id, d.date
"""
READ_STATE_BY_CODE = _READ_STATE.format(key="url_code")
READ_STATE_BY_ID = _READ_STATE.format(key="id")


def _state_from_rows(rows: Sequence[Row]) -> MeetingState:
    participants: list[ParticipantOut] = []
    dates: list[ParticipantDateOut] = []
    current: Row | None = None

    def close_participant() -> None:
        if current is not None:
            participants.append(
                ParticipantOut(
                    id=current["participant_id"], name=current["name"], dates=tuple(dates)
                )
            )

    for row in rows:
        if row["participant_id"] is None:
            continue
        if current is None or row["participant_id"] != current["participant_id"]:
            close_participant()
            current, dates = row, []
        if row["date_id"] is not None:
            dates.append(
                ParticipantDateOut(
                    id=row["date_id"],
                    date=row["date"],
                    enabled=bool(row["enabled"]),
                    starred=bool(row["starred"]),
                )
            )
    close_participant()
    first = rows[0]
    return MeetingState(
        url_code=first["url_code"],
        title=first["title"],
        location=first["location"],
        start_date=first["start_date"],
        end_date=first["end_date"],
        version=first["version"],
        participants=tuple(participants),
    )


def _is_deadlock(error: OperationalError) -> bool:
    cause = error.args[0] if error.args else None
    return isinstance(cause, pymysql.MySQLError) and cause.args[0] in DEADLOCK_ERRORS


def _int_id(entity_id: EntityId) -> int | None:
    """Our rows have integer ids; any other id names nothing here."""
    return entity_id if isinstance(entity_id, int) else None


class TortoiseMeetingStore:
    async def open(self, settings: Settings) -> None:
        # The lifespan runs in another task than the requests: they share the global context.
        await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
        # Fail at start-up, not on the first request, when the server is unreachable.
        await self._db().execute_query("SELECT 1")

    async def close(self) -> None:
        await Tortoise.close_connections()

    @staticmethod
    def _db() -> BaseDBAsyncClient:
        db: BaseDBAsyncClient = connections.get("default")
        return db

    async def _write(self, work: Callable[[BaseDBAsyncClient], Awaitable[T]]) -> T:
        """Runs `work` in one transaction, again if the server broke a deadlock with it."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                async with in_transaction("default") as conn:
                    return await work(conn)
            except OperationalError as error:
                if attempt == WRITE_ATTEMPTS or not _is_deadlock(error):
                    raise
                await asyncio.sleep(0.005 * attempt)
        raise AssertionError("unreachable")

    async def _read(self, query: str, key: object) -> MeetingState | None:
        _, rows = await self._db().execute_query(query, [key])
        return _state_from_rows(rows) if rows else None

    async def _read_by_code(self, url_code: str) -> MeetingState:
        state = await self._read(READ_STATE_BY_CODE, url_code)
        if state is None:
            raise MeetingNotFound(url_code)
        return state

    async def _read_by_id(self, meeting_id: int) -> MeetingState:
        state = await self._read(READ_STATE_BY_ID, meeting_id)
        assert state is not None, "meetings are never deleted"
        return state

    @staticmethod
    async def _bump(conn: BaseDBAsyncClient, url_code: str, **columns: object) -> None:
        """Locks the meeting for this transaction and counts the change in its version."""
        assignments = "".join(f", {name} = %s" for name in columns)
        matched, _ = await conn.execute_query(
            f"UPDATE meeting SET version = version + 1{assignments} WHERE url_code = %s",
            [*columns.values(), url_code],
        )
        if not matched:
            raise MeetingNotFound(url_code)

    async def _meeting_of(self, participant_id: EntityId) -> int:
        key = _int_id(participant_id)
        _, rows = await self._db().execute_query(
            "SELECT meeting_id FROM participant WHERE id = %s", [key]
        )
        if not rows:
            raise ParticipantNotFound(participant_id)
        meeting_id: int = rows[0]["meeting_id"]
        return meeting_id

    async def create_meeting(
        self, url_code: str, title: str, location: str, date_range: DateRange | None
    ) -> None:
        start = date_range.start if date_range else None
        end = date_range.end if date_range else None
        try:
            await self._db().execute_insert(
                "INSERT INTO meeting (url_code, title, location, start_date, end_date, version,"
                " created_at) VALUES (%s, %s, %s, %s, %s, 1, UTC_TIMESTAMP(6))",
                [url_code, title, location, start, end],
            )
        except IntegrityError as error:
            raise UrlCodeTaken(url_code) from error

    async def get_meeting(self, url_code: str) -> MeetingState:
        return await self._read_by_code(url_code)

    async def meeting_version(self, url_code: str) -> int | None:
        _, rows = await self._db().execute_query(
            "SELECT version FROM meeting WHERE url_code = %s", [url_code]
        )
        return int(rows[0]["version"]) if rows else None

    async def update_details(
        self, url_code: str, *, title: str | None = None, location: str | None = None
    ) -> MeetingState:
        changes = {
            name: value
            for name, value in (("title", title), ("location", location))
            if value is not None
        }

        async def work(conn: BaseDBAsyncClient) -> None:
            await self._bump(conn, url_code, **changes)

        await self._write(work)
        return await self._read_by_code(url_code)

    async def set_date_range(self, url_code: str, date_range: DateRange) -> MeetingState:
        days = date_range.days()
        day_table = " UNION ALL ".join(["SELECT CAST(%s AS DATE) AS day"] * len(days))

        async def work(conn: BaseDBAsyncClient) -> None:
            await self._bump(conn, url_code, start_date=date_range.start, end_date=date_range.end)
            await conn.execute_query(
                "DELETE d FROM participant_date d"
                " JOIN participant p ON p.id = d.participant_id"
                " JOIN meeting m ON m.id = p.meeting_id"
                " WHERE m.url_code = %s AND (d.date < %s OR d.date > %s)",
                [url_code, date_range.start, date_range.end],
            )
            await conn.execute_query(
                "INSERT INTO participant_date (participant_id, date, enabled, starred)"
                f" SELECT p.id, days.day, %s, %s FROM ({day_table}) days"
                " JOIN participant p JOIN meeting m ON m.id = p.meeting_id"
                " WHERE m.url_code = %s AND NOT EXISTS (SELECT 1 FROM participant_date x"
                "  WHERE x.participant_id = p.id AND x.date = days.day)",
                [NEW_DAY_ENABLED, NEW_DAY_STARRED, *days, url_code],
            )

        await self._write(work)
        return await self._read_by_code(url_code)

    async def add_participant(self, url_code: str, name: str) -> tuple[EntityId, MeetingState]:
        async def work(conn: BaseDBAsyncClient) -> tuple[int, int]:
            _, rows = await conn.execute_query(
                "SELECT id, start_date, end_date FROM meeting WHERE url_code = %s FOR UPDATE",
                [url_code],
            )
            if not rows:
                raise MeetingNotFound(url_code)
            meeting = rows[0]
            if meeting["start_date"] is None or meeting["end_date"] is None:
                raise DateRangeNotSet()
            await conn.execute_query(
                "UPDATE meeting SET version = version + 1 WHERE id = %s", [meeting["id"]]
            )
            try:
                participant_id: int = await conn.execute_insert(
                    "INSERT INTO participant (meeting_id, name, name_key, created_at)"
                    " VALUES (%s, %s, %s, UTC_TIMESTAMP(6))",
                    [meeting["id"], name, name_key(name)],
                )
            except IntegrityError as error:
                raise ParticipantNameTaken(name) from error
            days = DateRange(meeting["start_date"], meeting["end_date"]).days()
            await conn.execute_query(
                "INSERT INTO participant_date (participant_id, date, enabled, starred) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(days)),
                [
                    value
                    for day in days
                    for value in (participant_id, day, NEW_DAY_ENABLED, NEW_DAY_STARRED)
                ],
            )
            return meeting["id"], participant_id

        meeting_id, participant_id = await self._write(work)
        return participant_id, await self._read_by_id(meeting_id)

    async def rename_participant(self, participant_id: EntityId, name: str) -> MeetingState:
        meeting_id = await self._meeting_of(participant_id)

        async def work(conn: BaseDBAsyncClient) -> None:
            await conn.execute_query(
                "UPDATE meeting SET version = version + 1 WHERE id = %s", [meeting_id]
            )
            try:
                matched, _ = await conn.execute_query(
                    "UPDATE participant SET name = %s, name_key = %s"
                    " WHERE id = %s AND meeting_id = %s",
                    [name, name_key(name), participant_id, meeting_id],
                )
            except IntegrityError as error:
                raise ParticipantNameTaken(name) from error
            if not matched:  # removed since we looked it up
                raise ParticipantNotFound(participant_id)

        await self._write(work)
        return await self._read_by_id(meeting_id)

    async def remove_participant(self, participant_id: EntityId) -> MeetingState:
        meeting_id = await self._meeting_of(participant_id)

        async def work(conn: BaseDBAsyncClient) -> None:
            await conn.execute_query(
                "UPDATE meeting SET version = version + 1 WHERE id = %s", [meeting_id]
            )
            # Its dates go with it: ON DELETE CASCADE.
            deleted, _ = await conn.execute_query(
                "DELETE FROM participant WHERE id = %s AND meeting_id = %s",
                [participant_id, meeting_id],
            )
            if not deleted:
                raise ParticipantNotFound(participant_id)

        await self._write(work)
        return await self._read_by_id(meeting_id)

    async def change_day(
        self, url_code: str, participant_date_id: EntityId, flags: DayFlags
    ) -> MeetingState:
        changes = {
            name: value
            for name, value in (("enabled", flags.enabled), ("starred", flags.starred))
            if value is not None
        }
        assignments = ", ".join(f"d.{name} = %s" for name in changes)

        async def work(conn: BaseDBAsyncClient) -> None:
            await self._bump(conn, url_code)
            matched, _ = await conn.execute_query(
                f"UPDATE participant_date d JOIN participant p ON p.id = d.participant_id"
                f" JOIN meeting m ON m.id = p.meeting_id SET {assignments}"
                f" WHERE d.id = %s AND m.url_code = %s",
                [*changes.values(), _int_id(participant_date_id), url_code],
            )
            if not matched:
                raise ParticipantDateNotFound(participant_date_id, url_code)

        await self._write(work)
        return await self._read_by_code(url_code)
