"""Business rules that hold whatever the storage: ranges, new days, flag changes, best dates."""

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from app.errors import InvalidInput
from app.meetings.schemas import WEEKDAYS, ParticipantOut, Weekday

BEST_DATES_LIMIT = 3


@dataclass(frozen=True, slots=True)
class DateRange:
    """A meeting's days: the dates from start to end, both included, on its weekdays."""

    start: dt.date
    end: dt.date
    weekdays: frozenset[Weekday] = frozenset(WEEKDAYS)

    @classmethod
    def checked(
        cls,
        start: dt.date,
        end: dt.date,
        max_days: int,
        weekdays: Iterable[Weekday] | None = None,
    ) -> "DateRange":
        if end < start:
            raise InvalidInput(f"end_date {end} is before start_date {start}", field="end_date")
        span = (end - start).days + 1
        if span > max_days:
            raise InvalidInput(
                f"the date range spans {span} days; at most {max_days} days are allowed",
                field="end_date",
            )
        date_range = cls(start, end, frozenset(WEEKDAYS if weekdays is None else weekdays))
        if not date_range.days():
            raise InvalidInput(
                f"no day from {start} to {end} falls on the weekdays given", field="weekdays"
            )
        return date_range

    def days(self) -> list[dt.date]:
        span = (self.end - self.start).days + 1
        every_day = (self.start + dt.timedelta(days=n) for n in range(span))
        return [day for day in every_day if WEEKDAYS[day.weekday()] in self.weekdays]

    def week_order(self) -> tuple[Weekday, ...]:
        return tuple(day for day in WEEKDAYS if day in self.weekdays)

    def has(self, day: dt.date) -> bool:
        return self.start <= day <= self.end and WEEKDAYS[day.weekday()] in self.weekdays

    @property
    def weekday_mask(self) -> int:
        """How the databases store the weekdays: bit n stands for WEEKDAYS[n]."""
        return sum(1 << n for n, day in enumerate(WEEKDAYS) if day in self.weekdays)


ALL_WEEKDAYS_MASK = 0b1111111


def weekdays_of_mask(mask: int) -> tuple[Weekday, ...]:
    """In week order."""
    return tuple(day for n, day in enumerate(WEEKDAYS) if mask & (1 << n))


def stored_range(start: dt.date | None, end: dt.date | None, weekday_mask: int) -> DateRange | None:
    """The range as a database holds it; None while it is not set."""
    if start is None or end is None:
        return None
    return DateRange(start, end, frozenset(weekdays_of_mask(weekday_mask)))


def expiry(last_day: dt.date, retention_days: int) -> dt.date:
    """The day a meeting is deleted: `retention_days` after its last day (its creation day
    while it has no days), or the last day calendars hold."""
    try:
        return last_day + dt.timedelta(days=retention_days)
    except OverflowError:
        return dt.date.max


@dataclass(frozen=True, slots=True)
class DayFlags:
    """How a day's flags change; None leaves a flag as it is."""

    enabled: bool | None
    starred: bool | None


# A day that joins a participant's calendar (on joining, or when the range grows).
NEW_DAY_ENABLED = True
NEW_DAY_STARRED = False


class DayAction(enum.StrEnum):
    on = "on"
    off = "off"
    star = "star"
    unstar = "unstar"

    @property
    def flags(self) -> DayFlags:
        return _ACTION_FLAGS[self]


# Starring implies availability; being unavailable clears the star.
_ACTION_FLAGS = {
    DayAction.on: DayFlags(enabled=True, starred=None),
    DayAction.off: DayFlags(enabled=False, starred=False),
    DayAction.star: DayFlags(enabled=True, starred=True),
    DayAction.unstar: DayFlags(enabled=None, starred=False),
}


def name_key(name: str) -> str:
    """What makes two participant names the same within a meeting."""
    return name.lower()


@dataclass(frozen=True, slots=True)
class DayTally:
    """Per date: how many participants are available, and how many of them starred it."""

    available: Counter[dt.date]
    stars: Counter[dt.date]

    @classmethod
    def of(cls, participants: Iterable[ParticipantOut]) -> "DayTally":
        return cls(Counter(), Counter()).plus(participants)

    def plus(self, participants: Iterable[ParticipantOut]) -> "DayTally":
        available, stars = self.available.copy(), self.stars.copy()
        for participant in participants:
            for day in participant.dates:
                if day.enabled:
                    available[day.date] += 1
                    if day.starred:
                        stars[day.date] += 1
        return DayTally(available, stars)

    def best_dates(self) -> tuple[dt.date, ...]:
        """Most participants available first, then most stars among them, then earliest."""
        available, stars = self.available, self.stars
        ranked = sorted(available, key=lambda day: (-available[day], -stars[day], day))
        return tuple(ranked[:BEST_DATES_LIMIT])
