"""Who a change is made as."""

import enum


class Role(enum.StrEnum):
    """Whose token a change was admitted with: the organiser's, the participant's own (whose id
    the change log names), or none, where a row made before tokens lets anyone (and every join)."""

    organiser = "organiser"
    participant = "participant"
    anyone = "anyone"
