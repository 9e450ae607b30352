"""A meeting's state held in memory as a document that entries of its log move forward.

A MeetingDocument is immutable: applying an entry makes the next version, which shares every
participant the entry did not touch with the one before. Its body is the exact bytes a full read
of that version answers (`rendering.render_body`), written from the parts: each participant's
JSON is written once and reused by every later version, so a change costs what it changes plus
one concatenation, whatever the meeting's size.
"""

import datetime as dt
import functools
import sys
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import orjson

from app.changes.entries import (
    AvailabilityEntry,
    ChangeEntry,
    CreatedEntry,
    DateRangeEntry,
    DayEntry,
    FinalDateEntry,
    FinalTimeEntry,
    JoinedEntry,
    LeftEntry,
    LocationEntry,
    RenamedEntry,
    TimesEntry,
    TitleEntry,
)
from app.kernel.ids import JsonId, json_id
from app.meetings.rules import DateRange, DayTally
from app.meetings.schemas import ParticipantOut, Weekday
from app.times.answers import NO, Reshape, Stroke, full, painted, segments
from app.times.best import WindowTally
from app.times.schemas import GridValues, minutes
from app.times.slots import Grid, SlotCalendar, rfc3339, slot_calendar


class CannotApply(Exception):
    """The entry does not follow this version, or needs what the document does not hold (the
    ids of days a new range adds): the meeting must be read whole."""


class Day(NamedTuple):
    id: JsonId
    date: str  # ISO
    enabled: bool
    starred: bool


class Person:
    """A participant: its days by date, its answers per slot (stored form: trailing "0"s left
    out), and its JSON written once, when first needed.

    On a meeting with times its days are kept but not shown: they come back with days only."""

    __slots__ = ("_json", "_slots", "answers", "days", "id", "name")

    def __init__(self, id: JsonId, name: str, days: tuple[Day, ...], answers: str = "") -> None:
        self.id = id
        self.name = name
        self.days = days
        self.answers = answers
        self._json: bytes | None = None
        self._slots: int | None = None

    def json(self, slots: int | None = None) -> bytes:
        """As a body writes it: with its days and no answers (`slots` None: days only), or with
        no days and one answer per slot."""
        if self._json is None or self._slots != slots:
            shown: dict[str, Any] = {"id": self.id, "name": self.name}
            if slots is None:
                shown["dates"] = [
                    {"id": d.id, "date": d.date, "enabled": d.enabled, "starred": d.starred}
                    for d in self.days
                ]
                shown["availability"] = None
            else:
                shown["dates"] = []
                shown["availability"] = full(self.answers, slots)
            self._json, self._slots = _kept(orjson.dumps(shown)), slots
        return self._json

    def with_answers(self, answers: str) -> "Person":
        return self if answers == self.answers else Person(self.id, self.name, self.days, answers)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Person):
            return NotImplemented
        return self is other or (
            self.id == other.id
            and self.name == other.name
            and self.days == other.days
            and self.answers == other.answers
        )

    __hash__ = None  # type: ignore[assignment]


def _kept(written: bytes) -> bytes:
    """A copy of exactly its length: orjson's bytes keep the whole buffer it grew to write them
    (8 KB for a 2 KB participant), and a participant's JSON is kept for many versions."""
    return bytes(memoryview(written))


class Head(NamedTuple):
    """The meeting's own values, as a body writes them (dates as ISO text), in a body's order."""

    url_code: str
    title: str
    location: str
    start_date: str | None
    end_date: str | None
    weekdays: tuple[str, ...]
    final_date: str | None
    times: Grid | None
    final_time: int | None  # an instant (seconds since the epoch)
    expires_on: str

    @property
    def date_range(self) -> DateRange | None:
        if self.start_date is None or self.end_date is None:
            return None
        return DateRange(
            dt.date.fromisoformat(self.start_date),
            dt.date.fromisoformat(self.end_date),
            frozenset(Weekday(day) for day in self.weekdays),
        )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _names(weekdays: tuple[Weekday, ...]) -> tuple[str, ...]:
    return tuple(str(day) for day in weekdays)


class MeetingDocument:
    __slots__ = ("_index", "_windows", "head", "people", "tally", "version")

    def __init__(
        self,
        head: Head,
        version: int,
        people: tuple[Person, ...],
        tally: DayTally,
        index: Mapping[JsonId, int] | None = None,
        windows: WindowTally | None = None,
    ) -> None:
        self.head = head
        self.version = version
        self.people = people
        self.tally = tally
        self._index = index
        # The answers per slot counted for best times, when first needed; then moved along by
        # each change of answers, as the tally of days is.
        self._windows = windows

    @classmethod
    def parse(cls, body: bytes) -> "MeetingDocument":
        """From a MeetingState as a database writes it (a grid without its slots, a final time
        as an instant, every participant's days and stored answers), or from the body of a
        days-only meeting."""
        state = orjson.loads(body)
        dates: dict[str, str] = {}  # one string per date, shared by every participant's day
        people = tuple(
            Person(
                p["id"],
                p["name"],
                tuple(
                    Day(d["id"], dates.setdefault(d["date"], d["date"]), d["enabled"], d["starred"])
                    for d in p["dates"]
                ),
                (p["availability"] or "").rstrip(NO),
            )
            for p in state["participants"]
        )
        times = state["times"]
        head = Head(
            state["url_code"],
            state["title"],
            state["location"],
            state["start_date"],
            state["end_date"],
            tuple(state["weekdays"]),
            state["final_date"],
            None if times is None else _grid(times),
            state["final_time"],
            state["expires_on"],
        )
        return cls(head, state["version"], people, DayTally.of(_days(people)))

    @classmethod
    def created(cls, url_code: str, entry: CreatedEntry) -> "MeetingDocument":
        change = entry.change
        head = Head(
            url_code,
            change.title,
            change.location,
            _iso(change.start_date),
            _iso(change.end_date),
            _names(change.weekdays),
            None,
            None,
            None,
            change.expires_on.isoformat(),
        )
        return cls(head, entry.version, (), DayTally.of(()))

    def drop_index(self) -> None:
        """Forgets its own index of participants, rebuilt if ever asked again: a version no
        longer the latest is not applied to, and each join's index is a copy."""
        self._index = None

    @property
    def index(self) -> Mapping[JsonId, int]:
        """Each participant's position, by id."""
        if self._index is None:
            self._index = {person.id: n for n, person in enumerate(self.people)}
        return self._index

    @property
    def calendar(self) -> SlotCalendar | None:
        """The meeting's slots; None for a days-only meeting."""
        return _calendar(self.head.date_range, self.head.times)

    def calendar_for(self, grid: Grid | None) -> SlotCalendar | None:
        """The slots `grid` would make over the meeting's days."""
        return _calendar(self.head.date_range, grid)

    def head_json(self) -> bytes:
        """The body up to its participants: {"url_code":…,"version":N"""
        head = self.head
        calendar = self.calendar
        times: bytes = b"null"
        final_time: bytes = b"null"
        if calendar is not None:
            assert head.times is not None
            grid = GridValues.of(head.times).model_dump_json(by_alias=True).encode()
            times = grid[:-1] + b',"slots":' + calendar.json + b"}"
            if head.final_time is not None:
                end = head.final_time + head.times.duration_minutes * 60
                final_time = orjson.dumps({"start": rfc3339(head.final_time), "end": rfc3339(end)})
        start = orjson.dumps(
            {
                "url_code": head.url_code,
                "title": head.title,
                "location": head.location,
                "start_date": head.start_date,
                "end_date": head.end_date,
                "weekdays": head.weekdays,
                "final_date": head.final_date,
            }
        )[:-1]
        rest = orjson.dumps({"expires_on": head.expires_on, "version": self.version})[1:-1]
        return b"".join([start, b',"times":', times, b',"final_time":', final_time, b",", rest])

    def render(self, before: bytes = b"", after: bytes = b"") -> bytes:
        """The MeetingResponse body of this version, between `before` and `after`, copied
        together once."""
        calendar = self.calendar
        slots = None if calendar is None else len(calendar)
        parts = [before, self.head_json(), b',"participants":[']
        for person in self.people:
            parts += (person.json(slots), b",")
        if self.people:
            parts.pop()
        if calendar is None:
            best_dates, best = orjson.dumps(self.tally.best_dates()), b"[]"
        else:
            best_dates, best = b"[]", self._best_times(calendar)
        parts += (b'],"best_dates":', best_dates, b',"best_times":', best, b"}", after)
        return b"".join(parts)

    def _window_tally(self, calendar: SlotCalendar) -> WindowTally:
        windows, window = self._windows, calendar.grid.window_slots
        if windows is None or (windows.slots, windows.window) != (len(calendar), window):
            answers = (person.answers for person in self.people)
            windows = self._windows = WindowTally.of(answers, len(calendar), window)
        return windows

    def _best_times(self, calendar: SlotCalendar) -> bytes:
        people = [(person.id, person.answers) for person in self.people]
        found = self._window_tally(calendar).best(calendar, people)
        return orjson.dumps(
            [
                {
                    "start": rfc3339(best.start),
                    "end": rfc3339(best.end),
                    "yes": best.yes,
                    "if_need_be": best.if_need_be,
                }
                for best in found
            ]
        )

    def day_count(self) -> int:
        """About how many days its participants have: every one has the meeting's days."""
        return len(self.people) * len(self.people[0].days) if self.people else 0

    def answer_count(self) -> int:
        """How many answers per slot its participants have stored."""
        return sum(len(person.answers) for person in self.people)

    def apply(self, entry: ChangeEntry) -> "MeetingDocument":
        """The next version: this one with the entry's change."""
        if entry.version != self.version + 1:
            raise CannotApply(f"version {entry.version} does not follow {self.version}")
        version = entry.version
        match entry:
            case TitleEntry():
                return self._with(self.head._replace(title=entry.change.title), version)
            case LocationEntry():
                return self._with(self.head._replace(location=entry.change.location), version)
            case FinalDateEntry():
                final_date = _iso(entry.change.final_date)
                return self._with(self.head._replace(final_date=final_date), version)
            case FinalTimeEntry():
                final_time = _instant(entry.change.final_time)
                return self._with(self.head._replace(final_time=final_time), version)
            case DateRangeEntry():
                return self._ranged(entry)
            case TimesEntry():
                return self._timed(entry)
            case JoinedEntry():
                return self._joined(entry.change.participant, version)
            case RenamedEntry():
                n, person = self._person(json_id(entry.change.participant_id))
                renamed = Person(person.id, entry.change.name, person.days, person.answers)
                return self._replaced(n, renamed, version)
            case LeftEntry():
                return self._left(json_id(entry.change.participant_id), version)
            case DayEntry():
                return self._day(entry, version)
            case AvailabilityEntry():
                return self._painted(entry, version)
            case CreatedEntry():
                raise CannotApply("a meeting is created once")

    def _with(self, head: Head, version: int) -> "MeetingDocument":
        """With other values of its own, its days and slots as they are."""
        return MeetingDocument(head, version, self.people, self.tally, self._index, self._windows)

    def _person(self, participant_id: JsonId) -> tuple[int, Person]:
        n = self.index.get(participant_id)
        if n is None:
            raise CannotApply(f"no participant {participant_id}")
        return n, self.people[n]

    def _replaced(self, n: int, person: Person, version: int) -> "MeetingDocument":
        old = self.people[n]
        people = (*self.people[:n], person, *self.people[n + 1 :])
        tally, windows = self.tally, self._windows
        if old.days != person.days:
            tally = tally.changed(removed=old.days, added=person.days)
        if windows is not None:
            windows = windows.changed(removed=old.answers, added=person.answers)
        return MeetingDocument(self.head, version, people, tally, self._index, windows)

    def _joined(self, participant: ParticipantOut, version: int) -> "MeetingDocument":
        person = Person(
            json_id(participant.id),
            participant.name,
            tuple(
                Day(json_id(d.id), sys.intern(d.date.isoformat()), d.enabled, d.starred)
                for d in participant.dates
            ),
        )
        if person.id in self.index:
            raise CannotApply(f"participant {person.id} joined already")
        index = {**self.index, person.id: len(self.people)}
        tally = self.tally.changed(added=person.days)
        # Whoever joins answers "no" to every slot: no window counts them.
        people = (*self.people, person)
        return MeetingDocument(self.head, version, people, tally, index, self._windows)

    def _left(self, participant_id: JsonId, version: int) -> "MeetingDocument":
        n, person = self._person(participant_id)
        people = (*self.people[:n], *self.people[n + 1 :])
        tally = self.tally.changed(removed=person.days)
        windows = None if self._windows is None else self._windows.changed(removed=person.answers)
        return MeetingDocument(self.head, version, people, tally, windows=windows)

    def _day(self, entry: DayEntry, version: int) -> "MeetingDocument":
        change = entry.change
        n, person = self._person(json_id(change.participant_id))
        day_id = json_id(change.participant_date_id)
        for m, day in enumerate(person.days):
            if day.id == day_id:
                changed = day._replace(enabled=change.enabled, starred=change.starred)
                days = (*person.days[:m], changed, *person.days[m + 1 :])
                return self._replaced(
                    n, Person(person.id, person.name, days, person.answers), version
                )
        raise CannotApply(f"no day {day_id} of participant {person.id}")

    def _painted(self, entry: AvailabilityEntry, version: int) -> "MeetingDocument":
        calendar = self.calendar
        if calendar is None:
            raise CannotApply("answers per slot on a meeting without times")
        change = entry.change
        n, person = self._person(json_id(change.participant_id))
        strokes = [Stroke(r.start.timestamp(), r.end.timestamp(), r.state) for r in change.ranges]
        answers = painted(person.answers, len(calendar), segments(calendar, strokes))
        return self._replaced(n, person.with_answers(answers), version)

    def _reshaped(self, head: Head) -> tuple[Person, ...]:
        """The participants with their answers moved to `head`'s slots, slot by slot of the
        same instant."""
        before, after = self.calendar, _calendar(head.date_range, head.times)
        if before is None and after is None:
            return self.people
        reshape = Reshape(before, after)
        return tuple(person.with_answers(reshape(person.answers)) for person in self.people)

    def _timed(self, entry: TimesEntry) -> "MeetingDocument":
        change = entry.change
        head = self.head._replace(
            times=None if change.times is None else change.times.grid,
            final_date=_iso(change.final_date),
            final_time=_instant(change.final_time),
        )
        people = self._reshaped(head)
        return MeetingDocument(head, entry.version, people, self.tally, self._index)

    def _ranged(self, entry: DateRangeEntry) -> "MeetingDocument":
        change = entry.change
        head = self.head._replace(
            start_date=change.start_date.isoformat(),
            end_date=change.end_date.isoformat(),
            weekdays=_names(change.weekdays),
            final_date=_iso(change.final_date),
            final_time=_instant(change.final_time),
            expires_on=change.expires_on.isoformat(),
        )
        if not self.people:
            return MeetingDocument(head, entry.version, (), self.tally, self._index)
        new_range = DateRange(change.start_date, change.end_date, frozenset(change.weekdays))
        days = {day.isoformat() for day in new_range.days()}
        if not days <= {day.date for day in self.people[0].days}:
            # Days are added: their ids are the database's.
            raise CannotApply("the new range adds days")
        people = tuple(
            Person(
                person.id,
                person.name,
                tuple(d for d in person.days if d.date in days),
                person.answers,
            )
            for person in self._reshaped(head)
        )
        return MeetingDocument(head, entry.version, people, DayTally.of(_days(people)), self._index)


def _grid(times: dict[str, Any]) -> Grid:
    """From a grid as a database writes it (wall times in minutes) or as a body does."""
    start, end = times["from"], times["to"]
    return Grid(
        times["time_zone"],
        start if isinstance(start, int) else minutes(start),
        end if isinstance(end, int) else minutes(end),
        times["slot_minutes"],
        times["duration_minutes"],
    )


def _instant(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


@functools.lru_cache(maxsize=256)
def _days_of(date_range: DateRange | None) -> tuple[dt.date, ...]:
    return () if date_range is None else tuple(date_range.days())


def _calendar(date_range: DateRange | None, grid: Grid | None) -> SlotCalendar | None:
    return None if grid is None else slot_calendar(_days_of(date_range), grid)


def _days(people: tuple[Person, ...]) -> Iterator[Day]:
    for person in people:
        yield from person.days
