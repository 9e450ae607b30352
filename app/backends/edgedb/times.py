"""TimesStore on EdgeDB: each write one query with its log entry, conditional on what the
service worked it out from (times.port). Writers of one meeting take turns within the process,
as the meeting store's do, and paintings that queue up meanwhile go in one query
(paint_batches)."""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from app.backends.edgedb import queries
from app.backends.edgedb.connection import is_outage
from app.backends.edgedb.shapes import LoggedEntry, answers_json, entry_of
from app.backends.edgedb.store import EdgeDBMeetingStore, iso
from app.backends.outages import answers_outages, within_deadline
from app.backends.paint_batches import PaintBatches, PaintRequest
from app.changes.entries import (
    AvailabilityChange,
    Changed,
    ChangeEntry,
    FinalTimeChange,
    TimesChange,
    as_json,
)
from app.errors import ParticipantNotFound
from app.kernel.ids import JsonId, uuid_id
from app.kernel.roles import Role
from app.meetings.port import Stale, refusal
from app.times.answers import Painting, overlaid
from app.times.port import SlotsKey


def _actor(by: Role, participant_id: object = None) -> str:
    return str(participant_id) if by is Role.participant else by.value


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(dt.UTC)


def _pieces(painting: Painting) -> tuple[list[tuple[int, int, str]], int]:
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


@answers_outages("EdgeDB", is_outage)
class EdgeDBTimesStore:
    def __init__(self, meetings: EdgeDBMeetingStore) -> None:
        self.meetings = meetings
        self.client = meetings.client
        self.deadline_seconds = meetings.deadline_seconds
        # Batches run in tasks of their own, beyond their requests' deadlines.
        self.batches: PaintBatches[uuid.UUID] = PaintBatches(
            within_deadline(self._write_paintings, meetings.deadline_seconds), meetings.writers
        )

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
        entries: tuple[ChangeEntry, ...] = ()
        if key is not None:
            request = PaintRequest(key, slots, painting, _actor(by, key), as_json(change))
            if if_version is None:
                entries = await self.batches.paint(url_code, request)
            else:
                entries = await self.batches.paint_at(url_code, request, if_version)
        if entries:
            return Changed(entries)
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

    async def _write_paintings(
        self, url_code: str, requests: Sequence[PaintRequest[uuid.UUID]], if_version: int | None
    ) -> tuple[ChangeEntry, ...]:
        """One query for paintings worked out from the same slots: each participant's overlaid
        in order, each painting logged."""
        slots, grid = requests[0].slots, requests[0].slots.grid
        paintings: dict[uuid.UUID, list[Painting]] = {}
        for request in requests:
            paintings.setdefault(request.participant_id, []).append(request.painting)
        pieces: list[tuple[int, int, int, str]] = []
        tails: list[int] = []
        for n, theirs in enumerate(paintings.values()):
            runs, tail = _pieces(overlaid(theirs))
            pieces += [(n, *run) for run in runs]
            tails.append(tail)
        written = await queries.paint(
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
            length=requests[0].painting.length,
            participant_ids=list(paintings),
            pieces=pieces,
            tails=tails,
            logged=[(request.actor, request.change) for request in requests],
        )
        return tuple(entry_of(entry) for entry in written.entries)

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
