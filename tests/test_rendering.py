"""A join answered from the kept body plus the new participants is byte for byte the body a
fresh render of the same state gives."""

import datetime as dt
from uuid import uuid4

import orjson
import pytest

from app.meetings.rendering import grown, render, render_body
from app.meetings.schemas import WEEKDAYS, MeetingState, ParticipantDateOut, ParticipantOut

START = dt.date(2026, 12, 30)


def participant(
    name: str, off: frozenset[int] = frozenset(), starred: frozenset[int] = frozenset()
) -> ParticipantOut:
    return ParticipantOut(
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
    )


def state(title: str, version: int, participants: tuple[ParticipantOut, ...]) -> MeetingState:
    return MeetingState(
        url_code="code_-9",
        title=title,
        location='"version":1,"participants":[],"best_dates":[]}',
        start_date=START,
        end_date=START + dt.timedelta(days=4),
        weekdays=WEEKDAYS,
        final_date=START,
        expires_on=START + dt.timedelta(days=94),
        version=version,
        participants=participants,
    )


@pytest.mark.parametrize("title", ["", 'x ],"best_dates":[ "version": 9, \\ é 😀'])
@pytest.mark.parametrize("known", [0, 1, 3])
@pytest.mark.parametrize("added", [1, 2])
def test_a_grown_body_is_the_body_of_the_whole_state(title: str, known: int, added: int) -> None:
    everyone = (
        participant("Ann", off=frozenset({0}), starred=frozenset({1})),
        participant("Bob", starred=frozenset({3, 4})),
        participant("Cid", off=frozenset({1, 2, 3})),
        participant('Dee "D"', off=frozenset({4}), starred=frozenset({0})),
        participant("Eve"),
    )[: known + added]
    kept = render(state(title, 7, everyone[:known]))

    after = grown(kept, 7 + added, everyone[known:])

    whole = render(state(title, 7 + added, everyone))
    assert after.body == whole.body
    assert (after.url_code, after.version, after.tally) == (whole.url_code, 7 + added, whole.tally)


@pytest.mark.parametrize(
    "name", ["Ann", '"date":"2026-12-30","enabled":true,"starred":true}', 'x\\","date":"2027-01-02']
)
def test_a_state_counted_in_its_json_bytes_renders_as_the_validated_state(name: str) -> None:
    """What a store's serialized state becomes: the body, tally and best dates of the models,
    whatever a name that looks like a day holds."""
    everyone = (
        participant(name, off=frozenset({0}), starred=frozenset({1})),
        participant("Bob", off=frozenset({1, 2}), starred=frozenset({3, 4})),
        participant("Cid", off=frozenset({2})),
    )
    whole = render(state(name, 4, everyone))
    state_json = MeetingState.__pydantic_serializer__.to_json(state(name, 4, everyone))

    from_json = render_body("code_-9", 4, state_json)

    assert from_json.body == whole.body
    assert from_json.tally == whole.tally
    assert orjson.loads(from_json.body)["best_dates"] == ["2027-01-02", "2027-01-03", "2026-12-31"]
