"""Answers per slot: one character per slot, "2" yes, "1" if need be, "0" no.

A participant's answers are stored as such a string, "0"s at its end left out: one who joined
and answered nothing stores "". Painting and reshaping are pure functions of strings and slot
calendars, so a store writes what they give, and a held meeting applies a logged change by the
same rule.
"""

import enum
from collections.abc import Sequence
from typing import NamedTuple

from app.times.slots import SlotCalendar


class SlotState(enum.StrEnum):
    yes = "yes"
    if_need_be = "if_need_be"
    no = "no"


STATE_CHARS = {SlotState.yes: "2", SlotState.if_need_be: "1", SlotState.no: "0"}
NO = "0"


class Stroke(NamedTuple):
    """One painted range, as instants: every slot whose start lies in [start, end)."""

    start: float
    end: float
    state: SlotState


class Segment(NamedTuple):
    """Slots [first, stop) all set to one character."""

    first: int
    stop: int
    char: str


def segments(calendar: SlotCalendar, strokes: Sequence[Stroke]) -> list[Segment]:
    """What painting `strokes` in order writes (a later stroke wins), as disjoint segments."""
    painted: list[str | None] = [None] * len(calendar)
    low, high = len(calendar), 0
    for stroke in strokes:
        first, stop = calendar.span(stroke.start, stroke.end)
        if first < stop:
            painted[first:stop] = STATE_CHARS[stroke.state] * (stop - first)
            low, high = min(low, first), max(high, stop)
    return _runs(painted, low, high)


def _runs(painted: Sequence[str | None], low: int, high: int) -> list[Segment]:
    """The painted runs of one character between `low` and `high`."""
    found: list[Segment] = []
    i = low
    while i < high:
        char = painted[i]
        if char is None:
            i += 1
            continue
        stop = i + 1
        while stop < high and painted[stop] == char:
            stop += 1
        found.append(Segment(i, stop, char))
        i = stop
    return found


class Painting(NamedTuple):
    """What a painting writes over answers of `length` slots: disjoint segments, in order."""

    length: int
    segments: tuple[Segment, ...]


def overlaid(paintings: Sequence[Painting]) -> Painting:
    """What the paintings (of one length) write one after the other, as one painting."""
    length = paintings[0].length
    painted: list[str | None] = [None] * length
    low, high = length, 0
    for painting in paintings:
        for segment in painting.segments:
            painted[segment.first : segment.stop] = segment.char * (segment.stop - segment.first)
            low, high = min(low, segment.first), max(high, segment.stop)
    return Painting(length, tuple(_runs(painted, low, high)))


def painted(answers: str, length: int, strokes: Sequence[Segment]) -> str:
    """`answers` with the segments written over it (stored form: trailing "0"s left out)."""
    chars = list(answers.ljust(length, NO)[:length])
    for segment in strokes:
        chars[segment.first : segment.stop] = segment.char * (segment.stop - segment.first)
    return "".join(chars).rstrip(NO)


def full(answers: str, length: int) -> str:
    """The answer as shown: one character per slot."""
    return answers.ljust(length, NO)[:length]


class Reshape:
    """Moves answers from one slot calendar to another, slot by slot of the same instant."""

    def __init__(self, before: SlotCalendar | None, after: SlotCalendar | None) -> None:
        old = {} if before is None else {t: i for i, t in enumerate(before.instants)}
        self.sources: list[int] = [] if after is None else [old.get(t, -1) for t in after.instants]
        self.identity = before is not None and before.instants == (
            () if after is None else after.instants
        )

    def __call__(self, answers: str) -> str:
        if self.identity or not answers:
            return answers
        padded = answers + NO
        last = len(answers)
        return "".join(padded[j if 0 <= j < last else last] for j in self.sources).rstrip(NO)
