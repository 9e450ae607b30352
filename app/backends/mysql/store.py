"""MeetingStore on MySQL/MariaDB through Tortoise's connection layer.

Every change bumps the meeting's version in its first statement, so writers of one meeting
queue up on its row lock instead of deadlocking, and each version counts exactly one change; the
same transaction appends the change's entry to the meeting's log (change_log) and reads it back.
The nested state is one JSON document, read whole only when asked for.
"""

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import TypeVar

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.expressions import Case, F, When
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.backends.mysql import change_log
from app.backends.mysql.answers import write_answers
from app.backends.mysql.change_log import DAY_JOINS, DAY_PAYLOAD, JOINED_PAYLOAD, actor
from app.backends.mysql.config import tortoise_config
from app.backends.mysql.connection import connection, is_deadlock, is_outage
from app.backends.mysql.models import Meeting
from app.backends.mysql.state_sql import LAST_CHANGE_AT, READ_BODY
from app.backends.outages import answers_outages
from app.changes.entries import (
    Changed,
    ChangeKind,
    FinalDateChange,
    LocationChange,
    LogExcerpt,
    MeetingCreatedChange,
    RangeValues,
    RenamedChange,
    TitleChange,
    as_json,
)
from app.errors import (
    DateRangeNotSet,
    MeetingFull,
    MeetingNotFound,
    ParticipantDateNotFound,
    ParticipantNameTaken,
    ParticipantNotFound,
)
from app.kernel.ids import EntityId, int_id
from app.kernel.roles import Role
from app.meetings.port import (
    DaysChanged,
    MeetingSummary,
    SlotsFollow,
    Stale,
    StateBody,
    UrlCodeTaken,
    refusal,
)
from app.meetings.rules import (
    ALL_WEEKDAYS_MASK,
    NEW_DAY_ENABLED,
    NEW_DAY_STARRED,
    DateRange,
    DayFlags,
    name_key,
    stored_range,
    weekdays_of_mask,
)
from app.settings import Settings

T = TypeVar("T")

SUMMARY_FIELDS = [
    "id", "url_code", "title", "location", "start_date", "end_date", "weekdays", "final_date",
    "created_at", "version", "time_zone", "duration_minutes", "final_time",
]  # fmt: skip
WRITE_ATTEMPTS = 3


def _meeting(url_code: str, if_version: int | None) -> QuerySet[Meeting]:
    """The meeting, if it is at `if_version` when one is given."""
    meeting = Meeting.filter(url_code=url_code)
    return meeting if if_version is None else meeting.filter(version=if_version)


@answers_outages("MySQL", is_outage)
class TortoiseMeetingStore:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.deadline_seconds = settings.database_deadline_seconds

    async def open(self) -> None:
        # The lifespan runs in another task than the requests: they share the global context.
        await Tortoise.init(config=tortoise_config(self.settings), _enable_global_fallback=True)
        # Fail at start-up, not on the first request, when the server is unreachable.
        await self.ping()

    async def ping(self) -> None:
        await connection().execute_query("SELECT 1")

    def connections_in_use(self) -> int:
        pool = getattr(connection(), "_pool", None)  # Tortoise makes it at the first query
        return int(pool.size - pool.freesize) if pool is not None else 0

    async def close(self) -> None:
        await Tortoise.close_connections()

    async def _write(self, work: Callable[[BaseDBAsyncClient], Awaitable[T]]) -> T:
        """Runs `work` in one transaction, again if the server broke a deadlock with it."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                async with in_transaction("default") as conn:
                    return await work(conn)
            except OperationalError as error:
                if attempt == WRITE_ATTEMPTS or not is_deadlock(error):
                    raise
                await asyncio.sleep(0.005 * attempt)
        raise AssertionError("unreachable")

    async def _bump(
        self,
        conn: BaseDBAsyncClient,
        url_code: str,
        if_version: int | None,
        columns: Mapping[str, object] | None = None,
        *,
        only_if: Mapping[str, object] | None = None,
    ) -> None:
        """Locks the meeting for this transaction and counts the change in its version; given
        `only_if` (filters), only a meeting that matches them, else Stale."""
        meeting = _meeting(url_code, if_version)
        if only_if:
            meeting = meeting.filter(**only_if)
        matched = await meeting.using_db(conn).update(version=F("version") + 1, **(columns or {}))
        if not matched:
            raise await refusal(self, url_code, if_version, Stale() if only_if else None)

    async def _logged(
        self,
        url_code: str,
        kind: ChangeKind,
        by: Role,
        change: str,
        if_version: int | None,
        **columns: object,
    ) -> Changed:
        """A change to the meeting's own columns, whose entry the caller wrote in full."""

        async def work(conn: BaseDBAsyncClient) -> Changed:
            await self._bump(conn, url_code, if_version, columns)
            await change_log.append(conn, url_code, kind, values=[actor(by), change])
            return Changed(await change_log.appended(conn, url_code))

        return await self._write(work)

    async def create_meeting(
        self,
        url_code: str,
        title: str,
        location: str,
        date_range: DateRange | None,
        admin_digest: str,
        expires_on: dt.date,
    ) -> Changed:
        start = date_range.start if date_range else None
        end = date_range.end if date_range else None
        weekdays = date_range.weekday_mask if date_range else ALL_WEEKDAYS_MASK
        created = as_json(
            MeetingCreatedChange(
                title=title,
                location=location,
                start_date=start,
                end_date=end,
                weekdays=weekdays_of_mask(weekdays),
                expires_on=expires_on,
            )
        )

        async def work(conn: BaseDBAsyncClient) -> Changed:
            await conn.execute_insert(
                "INSERT INTO meeting (url_code, title, location, start_date, end_date, version,"
                " admin_token_digest, tokens_replaced, created_at, expires_on, weekdays)"
                " VALUES (%s, %s, %s, %s, %s, 1, %s, 0, UTC_TIMESTAMP(6), %s, %s)",
                [url_code, title, location, start, end, admin_digest, expires_on, weekdays],
            )
            await change_log.append(
                conn, url_code, ChangeKind.created, values=[actor(Role.organiser), created]
            )
            return Changed(await change_log.appended(conn, url_code))

        try:
            return await self._write(work)
        except IntegrityError as error:
            raise UrlCodeTaken(url_code) from error

    async def meeting_summary(self, url_code: str) -> MeetingSummary:
        meeting = (
            await Meeting.filter(url_code=url_code)
            .annotate(changed_at=LAST_CHANGE_AT)
            .only(*SUMMARY_FIELDS, "changed_at")
            .first()
        )
        if meeting is None:
            raise MeetingNotFound(url_code)
        changed_at: dt.datetime | None = getattr(meeting, "changed_at", None)
        # A column of SQL's own comes back without its zone; the log's times are in UTC.
        return MeetingSummary.of(meeting, changed_at and changed_at.replace(tzinfo=dt.UTC))

    async def read_state_body(self, url_code: str) -> StateBody:
        _, rows = await connection().execute_query(READ_BODY, [url_code])
        if not rows:
            raise MeetingNotFound(url_code)
        body: str = rows[0]["body"]
        return StateBody(rows[0]["version"], body.encode())

    async def meeting_version(self, url_code: str) -> int | None:
        _, rows = await connection().execute_query(
            "SELECT version FROM meeting WHERE url_code = %s", [url_code]
        )
        return int(rows[0]["version"]) if rows else None

    async def meeting_versions(self, url_codes: Collection[str]) -> dict[str, int]:
        rows = await Meeting.filter(url_code__in=list(url_codes)).values_list("url_code", "version")
        return dict(rows)

    async def changes_since(self, url_code: str, after: int, limit: int) -> LogExcerpt:
        return await change_log.changes_since(connection(), url_code, after, limit)

    async def update_details(
        self,
        url_code: str,
        *,
        by: Role,
        title: str | None = None,
        location: str | None = None,
        if_version: int | None = None,
    ) -> Changed:
        if title is not None:
            titled = as_json(TitleChange(title=title))
            return await self._logged(
                url_code, ChangeKind.title, by, titled, if_version, title=title
            )
        assert location is not None, "a title or a location"
        located = as_json(LocationChange(location=location))
        return await self._logged(
            url_code, ChangeKind.location, by, located, if_version, location=location
        )

    async def set_date_range(
        self,
        url_code: str,
        date_range: DateRange,
        expires_on: dt.date,
        *,
        by: Role,
        if_version: int | None = None,
        follow: SlotsFollow | None = None,
    ) -> Changed:
        days = date_range.days()
        day_table = " UNION ALL ".join(["SELECT CAST(%s AS DATE) AS day"] * len(days))
        day_list = ", ".join(["%s"] * len(days))
        final_time = follow.final_time if follow else None
        # The final date is the one the change left.
        ranged = as_json(
            RangeValues(
                start_date=date_range.start,
                end_date=date_range.end,
                weekdays=date_range.week_order(),
                expires_on=expires_on,
                final_time=final_time,
            )
        )
        only_if: dict[str, object] = (
            {"time_zone__isnull": True} if follow is None else {"version": follow.at_version}
        )

        async def work(conn: BaseDBAsyncClient) -> Changed:
            # First, so that it locks the meeting: writers of one meeting queue up here.
            await self._bump(
                conn,
                url_code,
                if_version,
                {
                    "start_date": date_range.start,
                    "end_date": date_range.end,
                    "weekdays": date_range.weekday_mask,
                    "expires_on": expires_on,
                    "final_date": Case(
                        When(final_date__in=days, then=F("final_date")), default=None
                    ),
                    "final_time": final_time,
                },
                only_if=only_if,
            )
            if follow is not None:
                await write_answers(conn, url_code, follow.answers)
            await conn.execute_query(
                "DELETE d FROM participant_date d"
                " JOIN participant p ON p.id = d.participant_id"
                " JOIN meeting m ON m.id = p.meeting_id"
                f" WHERE m.url_code = %s AND d.date NOT IN ({day_list})",
                [url_code, *days],
            )
            await conn.execute_query(
                "INSERT INTO participant_date (participant_id, date, enabled, starred)"
                f" SELECT p.id, days.day, %s, %s FROM ({day_table}) days"
                " JOIN participant p JOIN meeting m ON m.id = p.meeting_id"
                " WHERE m.url_code = %s AND NOT EXISTS (SELECT 1 FROM participant_date x"
                "  WHERE x.participant_id = p.id AND x.date = days.day)",
                [NEW_DAY_ENABLED, NEW_DAY_STARRED, *days, url_code],
            )
            await change_log.append(
                conn,
                url_code,
                ChangeKind.date_range,
                payload_sql="JSON_SET(%s, '$.final_date', m.final_date)",
                values=[actor(by), ranged],
            )
            return Changed(await change_log.appended(conn, url_code))

        return await self._write(work)

    async def add_participant(
        self, url_code: str, name: str, token_digest: str, max_participants: int
    ) -> tuple[EntityId, Changed]:
        async def work(conn: BaseDBAsyncClient) -> tuple[int, int, int]:
            _, rows = await conn.execute_query(
                "SELECT id, version, start_date, end_date, weekdays FROM meeting"
                " WHERE url_code = %s FOR UPDATE",
                [url_code],
            )
            if not rows:
                raise MeetingNotFound(url_code)
            meeting = rows[0]
            date_range = stored_range(
                meeting["start_date"], meeting["end_date"], meeting["weekdays"]
            )
            if date_range is None:
                raise DateRangeNotSet()
            # The count is read after the lock above: every earlier join has committed.
            counted, _ = await conn.execute_query(
                "UPDATE meeting SET version = version + 1 WHERE id = %s"
                " AND (SELECT COUNT(*) FROM participant WHERE meeting_id = %s) < %s",
                [meeting["id"], meeting["id"], max_participants],
            )
            if not counted:
                raise MeetingFull(max_participants)
            try:
                participant_id: int = await conn.execute_insert(
                    "INSERT INTO participant (meeting_id, name, name_key, token_digest, created_at)"
                    " VALUES (%s, %s, %s, %s, UTC_TIMESTAMP(6))",
                    [meeting["id"], name, name_key(name), token_digest],
                )
            except IntegrityError as error:
                raise ParticipantNameTaken(name) from error
            days = date_range.days()
            await conn.execute_query(
                "INSERT INTO participant_date (participant_id, date, enabled, starred) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(days)),
                [
                    value
                    for day in days
                    for value in (participant_id, day, NEW_DAY_ENABLED, NEW_DAY_STARRED)
                ],
            )
            await change_log.append(
                conn,
                url_code,
                ChangeKind.joined,
                payload_sql=JOINED_PAYLOAD,
                joins=" JOIN participant p ON p.meeting_id = m.id",
                where=" AND p.id = %s",
                values=[actor(Role.anyone), participant_id],
            )
            return participant_id, meeting["id"], meeting["version"] + 1

        participant_id, meeting_id, version = await self._write(work)
        # Read once the meeting is unlocked: the next join of a crowd need not wait for it.
        entry = await change_log.entry(connection(), meeting_id, version)
        return participant_id, Changed((entry,))

    async def rename_participant(
        self,
        url_code: str,
        participant_id: EntityId,
        name: str,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        key = int_id(participant_id)

        async def work(conn: BaseDBAsyncClient) -> Changed | None:
            # The name and the version change in one statement, as a day does.
            try:
                matched, _ = await conn.execute_query(
                    "UPDATE meeting m JOIN participant p ON p.meeting_id = m.id"
                    " SET m.version = m.version + 1, p.name = %s, p.name_key = %s"
                    " WHERE m.url_code = %s AND p.id = %s AND m.version = COALESCE(%s, m.version)",
                    [name, name_key(name), url_code, key, if_version],
                )
            except IntegrityError as error:
                raise ParticipantNameTaken(name) from error
            if not matched:
                return None
            renamed = as_json(RenamedChange(participant_id=participant_id, name=name))
            await change_log.append(
                conn, url_code, ChangeKind.renamed, values=[actor(by, key), renamed]
            )
            return Changed(await change_log.appended(conn, url_code))

        changed = await self._write(work)
        if changed is None:
            raise await refusal(self, url_code, if_version, ParticipantNotFound(participant_id))
        return changed

    async def remove_participant(
        self,
        url_code: str,
        participant_id: EntityId,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        key = int_id(participant_id)

        async def work(conn: BaseDBAsyncClient) -> Changed:
            await self._bump(conn, url_code, if_version)
            # Logged first, while the participant's name can be read (LeftChange).
            await change_log.append(
                conn,
                url_code,
                ChangeKind.left,
                payload_sql="JSON_OBJECT('participant_id', p.id, 'name', p.name)",
                joins=" JOIN participant p ON p.meeting_id = m.id",
                where=" AND p.id = %s",
                values=[actor(by, key), key],
            )
            # Its dates go with it: ON DELETE CASCADE.
            deleted, _ = await conn.execute_query(
                "DELETE p FROM participant p JOIN meeting m ON m.id = p.meeting_id"
                " WHERE m.url_code = %s AND p.id = %s",
                [url_code, key],
            )
            if not deleted:
                raise ParticipantNotFound(participant_id)  # and the entry is not kept
            return Changed(await change_log.appended(conn, url_code))

        return await self._write(work)

    async def change_day(
        self,
        url_code: str,
        participant_date_id: EntityId,
        flags: DayFlags,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        changes = {
            name: value
            for name, value in (("enabled", flags.enabled), ("starred", flags.starred))
            if value is not None
        }
        assignments = "".join(f", d.{name} = %s" for name in changes)
        key = int_id(participant_date_id)

        async def work(conn: BaseDBAsyncClient) -> Changed | None:
            # The day and the version change in one statement: it locks the meeting's row.
            matched, _ = await conn.execute_query(
                "UPDATE meeting m JOIN participant p ON p.meeting_id = m.id"
                " JOIN participant_date d ON d.participant_id = p.id"
                f" SET m.version = m.version + 1{assignments}"
                " WHERE m.url_code = %s AND d.id = %s AND m.version = COALESCE(%s, m.version)"
                # A meeting with times keeps its days unchanged, for when it has days only.
                " AND m.time_zone IS NULL",
                [*changes.values(), url_code, key, if_version],
            )
            if not matched:
                return None
            # By the participant: the day's own.
            await change_log.append(
                conn,
                url_code,
                ChangeKind.day,
                actor_sql="IF(%s, CAST(p.id AS CHAR), %s)",
                payload_sql=DAY_PAYLOAD,
                joins=DAY_JOINS,
                where=" AND d.id = %s",
                values=[by is Role.participant, by.value, key],
            )
            return Changed(await change_log.appended(conn, url_code))

        changed = await self._write(work)
        if changed is None:
            raise await refusal(
                self, url_code, if_version, ParticipantDateNotFound(participant_date_id, url_code)
            )
        return changed

    async def set_final_date(
        self,
        url_code: str,
        final_date: dt.date | None,
        *,
        by: Role,
        checked_against: DateRange | None,
        if_version: int | None = None,
    ) -> Changed:
        meeting = _meeting(url_code, if_version).filter(time_zone__isnull=True)
        if checked_against is not None:
            meeting = meeting.filter(
                start_date=checked_against.start,
                end_date=checked_against.end,
                weekdays=checked_against.weekday_mask,
            )

        async def work(conn: BaseDBAsyncClient) -> Changed | None:
            changed = await meeting.using_db(conn).update(
                final_date=final_date, version=F("version") + 1
            )
            if not changed:
                return None
            await change_log.append(
                conn,
                url_code,
                ChangeKind.final_date,
                values=[actor(by), as_json(FinalDateChange(final_date=final_date))],
            )
            return Changed(await change_log.appended(conn, url_code))

        changed = await self._write(work)
        if changed is None:
            raise await refusal(self, url_code, if_version, DaysChanged())
        return changed

    async def delete_meeting(self, url_code: str, *, if_version: int | None = None) -> None:
        meeting = _meeting(url_code, if_version)
        # Its participants, their days and its log go with it: ON DELETE CASCADE, in the same
        # statement.
        if not await meeting.delete():
            raise await refusal(self, url_code, if_version)

    async def delete_expired(self, today: dt.date, limit: int) -> list[str]:
        async def work(conn: BaseDBAsyncClient) -> list[str]:
            # SKIP LOCKED: processes sweeping at once take different meetings. (A values_list
            # query would leave the locking clause out.)
            expired = (
                await Meeting.filter(expires_on__lte=today)
                .order_by("expires_on", "id")
                .limit(limit)
                .select_for_update(skip_locked=True)
                .only("id", "url_code")
                .using_db(conn)
            )
            if expired:
                await Meeting.filter(id__in=[m.id for m in expired]).using_db(conn).delete()
            return [meeting.url_code for meeting in expired]

        return await self._write(work)
