"""Business rules that hold whatever the storage: ranges, new days, flag changes, best dates."""

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from app.errors import InvalidInput
from app.meetings.schemas import WEEKDAYS, Weekday

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


class CountedDay(Protocol):
    """A participant's day as the tally sees it: its date as ISO text, and its flags."""

    @property
    def date(self) -> str: ...
    @property
    def enabled(self) -> bool: ...
    @property
    def starred(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class DayTally:
    """Per date (ISO text, which sorts as the dates do): how many participants are available,
    and how many of them starred it. Dates nobody is available on are not counted."""

    available: Counter[str]
    stars: Counter[str]

    @classmethod
    def of(cls, days: Iterable[CountedDay]) -> "DayTally":
        return cls(Counter(), Counter()).changed(added=days)

    def changed(
        self, *, removed: Iterable[CountedDay] = (), added: Iterable[CountedDay] = ()
    ) -> "DayTally":
        """The tally once `removed` no longer count and `added` do."""
        available, stars = self.available.copy(), self.stars.copy()
        for day in removed:
            if day.enabled:
                _take_one(available, day.date)
                if day.starred:
                    _take_one(stars, day.date)
        for day in added:
            if day.enabled:
                available[day.date] += 1
                if day.starred:
                    stars[day.date] += 1
        return DayTally(available, stars)

    def best_dates(self) -> list[str]:
        """Most participants available first, then most stars among them, then earliest."""
        available, stars = self.available, self.stars
        ranked = sorted(available, key=lambda day: (-available[day], -stars[day], day))
        return ranked[:BEST_DATES_LIMIT]


def _take_one(counter: Counter[str], key: str) -> None:
    if counter[key] > 1:
        counter[key] -= 1
    else:
        del counter[key]
