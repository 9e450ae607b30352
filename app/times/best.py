"""Best times: the windows the most participants can come to.

A WindowTally counts, for every slot, the participants who said yes to each slot of the window
starting there and those who can come to it (yes or if-need-be to each). The counts are packed
in one int, a 32-bit field per slot (the yes count in its high half, the can-come count in its
low half), so that a participant's answers count in it with one addition of ints and a change
of one participant's answers costs the same in a meeting of 2 as of 500: the best windows are
then its largest fields.
"""

import array
import functools
import sys
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from app.kernel.ids import JsonId
from app.times.answers import NO
from app.times.slots import SlotCalendar

BEST_TIMES_LIMIT = 3

_FIELD_BITS = 32
_HALF_BITS = 16
# A count fills half a field: the settings keep a meeting's participants below this.
MOST_COUNTED = (1 << _HALF_BITS) - 1
# utf-32-le writes each answer as 4 bytes, the answer's character first: each a field, and
# these keep 1 where the answer counts.
_YES = bytes.maketrans(b"012", b"\0\0\1")
_CAN_COME = bytes.maketrans(b"012", b"\0\1\1")


class BestTime(NamedTuple):
    start: int  # instant of the window's first slot
    end: int
    yes: tuple[JsonId, ...]
    if_need_be: tuple[JsonId, ...]


def _fields(answers: str, table: bytes) -> int:
    """1 in the field of every slot whose answer `table` keeps."""
    return int.from_bytes(answers.encode("utf-32-le").translate(table), "little")


def _windows(answers: str, window: int) -> int:
    """One participant's count: 1 in the high half of the fields of the slots that start
    `window` slots of yes, and in the low half of those that start `window` they can come to.
    Whether those slots make a window (one day, one step apart) is the calendar's to say."""
    yes = all_yes = _fields(answers, _YES)
    can = all_can = _fields(answers, _CAN_COME)
    for later in range(1, window):
        shift = later * _FIELD_BITS
        all_yes &= yes >> shift
        all_can &= can >> shift
    return (all_yes << _HALF_BITS) | all_can


@functools.lru_cache(maxsize=256)
def _starts(calendar: SlotCalendar) -> int:
    """Every bit of the fields of the slots a window starts with."""
    whole = (1 << _FIELD_BITS) - 1
    return sum(whole << (i * _FIELD_BITS) for i in calendar.window_starts)


class WindowTally:
    """Every participant's answers counted per window, for one number of slots and one
    window length."""

    __slots__ = ("_packed", "slots", "window")

    def __init__(self, packed: int, slots: int, window: int) -> None:
        self._packed = packed
        self.slots = slots
        self.window = window

    @classmethod
    def of(cls, answers: Iterable[str], slots: int, window: int) -> "WindowTally":
        return cls(sum(_windows(each, window) for each in answers), slots, window)

    def changed(self, removed: str = "", added: str = "") -> "WindowTally":
        """The tally once one participant's answers `removed` are `added` instead (a join
        adds "", a leave removes its answers and adds "")."""
        if removed == added:
            return self
        packed = self._packed - _windows(removed, self.window) + _windows(added, self.window)
        return WindowTally(packed, self.slots, self.window)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WindowTally):
            return NotImplemented
        return (self._packed, self.slots, self.window) == (other._packed, other.slots, other.window)

    __hash__ = None  # type: ignore[assignment]

    def best(
        self,
        calendar: SlotCalendar,
        people: Sequence[tuple[JsonId, str]],
        limit: int = BEST_TIMES_LIMIT,
    ) -> list[BestTime]:
        """Up to `limit` windows: most yes to every slot, then most who can come, then earliest.

        `people` are (id, stored answers) in the order the answer lists participants, the
        same answers this tally counts."""
        counted = (self._packed & _starts(calendar)).to_bytes(self.slots * 4, "little")
        fields = array.array("I", counted)
        if sys.byteorder == "big":
            fields.byteswap()
        # The largest fields, each value's earliest slots first; a field of 0 is a window
        # nobody can come to.
        ranked: list[int] = []
        for value in sorted(set(fields), reverse=True):
            if value == 0 or len(ranked) == limit:
                break
            at = fields.index(value)
            while len(ranked) < limit:
                ranked.append(at)
                try:
                    at = fields.index(value, at + 1)
                except ValueError:
                    break
        return [self._window(calendar, people, i) for i in ranked]

    def _window(
        self, calendar: SlotCalendar, people: Sequence[tuple[JsonId, str]], i: int
    ) -> BestTime:
        all_yes: list[JsonId] = []
        maybe: list[JsonId] = []
        for person, answers in people:
            span = answers[i : i + self.window]
            if len(span) < self.window or NO in span:
                continue
            (maybe if "1" in span else all_yes).append(person)
        start = calendar.instants[i]
        end = start + calendar.grid.duration_minutes * 60
        return BestTime(start, end, tuple(all_yes), tuple(maybe))


def best_times(
    calendar: SlotCalendar, people: Sequence[tuple[JsonId, str]], limit: int = BEST_TIMES_LIMIT
) -> list[BestTime]:
    """The best windows of answers counted afresh (`WindowTally.best`)."""
    answers = (each for _, each in people)
    tally = WindowTally.of(answers, len(calendar), calendar.grid.window_slots)
    return tally.best(calendar, people, limit)
