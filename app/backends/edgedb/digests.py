"""TokenDigestStore on EdgeDB: the digests that guard a meeting, a participant or a day, each
read with one query that also tells an unknown meeting from an unknown participant or day; and
their replacement."""

import edgedb

from app.access.port import TokenDigests, TokenHolder
from app.backends.edgedb import queries
from app.backends.edgedb.connection import is_outage
from app.backends.edgedb.warm_up import NO_OBJECT
from app.backends.outages import answers_outages
from app.errors import MeetingNotFound, ParticipantDateNotFound, ParticipantNotFound
from app.kernel.ids import EntityId, uuid_id


@answers_outages("EdgeDB", is_outage)
class EdgeDBTokenDigests:
    def __init__(self, client: edgedb.AsyncIOClient, deadline_seconds: float) -> None:
        self.client = client
        self.deadline_seconds = deadline_seconds

    async def meeting_digests(self, url_code: str) -> TokenDigests:
        meeting = await queries.meeting_digests(self.client, url_code=url_code)
        if meeting is None:
            raise MeetingNotFound(url_code)
        return TokenDigests(meeting.admin_token_digest, None, meeting.tokens_replaced)

    async def tokens_replaced(self, url_code: str) -> int:
        replaced = await queries.tokens_replaced(self.client, url_code=url_code)
        if replaced is None:
            raise MeetingNotFound(url_code)
        return replaced

    async def token_holder(self, url_code: str, token_digest: str) -> TokenHolder:
        found = await queries.token_holder(self.client, url_code=url_code, digest=token_digest)
        if not found.meeting_found:
            raise MeetingNotFound(url_code)
        return TokenHolder(found.organiser, found.participant_holds)

    async def participant_digests(self, url_code: str, participant_id: EntityId) -> TokenDigests:
        # An integer id names no object: asked as the nil UUID, it finds none.
        key = uuid_id(participant_id) or NO_OBJECT
        found = await queries.participant_digests(
            self.client, url_code=url_code, participant_id=key
        )
        if not found.meeting_found:
            raise MeetingNotFound(url_code)
        if found.participant is None or found.tokens_replaced is None:
            raise ParticipantNotFound(participant_id)
        return TokenDigests(found.organiser, found.participant.token_digest, found.tokens_replaced)

    async def day_digests(self, url_code: str, participant_date_id: EntityId) -> TokenDigests:
        key = uuid_id(participant_date_id) or NO_OBJECT
        found = await queries.day_digests(self.client, url_code=url_code, participant_date_id=key)
        if not found.meeting_found:
            raise MeetingNotFound(url_code)
        if found.day is None or found.tokens_replaced is None:
            raise ParticipantDateNotFound(participant_date_id, url_code)
        return TokenDigests(found.organiser, found.day.participant_digest, found.tokens_replaced)

    async def replace_participant_token(
        self, url_code: str, participant_id: EntityId, by_digest: str, new_digest: str
    ) -> bool:
        key = uuid_id(participant_id)
        if key is None:
            return False
        replaced = await queries.replace_participant_token(
            self.client,
            url_code=url_code,
            participant_id=key,
            by_digest=by_digest,
            new_digest=new_digest,
        )
        return replaced is not None

    async def replace_admin_token(self, url_code: str, by_digest: str, new_digest: str) -> bool:
        replaced = await queries.replace_admin_token(
            self.client, url_code=url_code, by_digest=by_digest, new_digest=new_digest
        )
        return replaced is not None
