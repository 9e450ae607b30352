"""The time grid's rules against plain reference implementations, over zones with odd clocks.

The references take the other way round where they can: slots by walking every UTC minute and
reading the wall clock (never asking a zone to place a wall time), best times by checking every
window of every participant.
"""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.times.answers import Reshape, SlotState, Stroke, full, painted, segments
from app.times.best import WindowTally, best_times
from app.times.slots import Grid, rfc3339, slot_calendar
from app.times.zones import zone

ZONES = [
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Apia",
    "America/Santiago",
    "UTC",
]
# Days around the clock changes of those zones (both hemispheres), and some plain ones.
AROUND = [
    dt.date(2027, 3, 14),
    dt.date(2027, 3, 28),
    dt.date(2027, 4, 4),
    dt.date(2027, 9, 5),
    dt.date(2027, 9, 26),
    dt.date(2027, 10, 3),
    dt.date(2027, 10, 31),
    dt.date(2027, 11, 7),
    dt.date(2011, 12, 29),  # Apia skipped 30 December 2011 to cross the date line
]
CHARS = {"yes": "2", "if_need_be": "1", "no": "0"}


def reference_slots(days: list[dt.date], grid: Grid) -> list[tuple[int, int]]:
    """(instant, day index) of every slot, by reading the wall clock at every UTC minute."""
    where = zone(grid.time_zone)
    wanted = {day: n for n, day in enumerate(days)}
    first = dt.datetime.combine(min(days), dt.time(), dt.UTC) - dt.timedelta(days=2)
    last = dt.datetime.combine(max(days), dt.time(), dt.UTC) + dt.timedelta(days=3)
    seen: set[tuple[dt.date, int]] = set()
    found = []
    moment = first
    while moment < last:
        wall = moment.astimezone(where)
        minute = wall.hour * 60 + wall.minute
        key = (wall.date(), minute)
        if (
            wall.date() in wanted
            and grid.start_minute <= minute < grid.end_minute
            and (minute - grid.start_minute) % grid.slot_minutes == 0
            and key not in seen
        ):
            seen.add(key)
            found.append((int(moment.timestamp()), wanted[wall.date()]))
        moment += dt.timedelta(minutes=1)
    return found


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    slot = draw(st.sampled_from([15, 30, 60]))
    start = draw(st.integers(0, 1440 // slot - 1)) * slot + draw(st.sampled_from([0, 0, 5]))
    end = draw(st.integers(start + 1, 1440))
    if end <= start:
        end = start + 1
    duration = slot * draw(st.integers(1, max(1, (end - start) // slot)))
    return Grid(draw(st.sampled_from(ZONES)), start, end, slot, duration)


@st.composite
def day_lists(draw: st.DrawFn) -> list[dt.date]:
    first = draw(st.sampled_from(AROUND)) + dt.timedelta(days=draw(st.integers(-2, 1)))
    count = draw(st.integers(1, 4))
    return [first + dt.timedelta(days=n) for n in range(count)]


@settings(max_examples=150, deadline=None)
@given(grids(), day_lists())
def test_slots_are_the_wall_times_of_each_day_taken_once(grid: Grid, days: list[dt.date]) -> None:
    calendar = slot_calendar(tuple(days), grid)
    expected = reference_slots(days, grid)
    assert list(zip(calendar.instants, calendar.days, strict=True)) == expected


def reference_windows(instants: list[int], days: list[int], grid: Grid) -> list[int]:
    k = grid.window_slots
    return [
        i
        for i in range(len(instants) - k + 1)
        if all(
            days[i + t] == days[i] and instants[i + t] == instants[i] + t * grid.slot_minutes * 60
            for t in range(k)
        )
    ]


@settings(max_examples=150, deadline=None)
@given(grids(), day_lists(), st.data())
def test_best_times_rank_yes_then_can_come_then_earliest(
    grid: Grid, days: list[dt.date], data: st.DataObject
) -> None:
    calendar = slot_calendar(tuple(days), grid)
    n = len(calendar)
    people = [
        (number, data.draw(st.text(alphabet="012", min_size=0, max_size=n)).rstrip("0"))
        for number in range(data.draw(st.integers(0, 5)))
    ]
    k = grid.window_slots
    ranked = []
    for i in reference_windows(list(calendar.instants), list(calendar.days), grid):
        spans = [(p, full(a, n)[i : i + k]) for p, a in people]
        yes = tuple(p for p, s in spans if set(s) == {"2"})
        maybe = tuple(p for p, s in spans if "0" not in s and "1" in s)
        if yes or maybe:
            ranked.append((-len(yes), -len(yes) - len(maybe), i, yes, maybe))
    ranked.sort()
    expected = [
        (calendar.instants[i], calendar.instants[i] + grid.duration_minutes * 60, yes, maybe)
        for _, _, i, yes, maybe in ranked[:3]
    ]
    assert [tuple(b) for b in best_times(calendar, people)] == expected


@settings(max_examples=100, deadline=None)
@given(grids(), day_lists(), st.data())
def test_best_times_moved_along_by_changes_count_as_afresh(
    grid: Grid, days: list[dt.date], data: st.DataObject
) -> None:
    """A held meeting's tally changes with each painting, join and leave: it must count as
    one made from the answers as they end up."""
    calendar = slot_calendar(tuple(days), grid)
    n, k = len(calendar), grid.window_slots
    answers = st.text(alphabet="012", max_size=n).map(lambda a: a.rstrip("0"))
    people = data.draw(st.lists(answers, max_size=4))
    tally = WindowTally.of(people, n, k)
    for _ in range(data.draw(st.integers(1, 8))):
        move = data.draw(st.sampled_from(["paint", "join", "leave"]))
        if move == "join" or not people:
            people.append("")
            continue
        i = data.draw(st.integers(0, len(people) - 1))
        if move == "leave":
            tally = tally.changed(removed=people.pop(i))
        else:
            new = data.draw(answers)
            tally, people[i] = tally.changed(removed=people[i], added=new), new
    assert tally == WindowTally.of(people, n, k)
    listed = list(enumerate(people))
    assert tally.best(calendar, listed) == best_times(calendar, listed)


@settings(max_examples=150, deadline=None)
@given(grids(), day_lists(), st.data())
def test_painting_sets_every_slot_in_a_range_and_later_ranges_win(
    grid: Grid, days: list[dt.date], data: st.DataObject
) -> None:
    calendar = slot_calendar(tuple(days), grid)
    n = len(calendar)
    low, high = (calendar.instants[0], calendar.instants[-1]) if n else (0, 3600)
    moments = st.integers(low - 7200, high + 7200)
    strokes = []
    for _ in range(data.draw(st.integers(1, 6))):
        start, end = sorted((data.draw(moments), data.draw(moments)))
        strokes.append(Stroke(start, end, data.draw(st.sampled_from(list(SlotState)))))
    before = data.draw(st.text(alphabet="012", max_size=n)).rstrip("0")
    expected = list(full(before, n))
    for stroke in strokes:
        for i, instant in enumerate(calendar.instants):
            if stroke.start <= instant < stroke.end:
                expected[i] = CHARS[stroke.state]
    after = painted(before, n, segments(calendar, strokes))
    assert full(after, n) == "".join(expected)
    assert not after.endswith("0")


@settings(max_examples=100, deadline=None)
@given(grids(), grids(), day_lists(), day_lists(), st.data())
def test_reshaping_keeps_answers_of_slots_at_the_same_instant(
    old: Grid, new: Grid, old_days: list[dt.date], new_days: list[dt.date], data: st.DataObject
) -> None:
    before, after = slot_calendar(tuple(old_days), old), slot_calendar(tuple(new_days), new)
    answers = data.draw(st.text(alphabet="012", max_size=len(before))).rstrip("0")
    kept = dict(zip(before.instants, full(answers, len(before)), strict=True))
    moved = Reshape(before, after)(answers)
    assert full(moved, len(after)) == "".join(kept.get(t, "0") for t in after.instants)


BERLIN = Grid("Europe/Berlin", 60, 240, 30, 60)


def test_the_night_the_clocks_go_forward_has_no_slot_for_the_skipped_hour() -> None:
    calendar = slot_calendar((dt.date(2027, 3, 28),), BERLIN)
    # 01:00 and 01:30 CET, then 03:00 and 03:30 CEST: 02:00 and 02:30 do not exist that night.
    assert [rfc3339(t) for t in calendar.instants] == [
        "2027-03-28T00:00:00Z",
        "2027-03-28T00:30:00Z",
        "2027-03-28T01:00:00Z",
        "2027-03-28T01:30:00Z",
    ]
    # 01:30 CET and 03:00 CEST are 30 minutes apart in real time: one window.
    assert calendar.window_starts == (0, 1, 2)


def test_the_night_the_clocks_go_back_counts_the_repeated_hour_once() -> None:
    calendar = slot_calendar((dt.date(2027, 10, 31),), BERLIN)
    # 01:00, 01:30, 02:00 and 02:30 CEST (the first 02:00 and 02:30), then 03:00 and 03:30 CET.
    assert [rfc3339(t) for t in calendar.instants] == [
        "2027-10-30T23:00:00Z",
        "2027-10-30T23:30:00Z",
        "2027-10-31T00:00:00Z",
        "2027-10-31T00:30:00Z",
        "2027-10-31T02:00:00Z",
        "2027-10-31T02:30:00Z",
    ]
    # 02:30 CEST and 03:00 CET are 90 minutes apart: no window joins them.
    assert calendar.window_starts == (0, 1, 2, 4)


def test_lord_howe_moves_its_clocks_by_half_an_hour() -> None:
    # On 3 October 2027 at 02:00 (+10:30) the clocks go to 02:30 (+11:00).
    calendar = slot_calendar((dt.date(2027, 10, 3),), Grid("Australia/Lord_Howe", 60, 180, 30, 30))
    assert [rfc3339(t) for t in calendar.instants] == [
        "2027-10-02T14:30:00Z",
        "2027-10-02T15:00:00Z",
        "2027-10-02T15:30:00Z",
    ]


def test_chatham_is_45_minutes_off_the_hour() -> None:
    calendar = slot_calendar((dt.date(2027, 1, 4),), Grid("Pacific/Chatham", 540, 600, 30, 30))
    assert [rfc3339(t) for t in calendar.instants] == [
        "2027-01-03T19:15:00Z",
        "2027-01-03T19:45:00Z",
    ]


def test_a_day_that_never_happened_has_no_slots() -> None:
    # Samoa went from 29 December 2011 to 31 December 2011.
    grid = Grid("Pacific/Apia", 540, 600, 60, 60)
    calendar = slot_calendar((dt.date(2011, 12, 29), dt.date(2011, 12, 30)), grid)
    assert calendar.days == (0,)
