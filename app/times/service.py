"""The use cases of times: the grid, painting answers per slot, the final time. Each is worked
out from the latest state this process holds and written on condition that what it was worked
out from still holds (times.port); when it no longer does, it is worked out again."""

import datetime as dt

from app.changes.document import MeetingDocument
from app.changes.entries import (
    AvailabilityChange,
    FinalTimeChange,
    StrokeValues,
    TimesChange,
)
from app.errors import InvalidInput, MeetingChanged, MeetingHasNoTimes
from app.kernel.codes import known_shape
from app.kernel.ids import EntityId
from app.meetings.port import Stale
from app.meetings.rendering import if_match_version
from app.meetings.service import ChangeAnswer, MeetingService, NewVersion, Token
from app.times.answers import Painting, Reshape, Stroke, segments
from app.times.port import SlotsKey, TimesStore
from app.times.schemas import AvailabilityUpdate, GridValues, TimesUpdate
from app.times.slots import SlotCalendar, rfc3339

# How many times a change is worked out again when what it was worked out from keeps changing.
ATTEMPTS = 5


def slots_key(doc: MeetingDocument) -> SlotsKey:
    head = doc.head
    date_range = head.date_range
    assert head.times is not None, "a meeting with times"
    return SlotsKey(
        date_range.start if date_range else None,
        date_range.end if date_range else None,
        date_range.weekday_mask if date_range else 0b1111111,
        head.times,
    )


def moment(instant: int | None) -> dt.datetime | None:
    return None if instant is None else dt.datetime.fromtimestamp(instant, dt.UTC)


def kept_final_time(final_time: int | None, calendar: SlotCalendar | None) -> int | None:
    """The final time, if a window of the new slots still starts at it."""
    if final_time is None or calendar is None or calendar.window_at(final_time) is None:
        return None
    return final_time


def check_size(calendar: SlotCalendar | None, max_slots: int, field: str) -> None:
    if calendar is not None and len(calendar) > max_slots:
        raise InvalidInput(
            f"the grid would have {len(calendar)} slots over the meeting's days; at most"
            f" {max_slots} are allowed",
            field=field,
        )


class TimesService:
    def __init__(self, meetings: MeetingService, store: TimesStore) -> None:
        self.meetings = meetings
        self.store = store

    async def set_times(
        self,
        url_code: str,
        body: TimesUpdate | None,
        token: Token,
        if_match: str | None = None,
        *,
        minimal: bool = False,
    ) -> ChangeAnswer:
        """Sets the grid, or (None) makes the meeting days-only again."""
        if_version = if_match_version(if_match)
        by = await self.meetings.guard.organiser(known_shape(url_code), token)
        grid = body.grid if body else None
        for _ in range(ATTEMPTS):
            current = await self.meetings.current_meeting(url_code)
            if if_version is not None and current.version != if_version:
                raise MeetingChanged(current.version)
            doc = current.doc
            if grid is None and doc.head.times is None:
                # Days only already: nothing to change.
                return NewVersion(current.version) if minimal else current
            after = doc.calendar_for(grid)
            check_size(after, self.meetings.max_slots, "slot_minutes")
            reshape = Reshape(doc.calendar, after)
            answers = {
                person.id: moved
                for person in doc.people
                if (moved := reshape(person.answers)) != person.answers
            }
            change = TimesChange(
                times=GridValues.of(grid) if grid else None,
                # A grid settles on a time; days only again, the day is chosen anew.
                final_date=None,
                final_time=moment(kept_final_time(doc.head.final_time, after)),
            )
            try:
                changed = await self.store.set_times(
                    url_code, change, answers, by=by, at_version=doc.version
                )
            except Stale:
                continue
            return await self.meetings.answer(url_code, changed, minimal)
        raise Stale()

    async def paint(
        self,
        url_code: str,
        participant_id: EntityId,
        body: AvailabilityUpdate,
        token: Token,
        if_match: str | None = None,
        *,
        minimal: bool = False,
    ) -> ChangeAnswer:
        if_version = if_match_version(if_match)
        by = await self.meetings.guard.participant(known_shape(url_code), participant_id, token)
        strokes = [Stroke(r.start.timestamp(), r.end.timestamp(), r.state) for r in body.ranges]
        change = AvailabilityChange(
            participant_id=participant_id,
            ranges=tuple(
                StrokeValues(
                    start=r.start.astimezone(dt.UTC), end=r.end.astimezone(dt.UTC), state=r.state
                )
                for r in body.ranges
            ),
        )
        # First from what this process holds (most paints: no read at all), then read again.
        held = self.meetings.kept.latest(url_code)
        for attempt in range(ATTEMPTS):
            if held is None or attempt > 0:
                held = await self.meetings.current_meeting(url_code)
            doc = held.doc
            calendar = doc.calendar
            if calendar is None:
                if attempt == 0:
                    continue  # what is held may be older than the grid
                raise MeetingHasNoTimes()
            painting = Painting(len(calendar), tuple(segments(calendar, strokes)))
            try:
                changed = await self.store.paint(
                    url_code, slots_key(doc), painting, change, by=by, if_version=if_version
                )
            except Stale:
                continue  # the slots changed meanwhile
            return await self.meetings.answer(url_code, changed, minimal)
        raise Stale()

    async def set_final_time(
        self,
        url_code: str,
        start: dt.datetime | None,
        token: Token,
        if_match: str | None = None,
        *,
        minimal: bool = False,
    ) -> ChangeAnswer:
        if_version = if_match_version(if_match)
        by = await self.meetings.guard.organiser(known_shape(url_code), token)
        for _ in range(ATTEMPTS):
            doc = (await self.meetings.current_meeting(url_code)).doc
            calendar = doc.calendar
            if calendar is None:
                raise MeetingHasNoTimes()
            if start is not None and calendar.window_at(start.timestamp()) is None:
                raise InvalidInput(
                    f"{rfc3339(int(start.timestamp()))} is not the start of a window the"
                    " meeting's times offer: one of its slots, followed by enough slots of the"
                    " same day for its duration",
                    field="start",
                )
            change = FinalTimeChange(final_time=None if start is None else start.astimezone(dt.UTC))
            try:
                changed = await self.store.set_final_time(
                    url_code, slots_key(doc), change, by=by, if_version=if_version
                )
            except Stale:
                continue
            return await self.meetings.answer(url_code, changed, minimal)
        raise Stale()
