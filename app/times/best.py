"""Best times: the windows the most participants can come to."""

import re
from collections.abc import Sequence
from typing import NamedTuple

from app.kernel.ids import JsonId
from app.times.answers import NO
from app.times.slots import SlotCalendar

BEST_TIMES_LIMIT = 3

_YES_RUNS = re.compile("2+")
_CAN_RUNS = re.compile("[12]+")


class BestTime(NamedTuple):
    start: int  # instant of the window's first slot
    end: int
    yes: tuple[JsonId, ...]
    if_need_be: tuple[JsonId, ...]


def _covering(runs: re.Pattern[str], answers: str, window: int, counts: list[int]) -> None:
    """Counts, per slot, the windows starting there that lie inside one run: a difference array."""
    for run in runs.finditer(answers):
        last_start = run.end() - window
        if last_start >= run.start():
            counts[run.start()] += 1
            counts[last_start + 1] -= 1


def best_times(
    calendar: SlotCalendar, people: Sequence[tuple[JsonId, str]], limit: int = BEST_TIMES_LIMIT
) -> list[BestTime]:
    """Up to `limit` windows: most yes to every slot, then most who can come, then earliest.

    `people` are (id, stored answers) in the order the answer lists participants.
    """
    window = calendar.grid.window_slots
    size = len(calendar) + 1
    yes, can = [0] * size, [0] * size
    for _, answers in people:
        _covering(_YES_RUNS, answers, window, yes)
        _covering(_CAN_RUNS, answers, window, can)
    for counts in (yes, can):
        total = 0
        for i in range(size):
            total += counts[i]
            counts[i] = total
    ranked = sorted(
        (i for i in calendar.window_starts if can[i] > 0), key=lambda i: (-yes[i], -can[i], i)
    )[:limit]
    found = []
    for i in ranked:
        all_yes: list[JsonId] = []
        maybe: list[JsonId] = []
        for person, answers in people:
            span = answers[i : i + window]
            if len(span) < window or NO in span:
                continue
            (maybe if "1" in span else all_yes).append(person)
        start = calendar.instants[i]
        end = start + calendar.grid.duration_minutes * 60
        found.append(BestTime(start, end, tuple(all_yes), tuple(maybe)))
    return found
