"""The events a webhook subscription may ask for, stored as a bit mask."""

import enum


class EventType(enum.StrEnum):
    participant_joined = "participant.joined"
    participant_left = "participant.left"
    # A final date or time set or taken back, also when a range change drops it.
    meeting_final = "meeting.final"
    # Also when it expires.
    meeting_deleted = "meeting.deleted"
    # Every other change, at most once a second per subscription, with the latest state.
    meeting_changed = "meeting.changed"


ALL_EVENTS = tuple(EventType)


def events_mask(events: tuple[EventType, ...]) -> int:
    """Bit n stands for ALL_EVENTS[n]."""
    return sum(1 << ALL_EVENTS.index(event) for event in set(events))


def events_of(mask: int) -> tuple[EventType, ...]:
    return tuple(event for n, event in enumerate(ALL_EVENTS) if mask & (1 << n))
