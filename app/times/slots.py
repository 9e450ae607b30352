"""The slots a time grid makes on a meeting's days, as instants.

A slot is the instant its wall time starts in the grid's zone. Instants are whole seconds since
the epoch (UTC): they order, compare and subtract as plain ints, and render once per grid.
"""

import bisect
import datetime as dt
import functools
from collections.abc import Sequence
from typing import NamedTuple

from app.times.zones import zone

MINUTES_PER_DAY = 24 * 60


class Grid(NamedTuple):
    time_zone: str
    start_minute: int  # "from", minutes after midnight
    end_minute: int  # "to" (excluded); 1440 is 24:00
    slot_minutes: int
    duration_minutes: int

    @property
    def window_slots(self) -> int:
        return self.duration_minutes // self.slot_minutes


def rfc3339(instant: int) -> str:
    at = dt.datetime.fromtimestamp(instant, dt.UTC)
    # By hand: strftime writes the year 999 as "999", where RFC 3339 has four digits.
    return (
        f"{at.year:04d}-{at.month:02d}-{at.day:02d}T{at.hour:02d}:{at.minute:02d}:{at.second:02d}Z"
    )


class SlotCalendar:
    """Every slot of one grid over some days, in order, and where a window may start."""

    def __init__(self, grid: Grid, instants: tuple[int, ...], days: tuple[int, ...]) -> None:
        self.grid = grid
        self.instants = instants
        self.days = days  # the index of the meeting day each slot falls on
        window = grid.window_slots
        step = grid.slot_minutes * 60
        # follows[i]: how many slots after slot i continue its day, each one step later.
        follows = [0] * len(instants)
        for i in range(len(instants) - 2, -1, -1):
            if days[i + 1] == days[i] and instants[i + 1] - instants[i] == step:
                follows[i] = follows[i + 1] + 1
        self.window_starts: tuple[int, ...] = tuple(
            i for i, after in enumerate(follows) if after >= window - 1
        )
        self._starts = frozenset(self.window_starts)

    def __len__(self) -> int:
        return len(self.instants)

    def span(self, start: float, end: float) -> tuple[int, int]:
        """The slots whose start lies in [start, end), as an index range."""
        return bisect.bisect_left(self.instants, start), bisect.bisect_left(self.instants, end)

    def window_at(self, instant: float) -> int | None:
        """The slot a window starts with at `instant`, if the grid offers such a window."""
        i = bisect.bisect_left(self.instants, instant)
        if i < len(self.instants) and self.instants[i] == instant and i in self._starts:
            return i
        return None

    @functools.cached_property
    def json(self) -> bytes:
        return b"[" + b",".join(b'"%s"' % rfc3339(i).encode() for i in self.instants) + b"]"


def _day_slots(day: dt.date, grid: Grid) -> list[int]:
    where = zone(grid.time_zone)
    found = []
    for minute in range(grid.start_minute, grid.end_minute, grid.slot_minutes):
        wall = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60)
        try:
            # fold=0: a wall time the day has twice is taken at its first occurrence.
            moment = wall.replace(tzinfo=where).astimezone(dt.UTC)
            if moment.astimezone(where).replace(tzinfo=None) != wall:
                continue  # the clocks skip this wall time on this day
        except OverflowError:
            continue  # past the year 9999 in UTC: no instant any API or database holds
        found.append(int(moment.timestamp()))
    return found


@functools.lru_cache(maxsize=256)
def slot_calendar(days: tuple[dt.date, ...], grid: Grid) -> SlotCalendar:
    slots: dict[int, int] = {}
    for n, day in enumerate(days):
        for instant in _day_slots(day, grid):
            slots.setdefault(instant, n)
    ordered = sorted(slots.items())
    return SlotCalendar(grid, tuple(i for i, _ in ordered), tuple(d for _, d in ordered))


def slot_count(days: Sequence[dt.date], grid: Grid) -> int:
    return len(slot_calendar(tuple(days), grid))
