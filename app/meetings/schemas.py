"""Frozen DTOs: what the API accepts and answers, shared by every backend."""

import datetime as dt
import enum
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from app.kernel.codes import URL_CODE_PATTERN
from app.kernel.dto import Frozen, RequestBody
from app.kernel.ids import EntityId, JsonEntityId
from app.times.schemas import BestTimeOut, FinalTimeOut, TimesOut

EARLIEST_DATE = dt.date(1000, 1, 1)  # the oldest date both databases store faithfully


def _printable(value: str) -> str:
    # Control characters and lone surrogates cannot be stored by every backend.
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in value):
        raise ValueError("must not contain control characters")
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be blank")
    return value


# The OpenAPI states in patterns exactly what the validators accept, so that neither a text valid
# by the schema is refused for its shape nor one the schema forbids is taken: surrounding
# whitespace (every character `str.strip` removes, tabs and line breaks included) is allowed and
# stripped, lengths count it, and no control character may be left once it is gone.
_CONTROL = r"\x00-\x1f\x7f-\x9f"
STRIPPED_SPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
TEXT_PATTERN = rf"^[{STRIPPED_SPACE}]*[^{_CONTROL}]*[{STRIPPED_SPACE}]*$"
NAME_PATTERN = (
    rf"^[{STRIPPED_SPACE}]*[^{_CONTROL}]*[^{STRIPPED_SPACE}{_CONTROL}][^{_CONTROL}]*"
    rf"[{STRIPPED_SPACE}]*$"
)

ParticipantName = Annotated[
    str,
    Field(min_length=1, max_length=100, json_schema_extra={"pattern": NAME_PATTERN}),
    AfterValidator(str.strip),
    AfterValidator(_not_blank),
    AfterValidator(_printable),
]
MeetingText = Annotated[
    str,
    Field(max_length=255, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(str.strip),
    AfterValidator(_printable),
]
UrlCode = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    Field(json_schema_extra={"pattern": URL_CODE_PATTERN}),
]
MeetingDate = Annotated[
    dt.date,
    Field(
        ge=EARLIEST_DATE,
        description="A date from 1000-01-01 on.",
        json_schema_extra={"pattern": "^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$"},
    ),
]


class Weekday(enum.StrEnum):
    """In the order of the week, from Monday: a date's `weekday()` indexes WEEKDAYS."""

    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


WEEKDAYS = tuple(Weekday)

Weekdays = Annotated[
    tuple[Weekday, ...],
    Field(
        max_length=7,
        description="The weekdays the meeting may fall on; all seven when left out. The"
        " meeting's days are the days of the range on these weekdays.",
        examples=[["mon", "tue", "wed", "thu", "fri"]],
    ),
]


# Requests


class MeetingCreate(RequestBody):
    title: MeetingText = ""
    location: MeetingText = ""
    start_date: MeetingDate | None = None
    end_date: MeetingDate | None = None
    weekdays: Weekdays | None = None


class DateRangeUpdate(RequestBody):
    start_date: MeetingDate
    end_date: MeetingDate
    weekdays: Weekdays | None = None


class FinalDateUpdate(RequestBody):
    date: MeetingDate | None = Field(
        description="One of the meeting's days, or null to take the final date back."
    )


class TitleUpdate(RequestBody):
    title: MeetingText


class LocationUpdate(RequestBody):
    location: MeetingText


class ParticipantCreate(RequestBody):
    meeting_url_code: UrlCode
    name: ParticipantName


class ParticipantRename(RequestBody):
    name: ParticipantName


class ParticipantDateChange(RequestBody):
    participant_date_id: JsonEntityId
    meeting_url_code: UrlCode


# Responses


class ParticipantDateOut(Frozen):
    id: EntityId
    date: dt.date
    enabled: bool
    starred: bool


class ParticipantOut(Frozen):
    id: EntityId
    name: str
    dates: tuple[ParticipantDateOut, ...]


class ParticipantStateOut(ParticipantOut):
    dates: tuple[ParticipantDateOut, ...] = Field(
        description="By date; empty on a meeting with times (kept for when it has days only)."
    )
    availability: str | None = Field(
        description='One answer per slot, in the order of `times.slots`: "2" yes, "1" if need'
        ' be, "0" no. Null on a days-only meeting.',
        examples=["0022221100"],
    )


class MeetingState(Frozen):
    """A meeting as stored, read in one go: participants in join order, dates ascending."""

    url_code: str
    title: str
    location: str
    start_date: dt.date | None
    end_date: dt.date | None
    weekdays: tuple[Weekday, ...] = Field(description="In week order, from Monday.")
    final_date: dt.date | None = Field(description="The day the organiser chose, if any.")
    times: TimesOut | None = Field(
        description="The time grid and its slots; null for a meeting that finds a day only."
    )
    final_time: FinalTimeOut | None = Field(
        description="The window the organiser chose, on a meeting with times."
    )
    expires_on: dt.date = Field(
        description="The day this meeting and everything in it is deleted: a while after its"
        " last day (after its creation while it has no range)."
    )
    version: int
    participants: tuple[ParticipantStateOut, ...]


class MeetingResponse(MeetingState):
    best_dates: tuple[dt.date, ...] = Field(
        description="Up to 3 dates: most participants available, then most stars, then"
        " earliest. Empty on a meeting with times."
    )
    best_times: tuple[BestTimeOut, ...] = Field(
        description="Up to 3 windows of the meeting's duration: most participants with yes to"
        " every slot, then most who can come, then earliest. Empty for a days-only meeting."
    )


class MeetingCreated(MeetingResponse):
    admin_token: str = Field(
        description="The organiser's token, shown only here: send it as"
        " `Authorization: Bearer <admin_token>` to change the meeting or anyone's days."
        " POST /meetings/{url_code}/admin_token replaces it."
    )


class JoinedDate(Frozen):
    id: EntityId
    date: dt.date


class ParticipantJoinedHead(Frozen):
    participant_id: EntityId
    participant_token: str = Field(
        description="This participant's token, shown only here: send it as"
        " `Authorization: Bearer <participant_token>` to rename or remove yourself and to"
        " change your days. POST /meetings/{url_code}/participants/{participant_id}/token"
        " replaces it."
    )
    participant_dates: tuple[JoinedDate, ...]


class ParticipantJoined(ParticipantJoinedHead):
    meeting: MeetingResponse
