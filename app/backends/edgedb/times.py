"""TimesStore on EdgeDB: each write one query with its log entry, conditional on what the
service worked it out from (times.port). Writers of one meeting take turns within the process,
as the meeting store's do."""

import datetime as dt
from collections.abc import Mapping

from app.backends.edgedb import queries
from app.backends.edgedb.shapes import LoggedEntry, answers_json, entry_of
from app.backends.edgedb.store import EdgeDBMeetingStore, iso
from app.changes.entries import (
    AvailabilityChange,
    Changed,
    FinalTimeChange,
    TimesChange,
    as_json,
)
from app.errors import ParticipantNotFound
from app.kernel.ids import JsonId, uuid_id
from app.kernel.roles import Role
from app.meetings.port import Stale, refusal
from app.times.answers import Painting
from app.times.port import SlotsKey


def _actor(by: Role, participant_id: object = None) -> str:
    return str(participant_id) if by is Role.participant else by.value


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(dt.UTC)


def pieces(painting: Painting) -> tuple[list[tuple[int, int, str]], int]:
    """The painting as paint.edgeql takes it: per segment, where the old answers before it
    start, where it starts and its run of characters; then where the old answers' tail
    starts."""
    segments = painting.segments
    kept_from = [0, *(segment.stop for segment in segments[:-1])]
    runs = [
        (kept, segment.first, segment.char * (segment.stop - segment.first))
        for kept, segment in zip(kept_from, segments, strict=True)
    ]
    return runs, segments[-1].stop if segments else 0


class EdgeDBTimesStore:
    def __init__(self, meetings: EdgeDBMeetingStore) -> None:
        self.meetings = meetings
        self.client = meetings.client

    async def _changed(
        self, logged: LoggedEntry | None, url_code: str, if_version: int | None
    ) -> Changed:
        if logged is None:
            raise await refusal(self.meetings, url_code, if_version, Stale())
        return Changed((entry_of(logged),))

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
        async with self.meetings.writers(url_code):
            entry = await queries.set_times(
                self.client,
                url_code=url_code,
                at_version=at_version,
                time_zone=grid.time_zone if grid else None,
                day_from=grid.start_minute if grid else None,
                day_to=grid.end_minute if grid else None,
                slot_minutes=grid.slot_minutes if grid else None,
                duration_minutes=grid.duration_minutes if grid else None,
                final_time=_utc(change.final_time),
                answers=answers_json(answers),
                actor=_actor(by),
                change=as_json(change),
            )
        return await self._changed(entry, url_code, None)

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
        key = uuid_id(change.participant_id)
        grid = slots.grid
        runs, tail = pieces(painting)
        entry = None
        if key is not None:
            async with self.meetings.writers(url_code):
                entry = await queries.paint(
                    self.client,
                    participant_id=key,
                    url_code=url_code,
                    if_version=if_version,
                    start_date=iso(slots.start_date),
                    end_date=iso(slots.end_date),
                    weekdays=slots.weekday_mask,
                    time_zone=grid.time_zone,
                    day_from=grid.start_minute,
                    day_to=grid.end_minute,
                    slot_minutes=grid.slot_minutes,
                    length=painting.length,
                    pieces=runs,
                    tail=tail,
                    actor=_actor(by, key),
                    change=as_json(change),
                )
        if entry is not None:
            return Changed((entry_of(entry),))
        found = None
        if key is not None:
            found = await queries.participant_digests(
                self.client, url_code=url_code, participant_id=key
            )
        if found is None or found.participant is None:
            raise await refusal(
                self.meetings, url_code, if_version, ParticipantNotFound(change.participant_id)
            )
        return await self._changed(None, url_code, if_version)

    async def set_final_time(
        self,
        url_code: str,
        slots: SlotsKey,
        change: FinalTimeChange,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        grid = slots.grid
        async with self.meetings.writers(url_code):
            entry = await queries.set_final_time(
                self.client,
                url_code=url_code,
                if_version=if_version,
                start_date=iso(slots.start_date),
                end_date=iso(slots.end_date),
                weekdays=slots.weekday_mask,
                time_zone=grid.time_zone,
                day_from=grid.start_minute,
                day_to=grid.end_minute,
                slot_minutes=grid.slot_minutes,
                duration_minutes=grid.duration_minutes,
                final_time=_utc(change.final_time),
                actor=_actor(by),
                change=as_json(change),
            )
        return await self._changed(entry, url_code, if_version)
