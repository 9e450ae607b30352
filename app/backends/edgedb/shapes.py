"""The shapes the EdgeDB queries select (edgedb-py generates a class per query; these
Protocols are what they share), and the MeetingState built from them."""

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Protocol

from app.meetings.port import StoredMeeting
from app.meetings.rules import weekdays_of_mask
from app.meetings.schemas import MeetingState


class Day(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def enabled(self) -> bool: ...
    @property
    def starred(self) -> bool: ...


class Named(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...


class Participant(Named, Protocol):
    @property
    def dates(self) -> Sequence[Day]: ...


class MeetingColumns(StoredMeeting, Protocol):
    """The meeting's own columns as a state query selects them."""

    @property
    def expires_on(self) -> dt.date: ...


class Meeting(MeetingColumns, Protocol):
    """The meeting shape that get_meeting, get_meetings, update_details and add_participant
    select."""

    @property
    def participants(self) -> Sequence[Participant]: ...


class MeetingWithBody(MeetingColumns, Protocol):
    """What state_body selects: the meeting's columns, its participants as JSON text."""

    @property
    def participants_json(self) -> str: ...


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
    }


# How a MeetingState without participants ends: they are its last key.
_NO_PARTICIPANTS = b'"participants":[]}'


def state_json(meeting: MeetingWithBody) -> bytes:
    """The JSON bytes of the meeting's MeetingState, as `render` would write them."""
    head = MeetingState.model_validate({**_state_columns(meeting), "participants": ()})
    without = MeetingState.__pydantic_serializer__.to_json(head)
    assert without.endswith(_NO_PARTICIPANTS), "participants are a MeetingState's last key"
    return b"".join([without[:-2], meeting.participants_json.encode(), b"]}"])


def state_of(
    meeting: Meeting, joined: Participant | None = None, version: int | None = None
) -> MeetingState:
    """The meeting; for a statement that read it while adding `joined` and setting `version`,
    the state right after: with `joined` as its newest participant, at that version."""
    participants = [*meeting.participants, *([joined] if joined is not None else [])]
    # One validation of plain data is cheaper than a model per day.
    return MeetingState.model_validate(
        {
            **_state_columns(meeting),
            "version": meeting.version if version is None else version,
            "participants": [plain_participant(p, p.dates) for p in participants],
        }
    )


def plain_participant(participant: Named, days: Sequence[Day]) -> dict[str, object]:
    """A participant as the plain data its DTO validates from."""
    return {
        "id": participant.id,
        "name": participant.name,
        "dates": [
            {"id": d.id, "date": d.date, "enabled": d.enabled, "starred": d.starred} for d in days
        ],
    }
