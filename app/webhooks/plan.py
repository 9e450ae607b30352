"""Which event a subscription delivers next, from the meeting's change log after the version it
delivered: events come in version order, one at a time, and a run of changes that are neither
joins, leaves nor final dates or times is one `meeting.changed`, carrying the latest state."""

from collections.abc import Sequence
from dataclasses import dataclass

from app.changes.entries import (
    ChangeEntry,
    FinalDateEntry,
    FinalTimeEntry,
    JoinedEntry,
    LeftEntry,
)
from app.webhooks.events import EventType


def event_of(entry: ChangeEntry) -> EventType:
    if isinstance(entry, JoinedEntry):
        return EventType.participant_joined
    if isinstance(entry, LeftEntry):
        return EventType.participant_left
    if isinstance(entry, FinalDateEntry | FinalTimeEntry):
        return EventType.meeting_final
    return EventType.meeting_changed


@dataclass(frozen=True, slots=True)
class NextEvent:
    event: EventType
    first_version: int  # the first version it stands for: its webhook-id, on every attempt
    entry: ChangeEntry  # the entry it is made of: the last of a run of changes

    @property
    def version(self) -> int:
        """Its subscription's delivered version once it is delivered (or dropped)."""
        return self.entry.version


@dataclass(frozen=True, slots=True)
class NoEvent:
    """The entries up to this version hold no event the subscription asked for."""

    up_to: int


def next_event(
    entries: Sequence[ChangeEntry], subscribed: Sequence[EventType]
) -> NextEvent | NoEvent | None:
    """The next event to deliver from `entries` (the log after the delivered version, oldest
    first); None when there are none."""
    for n, entry in enumerate(entries):
        event = event_of(entry)
        if event not in subscribed:
            continue
        last = n
        if event is EventType.meeting_changed:
            while last + 1 < len(entries) and event_of(entries[last + 1]) is event:
                last += 1
        return NextEvent(event, entry.version, entries[last])
    return NoEvent(entries[-1].version) if entries else None
