"""The shapes the EdgeDB queries select (edgedb-py generates a class per query; these Protocols
are what they share), and what the store makes of them."""

import datetime as dt
from collections.abc import Mapping
from typing import Protocol

import orjson

from app.changes.entries import ChangeEntry, stored_entry
from app.kernel.ids import JsonId
from app.meetings.port import StoredMeeting
from app.meetings.rules import weekdays_of_mask


class MeetingColumns(StoredMeeting, Protocol):
    """The meeting's own columns as a state query selects them."""

    @property
    def expires_on(self) -> dt.date: ...


class MeetingWithBody(MeetingColumns, Protocol):
    """What state_body selects: the meeting's columns and grid, its participants as JSON text."""

    @property
    def time_zone(self) -> str | None: ...
    @property
    def day_from(self) -> int | None: ...
    @property
    def day_to(self) -> int | None: ...
    @property
    def slot_minutes(self) -> int | None: ...
    @property
    def duration_minutes(self) -> int | None: ...
    @property
    def final_time_seconds(self) -> int | None: ...
    @property
    def participants_json(self) -> str: ...


class LoggedEntry(Protocol):
    """An entry of the change log, as every change query answers what it appended."""

    @property
    def version(self) -> int: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def change(self) -> str: ...


def entry_of(logged: LoggedEntry) -> ChangeEntry:
    return stored_entry(
        logged.version, logged.at, logged.actor, logged.kind, orjson.loads(logged.change)
    )


def _times(meeting: MeetingWithBody) -> dict[str, object] | None:
    """The grid as a database writes it for MeetingDocument.parse (wall times in minutes)."""
    if meeting.time_zone is None:
        return None
    return {
        "time_zone": meeting.time_zone,
        "from": meeting.day_from,
        "to": meeting.day_to,
        "slot_minutes": meeting.slot_minutes,
        "duration_minutes": meeting.duration_minutes,
    }


def state_json(meeting: MeetingWithBody) -> bytes:
    """The JSON bytes of the meeting's MeetingState, as MySQL's read writes them: for a
    days-only meeting, as a body writes them (changes.document writes its head alike)."""
    head = orjson.dumps(
        {
            "url_code": meeting.url_code,
            "title": meeting.title,
            "location": meeting.location,
            "start_date": meeting.start_date,
            "end_date": meeting.end_date,
            "weekdays": weekdays_of_mask(meeting.weekdays),
            "final_date": meeting.final_date,
            "times": _times(meeting),
            "final_time": meeting.final_time_seconds,
            "expires_on": meeting.expires_on,
            "version": meeting.version,
        }
    )
    return b"".join([head[:-1], b',"participants":[', meeting.participants_json.encode(), b"]}"])


def answers_json(answers: Mapping[JsonId, str]) -> str:
    """Answers per slot by participant, as the queries take them."""
    return orjson.dumps(
        [{"id": str(key), "answers": value} for key, value in answers.items()]
    ).decode()
