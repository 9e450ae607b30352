"""The organiser's final date, the calendar file of it, and deleting a meeting: organiser
changes pass the guard first, like every other change."""

import datetime as dt
from dataclasses import dataclass

from app.errors import InvalidInput, MeetingHasTimes, NotFound
from app.kernel.codes import known_shape
from app.lifecycle.calendar import calendar_file
from app.meetings.port import DaysChanged
from app.meetings.rendering import etag, etag_matches, if_match_version
from app.meetings.rules import DateRange
from app.meetings.service import ChangeAnswer, MeetingService, NotModified, Token

# A final date is checked against the meeting's days, then set only if they are still those:
# a new range in between makes it check again, this many times at most.
FINAL_DATE_ATTEMPTS = 3


class NoFinalDate(NotFound):
    def __init__(self, url_code: str) -> None:
        super().__init__(
            f"meeting with url_code: {url_code} has no final date or time yet: its calendar"
            " file comes once the organiser sets one"
        )


@dataclass(frozen=True, slots=True)
class CalendarFile:
    body: bytes
    etag: str
    final_date: dt.date


def checked_final_date(final_date: dt.date, date_range: DateRange | None) -> DateRange:
    """The meeting's range, when `final_date` is one of its days."""
    if date_range is None:
        raise InvalidInput(
            f"{final_date} is not one of the meeting's days: it has none yet", field="date"
        )
    if not date_range.has(final_date):
        raise InvalidInput(
            f"{final_date} is not one of the meeting's days (from {date_range.start} to"
            f" {date_range.end} on {', '.join(date_range.week_order())})",
            field="date",
        )
    return date_range


class MeetingLifecycle:
    def __init__(self, meetings: MeetingService) -> None:
        self.meetings = meetings
        self.store = meetings.store

    async def set_final_date(
        self,
        url_code: str,
        final_date: dt.date | None,
        token: Token,
        if_match: str | None = None,
        *,
        minimal: bool = False,
    ) -> ChangeAnswer:
        if_version = if_match_version(if_match)
        by = await self.meetings.guard.organiser(known_shape(url_code), token)
        for attempt in range(1, FINAL_DATE_ATTEMPTS + 1):
            meeting = await self.store.meeting_summary(url_code)
            if meeting.has_times:
                raise MeetingHasTimes()
            checked_against = None
            if final_date is not None:
                checked_against = checked_final_date(final_date, meeting.date_range)
            try:
                changed = await self.store.set_final_date(
                    url_code,
                    final_date,
                    by=by,
                    checked_against=checked_against,
                    if_version=if_version,
                )
            except DaysChanged:
                if attempt == FINAL_DATE_ATTEMPTS:
                    raise
                continue
            return await self.meetings.answer(url_code, changed, minimal)
        raise AssertionError("unreachable")

    async def calendar(
        self, url_code: str, if_none_match: str | None = None
    ) -> CalendarFile | NotModified:
        meeting = await self.store.meeting_summary(known_shape(url_code))
        settled: dt.date | tuple[dt.datetime, dt.datetime]
        if meeting.final_time is not None and meeting.duration is not None:
            settled = (meeting.final_time, meeting.final_time + meeting.duration)
            day = meeting.final_time.date()
        elif meeting.final_date is not None:
            settled = day = meeting.final_date
        else:
            raise NoFinalDate(url_code)
        current = etag(meeting.version)
        if if_none_match and etag_matches(if_none_match, current):
            return NotModified(current)
        return CalendarFile(calendar_file(meeting, settled, meeting.changed_at), current, day)

    async def delete_meeting(
        self, url_code: str, token: Token, if_match: str | None = None
    ) -> None:
        if_version = if_match_version(if_match)
        await self.meetings.guard.organiser(known_shape(url_code), token)
        await self.store.delete_meeting(url_code, if_version=if_version)
        self.meetings.forget(url_code)
