"""The shapes the EdgeDB queries select (edgedb-py generates a class per query; these Protocols
are what they share), and what the store makes of them."""

import datetime as dt
from typing import Protocol

import orjson

from app.changes.entries import ChangeEntry, stored_entry
from app.meetings.port import StoredMeeting
from app.meetings.rules import weekdays_of_mask
from app.meetings.schemas import MeetingState


class MeetingColumns(StoredMeeting, Protocol):
    """The meeting's own columns as a state query selects them."""

    @property
    def expires_on(self) -> dt.date: ...


class MeetingWithBody(MeetingColumns, Protocol):
    """What state_body selects: the meeting's columns, its participants as JSON text."""

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


def _state_columns(meeting: MeetingColumns) -> dict[str, object]:
    """A MeetingState's keys but its participants, from the meeting's columns."""
    return {
        "url_code": meeting.url_code,
        "title": meeting.title,
        "location": meeting.location,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "weekdays": weekdays_of_mask(meeting.weekdays),
        "final_date": meeting.final_date,
        "expires_on": meeting.expires_on,
        "version": meeting.version,
        "participants": (),
    }


# How a MeetingState without participants ends: they are its last key.
_NO_PARTICIPANTS = b'"participants":[]}'


def state_json(meeting: MeetingWithBody) -> bytes:
    """The JSON bytes of the meeting's MeetingState, as a body writes them."""
    head = MeetingState.model_validate(_state_columns(meeting))
    without = MeetingState.__pydantic_serializer__.to_json(head)
    assert without.endswith(_NO_PARTICIPANTS), "participants are a MeetingState's last key"
    return b"".join([without[:-2], meeting.participants_json.encode(), b"]}"])
