"""What the time grid's endpoints accept, and the parts of a meeting's answer about times."""

import datetime as dt
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from app.kernel.dto import Frozen, RequestBody
from app.kernel.ids import EntityId
from app.times.answers import SlotState
from app.times.slots import MINUTES_PER_DAY, Grid
from app.times.zones import zone_names


def refused(reason: str) -> PydanticCustomError:
    """A rule about values that the OpenAPI cannot state: its 422 says what is wrong, like the
    service's own (InvalidInput), without pydantic's "Value error, " before it."""
    return PydanticCustomError("value_error", reason)


def _known_zone(name: str) -> str:
    if name not in zone_names():
        raise refused(f"{name!r} is not an IANA time zone name, like Europe/Berlin")
    return name


def minutes(wall_time: str) -> int:
    """Minutes after midnight of an "HH:MM" ("24:00": 1440)."""
    hours, mins = wall_time.split(":")
    return int(hours) * 60 + int(mins)


def wall_time(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


TimeZoneName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="An IANA time zone name: the slots are wall times there, every day.",
        examples=["Europe/Berlin"],
    ),
    AfterValidator(_known_zone),
]
SlotMinutes = Annotated[
    int, Field(description="15, 30 or 60.", json_schema_extra={"enum": [15, 30, 60]})
]


def _slot_length(value: int) -> int:
    if value not in (15, 30, 60):
        raise refused("must be 15, 30 or 60")
    return value


class GridValues(Frozen):
    """A time grid as the API and the change log write it."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)

    time_zone: TimeZoneName
    from_: str = Field(
        alias="from",
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="The first slot's wall time, HH:MM (included).",
        examples=["09:00"],
    )
    to: str = Field(
        pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
        description="Where the day's slots end, HH:MM or 24:00 (excluded).",
        examples=["18:00"],
    )
    slot_minutes: Annotated[SlotMinutes, AfterValidator(_slot_length)]
    duration_minutes: int = Field(
        ge=15,
        le=MINUTES_PER_DAY,
        description="How long the meeting lasts: a multiple of slot_minutes, at most the"
        " time from `from` to `to`.",
        examples=[60],
    )

    @field_validator("to")
    @classmethod
    def _after_from(cls, to: str, info: ValidationInfo) -> str:
        start = info.data.get("from_")
        if start is not None and minutes(start) >= minutes(to):
            raise refused(f"to ({to}) must be later than from ({start})")
        return to

    @field_validator("duration_minutes")
    @classmethod
    def _fits(cls, duration: int, info: ValidationInfo) -> int:
        slot, start, end = (info.data.get(key) for key in ("slot_minutes", "from_", "to"))
        if slot is not None and duration % slot:
            raise refused(f"must be a multiple of slot_minutes ({slot})")
        if start is not None and end is not None and duration > minutes(end) - minutes(start):
            raise refused(f"must be at most the time from {start} to {end}")
        return duration

    @property
    def grid(self) -> Grid:
        return Grid(
            self.time_zone,
            minutes(self.from_),
            minutes(self.to),
            self.slot_minutes,
            self.duration_minutes,
        )

    @classmethod
    def of(cls, grid: Grid) -> "GridValues":
        return cls.model_validate(
            {
                "time_zone": grid.time_zone,
                "from": wall_time(grid.start_minute),
                "to": wall_time(grid.end_minute),
                "slot_minutes": grid.slot_minutes,
                "duration_minutes": grid.duration_minutes,
            }
        )


class TimesUpdate(GridValues, RequestBody):
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True
    )


class TimesOut(GridValues):
    slots: tuple[str, ...] = Field(
        description="Every slot's start, in order, as a UTC instant (RFC 3339)."
    )


def _in_utc(moment: dt.datetime) -> dt.datetime:
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise refused("must be an instant from year 1 to 9999 in UTC") from None


# An RFC 3339 instant in any offset, held in UTC.
Instant = Annotated[AwareDatetime, AfterValidator(_in_utc)]


class PaintedRange(RequestBody):
    start: AwareDatetime = Field(description="An RFC 3339 instant, any offset.")
    end: AwareDatetime = Field(description="Excluded; not earlier than start.")
    state: SlotState


class AvailabilityUpdate(RequestBody):
    ranges: tuple[PaintedRange, ...] = Field(
        min_length=1,
        max_length=100,
        description="Every slot whose start lies in [start, end) takes the range's state; a"
        " later range wins over an earlier one.",
    )

    # Checked here rather than in each range: a range that fails its own check makes pydantic
    # also report the tuple as too short, which it is not.
    @field_validator("ranges")
    @classmethod
    def _in_utc_and_ordered(cls, ranges: tuple[PaintedRange, ...]) -> tuple[PaintedRange, ...]:
        checked = []
        for number, painted in enumerate(ranges, start=1):
            try:
                start, end = _in_utc(painted.start), _in_utc(painted.end)
            except PydanticCustomError:
                raise refused(
                    f"range {number}: start and end must be instants from year 1 to 9999 in UTC"
                ) from None
            if end < start:
                raise refused(f"range {number}: end must not be earlier than start")
            checked.append(painted.model_copy(update={"start": start, "end": end}))
        return tuple(checked)


class FinalTimeUpdate(RequestBody):
    start: Instant | None = Field(
        description="The start of a window the grid offers, or null to take it back."
    )


class FinalTimeOut(Frozen):
    start: dt.datetime
    end: dt.datetime


class BestTimeOut(Frozen):
    start: dt.datetime
    end: dt.datetime
    yes: tuple[EntityId, ...] = Field(description="Those who said yes to every slot.")
    if_need_be: tuple[EntityId, ...] = Field(
        description="The others who can come: yes or if need be to every slot."
    )
