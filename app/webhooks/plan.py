"""Which event a subscription delivers next, from the meeting's change log after the version it
delivered: events come in version order, one at a time, and a run of changes that are neither
joins, leaves nor final dates or times is one `meeting.changed`, carrying the latest state.

A new range or grid that takes the final date or time back is a `meeting.final` too. Whether
there was one to take back is known from whether the meeting had one at the delivered version
(`final_set`, which each subscription keeps) and the entries since.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from app.changes.entries import (
    ChangeEntry,
    DateRangeEntry,
    FinalDateEntry,
    FinalTimeEntry,
    JoinedEntry,
    LeftEntry,
    TimesEntry,
)
from app.webhooks.events import EventType


def final_after(entry: ChangeEntry, before: bool) -> bool:
    """Whether the meeting has a final date or time after `entry`, given whether it had one."""
    if isinstance(entry, FinalDateEntry):
        return entry.change.final_date is not None
    if isinstance(entry, FinalTimeEntry):
        return entry.change.final_time is not None
    if isinstance(entry, DateRangeEntry | TimesEntry):
        return entry.change.final_date is not None or entry.change.final_time is not None
    return before


def event_of(entry: ChangeEntry, final_before: bool) -> EventType:
    if isinstance(entry, JoinedEntry):
        return EventType.participant_joined
    if isinstance(entry, LeftEntry):
        return EventType.participant_left
    if isinstance(entry, FinalDateEntry | FinalTimeEntry):
        return EventType.meeting_final
    if final_before and not final_after(entry, final_before):
        return EventType.meeting_final  # a new range or grid took it back
    return EventType.meeting_changed


@dataclass(frozen=True, slots=True)
class NextEvent:
    event: EventType
    first_version: int  # the first version it stands for: its webhook-id, on every attempt
    entry: ChangeEntry  # the entry it is made of: the last of a run of changes
    final_set: bool  # whether the meeting has a final date or time after it

    @property
    def version(self) -> int:
        """Its subscription's delivered version once it is delivered (or dropped)."""
        return self.entry.version


@dataclass(frozen=True, slots=True)
class NoEvent:
    """The entries up to this version hold no event the subscription asked for."""

    up_to: int
    final_set: bool


def next_event(
    entries: Sequence[ChangeEntry], subscribed: Sequence[EventType], final_set: bool
) -> NextEvent | NoEvent | None:
    """The next event to deliver from `entries` (the log after the delivered version, oldest
    first, when the meeting had a final date or time at that version if `final_set`); None
    when there are no entries."""
    final = final_set
    for n, entry in enumerate(entries):
        event = event_of(entry, final)
        final = final_after(entry, final)
        if event not in subscribed:
            continue
        last = n
        if event is EventType.meeting_changed:
            while last + 1 < len(entries) and event_of(entries[last + 1], final) is event:
                last += 1
                final = final_after(entries[last], final)
        return NextEvent(event, entry.version, entries[last], final)
    return NoEvent(entries[-1].version, final) if entries else None
