"""The checks every change passes before anything changes.

- The organiser (the admin token that POST /meetings answered) may make every change.
- A participant (the participant token that their join answered) may rename or remove
  themselves and change their own days.
- Unknown targets are 404 first, as for anyone: an id of another meeting is unknown in this one.
  Then a missing token is 401, and a token that is not one of those allowed is 403.
- A meeting or participant made before tokens existed has no digest: its link alone guards it,
  as it did when it was made.
"""

from app.access.port import TokenDigests, TokenDigestStore
from app.access.tokens import matches
from app.errors import Forbidden, Unauthorized
from app.meetings.schemas import EntityId

ORGANISER_ONLY = "the organiser's token (admin_token)"
PARTICIPANT_OR_ORGANISER = "this participant's token (participant_token) or the organiser's"


class Guard:
    def __init__(self, store: TokenDigestStore) -> None:
        self.store = store

    async def organiser(self, url_code: str, token: str | None) -> None:
        digests = await self.store.meeting_digests(url_code)
        if digests.organiser is not None:
            _require(token, [digests.organiser], ORGANISER_ONLY)

    async def participant(self, url_code: str, participant_id: EntityId, token: str | None) -> None:
        _require_participant(token, await self.store.participant_digests(url_code, participant_id))

    async def day(self, url_code: str, participant_date_id: EntityId, token: str | None) -> None:
        _require_participant(token, await self.store.day_digests(url_code, participant_date_id))


def _require_participant(token: str | None, digests: TokenDigests) -> None:
    if digests.participant is not None:
        _require(token, [digests.participant, digests.organiser], PARTICIPANT_OR_ORGANISER)


def _require(token: str | None, allowed: list[str | None], who: str) -> None:
    if token is None:
        raise Unauthorized(f"this change needs {who}: send it as Authorization: Bearer <token>")
    # Every digest is compared, so the time taken does not tell which one matched.
    if not any([matches(token, digest) for digest in allowed]):
        raise Forbidden(f"the token sent is not {who}")
