"""The storage port of times: what the times service needs from a database, once per backend.

Answers per slot are stored per participant as a string (answers.py), aligned with the slots
of the meeting's grid and days. Every write here is conditional on what the service computed
it from: the slots (a grid or range that changed meanwhile would misplace every answer) or the
participant's answers as they were; when that no longer holds, nothing changes and Stale is
raised (meetings.port.Stale), and the service works it out again from the latest state.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from app.changes.entries import AvailabilityChange, Changed, FinalTimeChange, TimesChange
from app.kernel.ids import JsonId
from app.kernel.roles import Role
from app.times.answers import Painting
from app.times.slots import Grid


@dataclass(frozen=True, slots=True)
class SlotsKey:
    """What a meeting's slots and windows follow from: its range and its grid."""

    start_date: dt.date | None
    end_date: dt.date | None
    weekday_mask: int
    grid: Grid


class TimesStore(Protocol):
    async def set_times(
        self,
        url_code: str,
        change: TimesChange,
        answers: Mapping[JsonId, str],
        *,
        by: Role,
        at_version: int,
    ) -> Changed:
        """Sets the grid (None: days only), the final date and time as `change` has them and
        the given participants' answers, with a `times` entry, if the meeting is still at
        `at_version`; else Stale (MeetingNotFound for no meeting)."""
        ...

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
        """Writes the painting's segments over the participant's answers (whatever they are
        now: two paintings of one participant at once both land, the later over the earlier),
        with an `availability` entry, if the meeting's slots still follow from `slots`; else
        Stale. Raises MeetingNotFound, MeetingChanged (not at `if_version`),
        ParticipantNotFound (also for one of another meeting)."""
        ...

    async def set_final_time(
        self,
        url_code: str,
        slots: SlotsKey,
        change: FinalTimeChange,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        """Sets or takes back the final time, with a `final_time` entry, if the meeting's slots
        and windows still follow from `slots`; else Stale. Raises MeetingNotFound,
        MeetingChanged."""
        ...
