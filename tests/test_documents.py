"""A meeting's body, however it is made: the models' (pydantic), a database's JSON with its days
counted in the bytes, and a document written from its parts, are the same bytes, whatever a
text holds."""

import datetime as dt
from dataclasses import dataclass
from uuid import uuid4

import orjson
import pytest

from app.changes.document import MeetingDocument
from app.meetings.rendering import render_body
from app.meetings.rules import DayTally
from app.meetings.schemas import (
    WEEKDAYS,
    MeetingResponse,
    MeetingState,
    ParticipantDateOut,
    ParticipantStateOut,
)

START = dt.date(2026, 12, 30)


def participant(
    name: str, off: frozenset[int] = frozenset(), starred: frozenset[int] = frozenset()
) -> ParticipantStateOut:
    return ParticipantStateOut(
        id=uuid4(),
        name=name,
        dates=tuple(
            ParticipantDateOut(
                id=uuid4(),
                date=START + dt.timedelta(days=n),
                enabled=n not in off,
                starred=n in starred and n not in off,
            )
            for n in range(5)
        ),
        availability=None,
    )


def state(text: str, participants: tuple[ParticipantStateOut, ...]) -> MeetingState:
    return MeetingState(
        url_code="code_-9",
        title=text,
        location='"version":1,"participants":[],"best_dates":[]}',
        start_date=START,
        end_date=START + dt.timedelta(days=4),
        weekdays=WEEKDAYS,
        final_date=START,
        times=None,
        final_time=None,
        expires_on=START + dt.timedelta(days=94),
        version=4,
        participants=participants,
    )


@dataclass(frozen=True)
class Counted:
    date: str
    enabled: bool
    starred: bool


def models_body(meeting: MeetingState) -> bytes:
    tally = DayTally.of(
        Counted(day.date.isoformat(), day.enabled, day.starred)
        for participant in meeting.participants
        for day in participant.dates
    )
    response = MeetingResponse.model_validate(
        {**dict(meeting), "best_dates": tally.best_dates(), "best_times": ()}
    )
    return MeetingResponse.__pydantic_serializer__.to_json(response)


TEXTS = [
    "Ann",
    '"date":"2026-12-30","enabled":true,"starred":true}',
    'x\\","date":"2027-01-02',
    'x ],"best_dates":[ "version": 9, \\ é 😀',
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_way_of_making_a_body_makes_the_same_bytes(text: str) -> None:
    everyone = (
        participant(text, off=frozenset({0}), starred=frozenset({1})),
        participant("Bob", off=frozenset({1, 2}), starred=frozenset({3, 4})),
        participant("Cid", off=frozenset({2})),
    )
    meeting = state(text, everyone)
    state_json = MeetingState.__pydantic_serializer__.to_json(meeting)

    from_database = render_body(state_json)
    from_document = MeetingDocument.parse(from_database).render()

    assert from_database == models_body(meeting)
    assert from_document == from_database
    assert orjson.loads(from_document)["best_dates"] == ["2027-01-02", "2027-01-03", "2026-12-31"]


def test_a_meeting_without_participants_has_no_best_dates() -> None:
    meeting = state("", ())
    body = render_body(MeetingState.__pydantic_serializer__.to_json(meeting))
    assert body == models_body(meeting) == MeetingDocument.parse(body).render()
    assert orjson.loads(body)["best_dates"] == []
