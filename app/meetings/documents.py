"""A meeting's state as the database's own JSON document gives it: plain values, no models.

Reading a meeting that changed elsewhere is the hot read of every process (every GET after
another process wrote, every push to a stream), and validating thousands of days into frozen
models cost four times what the whole read costs otherwise. A store builds this document from
its own database, in the shape and order of a MeetingState, and rendering it takes it on trust.
"""

from typing import TypedDict

JsonId = int | str  # MySQL's integer ids; EdgeDB's UUIDs in their canonical text form


class DayDocument(TypedDict):
    id: JsonId
    date: str  # YYYY-MM-DD
    enabled: bool
    starred: bool


class ParticipantDocument(TypedDict):
    id: JsonId
    name: str
    dates: list[DayDocument]  # by date


class MeetingDocument(TypedDict):
    """Keys in the order a MeetingResponse has them: it is rendered as it is."""

    url_code: str
    title: str
    location: str
    start_date: str | None
    end_date: str | None
    version: int
    participants: list[ParticipantDocument]  # in join order
