"""What the access checks need from a database: the digests that guard a meeting, and the
replacement of one."""

from dataclasses import dataclass
from typing import Protocol

from app.kernel.ids import EntityId


@dataclass(frozen=True, slots=True)
class TokenDigests:
    """The digests of the tokens that may change a target. None: the meeting or participant was
    made before tokens existed (a migrated row), and its link alone guards it."""

    organiser: str | None
    participant: str | None
    # How many of the meeting's tokens had been replaced when these were read: they hold while
    # that count is the meeting's.
    tokens_replaced: int


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """Whose token of a meeting a token is, if anyone's."""

    organiser_digest: str | None  # None: the meeting was made before tokens
    participant_holds: bool  # one of the meeting's participants holds it


class TokenDigestStore(Protocol):
    async def meeting_digests(self, url_code: str) -> TokenDigests:
        """The organiser's digest. Raises MeetingNotFound."""
        ...

    async def tokens_replaced(self, url_code: str) -> int:
        """How many of the meeting's tokens were replaced. Raises MeetingNotFound."""
        ...

    async def token_holder(self, url_code: str, token_digest: str) -> TokenHolder:
        """The organiser's digest, and whether a participant of the meeting holds the token
        with this digest. Raises MeetingNotFound."""
        ...

    async def participant_digests(self, url_code: str, participant_id: EntityId) -> TokenDigests:
        """The organiser's and the participant's digests. Raises MeetingNotFound, or
        ParticipantNotFound when the participant is not one of that meeting's."""
        ...

    async def day_digests(self, url_code: str, participant_date_id: EntityId) -> TokenDigests:
        """The organiser's and the day's participant's digests. Raises MeetingNotFound, or
        ParticipantDateNotFound when the day is not one of that meeting's."""
        ...

    async def replace_participant_token(
        self, url_code: str, participant_id: EntityId, by_digest: str, new_digest: str
    ) -> bool:
        """Makes `new_digest` the participant's and counts it in the meeting's tokens_replaced,
        in one statement that matches only while `by_digest` is the participant's or the
        organiser's; whether it did."""
        ...

    async def replace_admin_token(self, url_code: str, by_digest: str, new_digest: str) -> bool:
        """Makes `new_digest` the organiser's and counts it in the meeting's tokens_replaced,
        in one statement that matches only while `by_digest` is the organiser's; whether it
        did."""
        ...
