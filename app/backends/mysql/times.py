"""TimesStore on MySQL: the grid and answers per slot, each write one transaction with its log
entry, conditional on what the service worked it out from (times.port); paintings that queue up
within the process go in one transaction (paint_batches)."""

import datetime as dt
from collections.abc import Mapping, Sequence

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.queryset import QuerySet

from app.backends.mysql import change_log
from app.backends.mysql.answers import grid_columns, write_answers
from app.backends.mysql.change_log import actor
from app.backends.mysql.connection import is_outage
from app.backends.mysql.models import Meeting, Participant
from app.backends.mysql.store import TortoiseMeetingStore, _meeting
from app.backends.outages import answers_outages, within_deadline
from app.backends.paint_batches import PaintBatches, PaintRequest
from app.changes.entries import (
    AvailabilityChange,
    Changed,
    ChangeEntry,
    ChangeKind,
    FinalTimeChange,
    TimesChange,
    as_json,
)
from app.errors import ParticipantNotFound
from app.kernel.ids import JsonId, int_id
from app.kernel.roles import Role
from app.meetings.locks import KeyedLock
from app.meetings.port import Stale, refusal
from app.times.answers import Painting, overlaid
from app.times.port import SlotsKey


def utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(dt.UTC)


def with_slots(meeting: QuerySet[Meeting], slots: SlotsKey, *, windows: bool) -> QuerySet[Meeting]:
    """The meeting, if its slots (and, with `windows`, their windows) follow from `slots`."""
    columns = grid_columns(slots.grid)
    if not windows:
        del columns["duration_minutes"]
    return meeting.filter(
        start_date=slots.start_date,
        end_date=slots.end_date,
        weekdays=slots.weekday_mask,
        **columns,
    )


def painted_sql(painting: Painting) -> tuple[str, list[object]]:
    """The participant's answers with the painting written over them, as an SQL expression and
    its parameters: padded to every slot, each segment INSERTed, trailing "no"s left out as
    they are stored."""
    expression = "RPAD(COALESCE(p.availability, ''), %s, '0')"
    parameters: list[object] = [painting.length]
    for segment in painting.segments:
        length = segment.stop - segment.first
        expression = f"INSERT({expression}, %s, %s, REPEAT(%s, %s))"
        parameters += [segment.first + 1, length, segment.char, length]
    return f"TRIM(TRAILING '0' FROM {expression})", parameters


@answers_outages("MySQL", is_outage)
class TortoiseTimesStore:
    def __init__(self, meetings: TortoiseMeetingStore) -> None:
        self.meetings = meetings
        self.deadline_seconds = meetings.deadline_seconds
        # Paintings of a meeting take turns within the process, and those that queue up
        # meanwhile go in one transaction. Batches run in tasks of their own, beyond their
        # requests' deadlines.
        self.batches: PaintBatches[int] = PaintBatches(
            within_deadline(self._write_paintings, meetings.deadline_seconds), KeyedLock()
        )

    async def _stale_or(self, url_code: str, if_version: int | None) -> Exception:
        return await refusal(self.meetings, url_code, if_version, Stale())

    async def set_times(
        self,
        url_code: str,
        change: TimesChange,
        answers: Mapping[JsonId, str],
        *,
        by: Role,
        at_version: int,
    ) -> Changed:
        grid = change.times.grid if change.times else None

        async def work(conn: BaseDBAsyncClient) -> Changed | None:
            meeting = await (
                Meeting.filter(url_code=url_code, version=at_version)
                .select_for_update()
                .only("id")
                .using_db(conn)
                .first()
            )
            if meeting is None:
                return None
            await (
                Meeting.filter(id=meeting.id)
                .using_db(conn)
                .update(
                    version=F("version") + 1,
                    final_date=change.final_date,
                    final_time=utc(change.final_time),
                    **grid_columns(grid),
                )
            )
            await write_answers(conn, url_code, answers)
            await change_log.append(
                conn, url_code, ChangeKind.times, values=[actor(by), as_json(change)]
            )
            return Changed(await change_log.appended(conn, url_code))

        changed = await self.meetings._write(work)
        if changed is None:
            raise await self._stale_or(url_code, None)
        return changed

    async def paint(
        self,
        url_code: str,
        slots: SlotsKey,
        painting: Painting,
        change: AvailabilityChange,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        key = int_id(change.participant_id)
        entries: tuple[ChangeEntry, ...] = ()
        if key is not None:
            request = PaintRequest(key, slots, painting, actor(by, key), as_json(change))
            if if_version is None:
                entries = await self.batches.paint(url_code, request)
            else:
                entries = await self.batches.paint_at(url_code, request, if_version)
        if entries:
            return Changed(entries)
        if key is None or not await Participant.filter(id=key, meeting__url_code=url_code).exists():
            raise await refusal(
                self.meetings, url_code, if_version, ParticipantNotFound(change.participant_id)
            )
        raise await self._stale_or(url_code, if_version)

    async def _write_paintings(
        self, url_code: str, requests: Sequence[PaintRequest[int]], if_version: int | None
    ) -> tuple[ChangeEntry, ...]:
        """One transaction for paintings worked out from the same slots; none written when one
        of their participants is not the meeting's or the slots changed."""
        if len(requests) == 1:
            return await self._write_painting(url_code, requests[0], if_version)
        slots = requests[0].slots
        paintings: dict[int, list[Painting]] = {}
        for request in requests:
            paintings.setdefault(request.participant_id, []).append(request.painting)
        cases: list[str] = []
        parameters: list[object] = []
        for participant_id, theirs in paintings.items():
            answers, written = painted_sql(overlaid(theirs))
            cases.append(f"WHEN %s THEN {answers}")
            parameters += [participant_id, *written]
        ids = list(paintings)

        async def work(conn: BaseDBAsyncClient) -> tuple[ChangeEntry, ...]:
            # Locked first, so that the participants counted stay the meeting's.
            meeting = await (
                with_slots(Meeting.filter(url_code=url_code), slots, windows=False)
                .select_for_update()
                .only("id", "version")
                .using_db(conn)
                .first()
            )
            if meeting is None:
                return ()
            found = Participant.filter(meeting_id=meeting.id, id__in=ids).using_db(conn)
            if await found.count() != len(ids):
                return ()
            await (
                Meeting.filter(id=meeting.id)
                .using_db(conn)
                .update(version=F("version") + len(requests))
            )
            await conn.execute_query(
                f"UPDATE participant p SET p.availability = CASE p.id {' '.join(cases)} END"
                f" WHERE p.meeting_id = %s AND p.id IN ({', '.join(['%s'] * len(ids))})",
                [*parameters, meeting.id, *ids],
            )
            await change_log.append_many(
                conn,
                meeting.id,
                meeting.version + 1,
                ChangeKind.availability,
                [(request.actor, request.change) for request in requests],
            )
            return await change_log.appended(conn, url_code, len(requests))

        return await self.meetings._write(work)

    async def _write_painting(
        self, url_code: str, request: PaintRequest[int], if_version: int | None
    ) -> tuple[ChangeEntry, ...]:
        grid, slots = request.slots.grid, request.slots
        answers, written = painted_sql(request.painting)

        async def work(conn: BaseDBAsyncClient) -> tuple[ChangeEntry, ...]:
            # The answers and the version change in one statement, as a day does: it locks the
            # meeting's row, and matches only while the slots are as computed. The segments are
            # written over the answers as they are then, so that paintings never undo another.
            matched, _ = await conn.execute_query(
                "UPDATE meeting m JOIN participant p ON p.meeting_id = m.id"
                f" SET m.version = m.version + 1, p.availability = {answers}"
                " WHERE m.url_code = %s AND p.id = %s AND m.version = COALESCE(%s, m.version)"
                " AND m.start_date <=> %s AND m.end_date <=> %s AND m.weekdays = %s"
                " AND m.time_zone = %s AND m.day_from = %s AND m.day_to = %s"
                " AND m.slot_minutes = %s",
                [
                    *written,
                    url_code,
                    request.participant_id,
                    if_version,
                    slots.start_date,
                    slots.end_date,
                    slots.weekday_mask,
                    grid.time_zone,
                    grid.start_minute,
                    grid.end_minute,
                    grid.slot_minutes,
                ],
            )
            if not matched:
                return ()
            await change_log.append(
                conn,
                url_code,
                ChangeKind.availability,
                values=[request.actor, request.change],
            )
            return await change_log.appended(conn, url_code)

        return await self.meetings._write(work)

    async def set_final_time(
        self,
        url_code: str,
        slots: SlotsKey,
        change: FinalTimeChange,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        meeting = with_slots(_meeting(url_code, if_version), slots, windows=True)

        async def work(conn: BaseDBAsyncClient) -> Changed | None:
            matched = await meeting.using_db(conn).update(
                version=F("version") + 1, final_time=utc(change.final_time)
            )
            if not matched:
                return None
            await change_log.append(
                conn, url_code, ChangeKind.final_time, values=[actor(by), as_json(change)]
            )
            return Changed(await change_log.appended(conn, url_code))

        changed = await self.meetings._write(work)
        if changed is None:
            raise await self._stale_or(url_code, if_version)
        return changed
