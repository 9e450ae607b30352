"""The change log's entries: one per version of a meeting, appended in the transaction that
made that version, saying who changed what to which new values."""

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from app.kernel.dto import Frozen
from app.kernel.ids import EntityId
from app.meetings.schemas import ParticipantOut, Weekday
from app.times.answers import SlotState
from app.times.schemas import GridValues


class ChangeKind(enum.Enum):
    """The kinds of entries, as each entry's `kind` names it."""

    created = "created"
    date_range = "date_range"
    title = "title"
    location = "location"
    final_date = "final_date"
    joined = "joined"
    renamed = "renamed"
    left = "left"
    day = "day"
    times = "times"
    availability = "availability"
    final_time = "final_time"


By = Annotated[
    Literal["organiser", "anyone"] | EntityId,
    Field(
        description='Who made the change: "organiser", the id of the participant whose own token'
        ' made it, or "anyone" (a join, which needs no token).'
    ),
]


# What each kind of change holds: the new values.


class MeetingCreatedChange(Frozen):
    title: str
    location: str
    start_date: dt.date | None
    end_date: dt.date | None
    weekdays: tuple[Weekday, ...]
    expires_on: dt.date


class RangeValues(Frozen):
    """A new range as the organiser sets it: what the final date it leaves is added to."""

    start_date: dt.date
    end_date: dt.date
    weekdays: tuple[Weekday, ...]
    expires_on: dt.date
    final_time: dt.datetime | None = Field(
        default=None,
        description="Taken back when no window of the new days starts at it.",
    )


class DateRangeChange(RangeValues):
    final_date: dt.date | None = Field(description="Taken back when it is not one of the days.")


class TitleChange(Frozen):
    title: str


class LocationChange(Frozen):
    location: str


class FinalDateChange(Frozen):
    final_date: dt.date | None


class JoinedChange(Frozen):
    participant: ParticipantOut


class RenamedChange(Frozen):
    participant_id: EntityId
    name: str


class LeftChange(Frozen):
    participant_id: EntityId
    name: str | None = Field(
        default=None,
        description="The name they had; null in entries logged before it was (December 2026).",
    )


class DayChange(Frozen):
    participant_id: EntityId
    participant_date_id: EntityId
    date: dt.date
    enabled: bool
    starred: bool


class TimesChange(Frozen):
    times: GridValues | None = Field(description="The time grid; null: days only again.")
    final_date: dt.date | None = Field(description="A grid takes the final date back.")
    final_time: dt.datetime | None = Field(
        description="Taken back when no window of the new grid starts at it."
    )


class StrokeValues(Frozen):
    start: dt.datetime
    end: dt.datetime
    state: SlotState


class AvailabilityChange(Frozen):
    participant_id: EntityId
    ranges: tuple[StrokeValues, ...] = Field(description="In UTC, in the order painted.")


class FinalTimeChange(Frozen):
    final_time: dt.datetime | None = Field(description="The chosen window's start.")


class _Entry(Frozen):
    version: int = Field(description="The meeting's version this change made.")
    at: dt.datetime = Field(description="When, in UTC.")
    by: By


class CreatedEntry(_Entry):
    kind: Literal["created"]
    change: MeetingCreatedChange


class DateRangeEntry(_Entry):
    kind: Literal["date_range"]
    change: DateRangeChange


class TitleEntry(_Entry):
    kind: Literal["title"]
    change: TitleChange


class LocationEntry(_Entry):
    kind: Literal["location"]
    change: LocationChange


class FinalDateEntry(_Entry):
    kind: Literal["final_date"]
    change: FinalDateChange


class JoinedEntry(_Entry):
    kind: Literal["joined"]
    change: JoinedChange


class RenamedEntry(_Entry):
    kind: Literal["renamed"]
    change: RenamedChange


class LeftEntry(_Entry):
    kind: Literal["left"]
    change: LeftChange


class DayEntry(_Entry):
    kind: Literal["day"]
    change: DayChange


class TimesEntry(_Entry):
    kind: Literal["times"]
    change: TimesChange


class AvailabilityEntry(_Entry):
    kind: Literal["availability"]
    change: AvailabilityChange


class FinalTimeEntry(_Entry):
    kind: Literal["final_time"]
    change: FinalTimeChange


ChangeEntry = Annotated[
    CreatedEntry
    | DateRangeEntry
    | TitleEntry
    | LocationEntry
    | FinalDateEntry
    | JoinedEntry
    | RenamedEntry
    | LeftEntry
    | DayEntry
    | TimesEntry
    | AvailabilityEntry
    | FinalTimeEntry,
    Field(discriminator="kind"),
]
CHANGE_ENTRY: TypeAdapter[ChangeEntry] = TypeAdapter(ChangeEntry)


def as_json(change: Frozen) -> str:
    """A change's values as a log stores them."""
    return change.model_dump_json(by_alias=True)


def stored_entry(version: int, at: dt.datetime, by: str, kind: str, change: object) -> ChangeEntry:
    """An entry from a log row of either database: `by` as stored ("organiser", "anyone" or the
    participant's id as text), `change` as parsed from its JSON."""
    return CHANGE_ENTRY.validate_python(
        {"version": version, "at": at, "by": by, "kind": kind, "change": change}
    )


class ChangePage(Frozen):
    changes: tuple[ChangeEntry, ...] = Field(description="Oldest first.")
    next: int | None = Field(
        description="The `after` of the next page; null when this page reaches the end."
    )


@dataclass(frozen=True, slots=True)
class Changed:
    """What a change to a meeting left in its log: the entries it appended, oldest first (one
    per version; a batch appends several), the last of them at the meeting's version after it."""

    entries: tuple[ChangeEntry, ...]

    @property
    def version(self) -> int:
        return self.entries[-1].version


@dataclass(frozen=True, slots=True)
class LogExcerpt:
    """A meeting's version and the entries of its log after some version, oldest first: all of
    them up to that version, or the first ones of them when there were more than asked for."""

    version: int
    entries: tuple[ChangeEntry, ...]
